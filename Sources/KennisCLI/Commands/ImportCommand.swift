import ArgumentParser
import Kennis

struct ImportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import",
        abstract: "Append the events of JSON Lines files, all or nothing.",
        discussion: """
            Each file holds one event per line in the format of spec/EVENTS.md (blank lines and lines \
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
        var bar: ProgressBar?
        let batch: EventBatch
        do {
            batch = try Database.decode(sources, actor: actor) { source, done, total in
                if bar == nil { bar = ProgressBar("reading \(source.name)", total: total) }
                bar?.update(done)
                if done >= total {
                    bar?.finish()
                    bar = nil
                }
            }
        } catch {
            bar?.finish()
            throw CommandFailure(oneLine(error))
        }
        var written: ClosedRange<UInt64>?
        do {
            if let batchSize {
                try db.append(batch, inPartsOf: batchSize) { part in
                    // Written straight to the file descriptor: a reader of the pipe sees each commit at once.
                    if !quiet { Terminal.standardOutput.write("committed seq \(part.firstSeq)–\(part.lastSeq)\n") }
                    written = (written?.lowerBound ?? part.firstSeq)...part.lastSeq
                }
            } else {
                let receipt = try db.append(batch)
                written = receipt.firstSeq...receipt.lastSeq
            }
        } catch {
            throw CommandFailure(oneLine(error))
        }
        if !quiet, let written {
            let seconds = monotonicSeconds() - started
            let rate = seconds > 0 ? Int(Double(batch.count) / seconds) : 0
            print(
                "imported \(counted(batch.count, "event")) from \(counted(files.count, "file")): seq \(written.lowerBound)–\(written.upperBound) (\(rate) events/s)"
            )
        }
    }
}
