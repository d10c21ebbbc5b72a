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
        abstract: "Append the events of JSON Lines files, all or nothing.",
        discussion: """
            Each file holds one event per line in the format of docs/events.md (blank lines and lines \
            starting with // are skipped). All files of one invocation are appended as one batch: if any \
            line of any file is bad, nothing is written and the error names FILE:LINE and the field. \
            Use - to read standard input. Creates the database if it does not exist.

            With --batch-size N, every line is still checked before anything is written, but the events \
            are then committed N at a time (each commit printed as "committed seq A–B"), so a crash or \
            a kill keeps the parts already committed: for loads too large for one transaction.

            Examples:
              kennis import events/*.jsonl
              tools/generate --entities 1000 | kennis import -
            """
    )

    @OptionGroup var database: DatabaseOptions

    @Option(help: "Record this actor on events that do not name one.")
    var actor: String?

    @Flag(name: .shortAndLong, help: "Print nothing on success.")
    var quiet = false

    @Option(help: ArgumentHelp("Commit every N events instead of all at once (see above).", valueName: "N"))
    var batchSize: Int?

    @Argument(help: ArgumentHelp("JSON Lines files to import (- for standard input).", valueName: "file"))
    var files: [String]

    func validate() throws {
        if files.isEmpty { throw ValidationError("name at least one file to import (or - for standard input)") }
        if let batchSize, batchSize < 1 { throw ValidationError("--batch-size must be at least 1") }
    }

    func run() throws {
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
            if let batchSize {
                // Every line is checked first; then the parts are committed one by one.
                let batch = try Database.decode(sources, actor: actor) { source, done, total in progress(source, done, total) }
                var range: ClosedRange<UInt64>?
                try db.append(batch, inPartsOf: batchSize) { part in
                    // Written straight to the file descriptor: a reader of the pipe sees each commit at once.
                    if !quiet { Terminal.standardOutput.write("committed seq \(part.firstSeq)–\(part.lastSeq)\n") }
                    range = (range?.lowerBound ?? part.firstSeq)...part.lastSeq
                }
                guard let range else { return }
                (written, count) = (range, batch.count)
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
