import ArgumentParser
import Kennis

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

struct ImportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import",
        abstract: "Append JSON Lines events or CSV rows, all or nothing.",
        discussion: """
            Each file holds one event per line in the format of docs/events.md (blank lines and lines \
            starting with // are skipped). All files of one invocation are appended as one batch: if any \
            line of any file is bad, nothing is written and the error names FILE:LINE and the field. \
            Use - to read standard input. Creates the database if it does not exist.

            With --batch-size N, every line is still checked before anything is written, but the events \
            are then committed N at a time (each commit printed as "committed seq A–B"), so a crash or \
            a kill keeps the parts already committed: for loads too large for one transaction.

            CSV (--format csv, or every file named *.csv or a directory of them): the layout of \
            neo4j-admin's import, which `kennis export --format csv` writes — node files with an id column \
            (@id:ID, or name:ID to keep it as a property too) and :LABEL (the first label the kind), \
            relationship files with :START_ID, :END_ID, :TYPE and an optional @id; property columns typed \
            in the header (h_index:long, born:date, aliases:string[] with ; between items). Every node file \
            is read before any relationship file. Who recorded a row and from where come from the @actor, \
            @source and @note columns, else from --actor, --source and --note. A bad row names \
            FILE:LINE:COLUMN and the column's header (docs/interchange.md).

            --dry-run reads and checks everything against the database as an append would, prints the \
            events that would be appended as JSON Lines, and writes nothing.

            Examples:
              kennis import events/*.jsonl
              tools/generate --entities 1000 | kennis import -
              kennis import --format csv people.csv affiliations.csv --source https://example.org/staff
              kennis import --dry-run exported-csv/ | head
            """
    )

    @OptionGroup var database: DatabaseOptions

    @Option(help: "The files' format: jsonl or csv (by default csv when every file is *.csv or a directory).")
    var format: ImportFormat?

    @Option(help: "Record this actor on events that do not name one.")
    var actor: String?

    @Option(help: "Record this source (a URL or citation) on events that do not name one.")
    var source: String?

    @Option(help: "Record this note on events that do not have one.")
    var note: String?

    @Flag(help: "Check everything and print the events that would be appended; write nothing.")
    var dryRun = false

    @Flag(name: .shortAndLong, help: "Print nothing on success.")
    var quiet = false

    @Option(help: ArgumentHelp("Commit every N events instead of all at once (see above).", valueName: "N"))
    var batchSize: Int?

    @Argument(help: ArgumentHelp("Files to import (- for standard input; for CSV, directories of *.csv too).", valueName: "file"))
    var files: [String]

    func validate() throws {
        if files.isEmpty { throw ValidationError("name at least one file to import (or - for standard input)") }
        if let batchSize, batchSize < 1 { throw ValidationError("--batch-size must be at least 1") }
        if resolvedFormat == .csv && files.contains("-") { throw ValidationError("CSV is read from files, not standard input") }
        if resolvedFormat == .csv && batchSize != nil { throw ValidationError("--batch-size is for JSON Lines: a CSV import is one batch") }
    }

    /// The format asked for, else what the files' names say.
    private var resolvedFormat: ImportFormat {
        if let format { return format }
        return files.allSatisfy { $0.hasSuffix(".csv") || FileSystem.isDirectory($0) } ? .csv : .jsonl
    }

    /// An import other than plain JSON Lines: CSV (appended as it is decoded, or for a dry run decoded
    /// whole), a dry run, or JSON Lines given a source or note (decoded whole, then appended).
    private func runChecked() throws {
        let db = try database.open(create: true)
        let started = monotonicSeconds()
        let provenance = EventProvenance(actor: actor, source: source, note: note)
        let csv = resolvedFormat == .csv
        let paths = try csv ? csvFiles() : files
        let written: ClosedRange<UInt64>
        do {
            if csv && !dryRun {
                let receipt = try db.importCSV(paths, provenance: provenance)
                written = receipt.firstSeq...receipt.lastSeq
            } else {
                var batch =
                    csv
                    ? try db.decodeCSV(paths, provenance: provenance)
                    : try Database.decode(files.map { $0 == "-" ? ImportSource.standardInput : .file($0) }, actor: actor)
                batch.setProvenance(provenance)
                guard !dryRun else {
                    try csv ? db.checkCSV(batch, from: paths) : db.check(batch)
                    EventPrinter.printJSONLines(batch.events)
                    if !quiet {
                        Terminal.standardError.write("dry run: \(counted(batch.count, "event")) would be appended; nothing was written\n")
                    }
                    return
                }
                written = try append(batch, to: db)
            }
        } catch {
            throw CommandFailure(oneLine(error))
        }
        if !quiet {
            let seconds = monotonicSeconds() - started
            let what = csv ? "row" : "event"
            let count = written.count
            let rate = seconds > 0 ? Int(Double(count) / seconds) : 0
            print(
                "imported \(counted(count, what)) from \(counted(paths.count, "file")): seq \(written.lowerBound)–\(written.upperBound) (\(rate) \(what)s/s)"
            )
        }
    }

    /// Appends a batch read whole: at once, or with --batch-size in commits of that many events.
    private func append(_ batch: EventBatch, to db: Database) throws -> ClosedRange<UInt64> {
        guard let batchSize else {
            let receipt = try db.append(batch)
            return receipt.firstSeq...receipt.lastSeq
        }
        var written: ClosedRange<UInt64>?
        try db.append(batch, inPartsOf: batchSize) { part in
            // Written straight to the file descriptor: a reader of the pipe sees each commit at once.
            if !quiet { Terminal.standardOutput.write("committed seq \(part.firstSeq)–\(part.lastSeq)\n") }
            written = (written?.lowerBound ?? part.firstSeq)...part.lastSeq
        }
        return written!
    }

    /// The CSV files named, a directory standing for its *.csv files in order of name.
    private func csvFiles() throws -> [String] {
        try files.flatMap { path in
            guard FileSystem.isDirectory(path) else { return [path] }
            let names = try FileSystem.listFiles(in: path).filter { $0.hasSuffix(".csv") }
            guard !names.isEmpty else { throw CommandFailure("\(path) holds no *.csv file") }
            return names.map { path + "/" + $0 }
        }
    }

    func run() throws {
        if dryRun || source != nil || note != nil || resolvedFormat == .csv {
            try runChecked()
            return
        }
        let sources = files.map { $0 == "-" ? ImportSource.standardInput : .file($0) }
        let db = try database.open(create: true)
        let started = monotonicSeconds()
        let bar = ProgressBar("reading", total: totalBytes(of: sources))
        let progress: @Sendable (ImportSource, Int, Int) -> Void = { source, done, total in
            bar.update(done, label: "importing \(source.name)", total: total)
        }
        let written: ClosedRange<UInt64>
        let count: Int
        do {
            defer { bar.finish() }
            if batchSize != nil {
                // Every line is checked first; then the parts are committed one by one.
                let batch = try Database.decode(sources, actor: actor) { source, done, total in progress(source, done, total) }
                (written, count) = (try append(batch, to: db), batch.count)
            } else {
                let receipt = try db.importEvents(from: sources, actor: actor, progress: progress)
                (written, count) = (receipt.firstSeq...receipt.lastSeq, receipt.count)
            }
        } catch {
            throw CommandFailure(oneLine(error))
        }
        if !quiet {
            let seconds = monotonicSeconds() - started
            let rate = seconds > 0 ? Int(Double(count) / seconds) : 0
            print(
                "imported \(counted(count, "event")) from \(counted(files.count, "file")): seq \(written.lowerBound)–\(written.upperBound) (\(rate) events/s)"
            )
        }
    }

    /// Bytes of the named files (standard input counts as nothing: its size is not known ahead).
    private func totalBytes(of sources: [ImportSource]) -> Int {
        sources.reduce(0) { sum, source in
            guard case .file(let path) = source else { return sum }
            var info = stat()
            return sum + (stat(path, &info) == 0 ? Int(info.st_size) : 0)
        }
    }
}

/// The formats `kennis import` reads.
enum ImportFormat: String, ExpressibleByArgument, CaseIterable {
    case jsonl, csv
}
