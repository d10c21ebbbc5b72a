import ArgumentParser
import Kennis

struct ImportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import",
        abstract: "Append the events of JSON Lines files, all or nothing.",
        discussion: """
            Each file holds one event per line in the format of spec/EVENTS.md (blank lines and lines
            starting with // are skipped). All files of one invocation are appended as one batch: if any
            line of any file is bad, nothing is written and the error names FILE:LINE and the field.
            Use - to read standard input. Creates the database if it does not exist.

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

    @Argument(help: ArgumentHelp("JSON Lines files to import (- for standard input).", valueName: "file"))
    var files: [String]

    func validate() throws {
        if files.isEmpty { throw ValidationError("name at least one file to import (or - for standard input)") }
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
        let receipt: AppendReceipt
        do {
            receipt = try db.append(batch)
        } catch {
            throw CommandFailure(oneLine(error))
        }
        if !quiet {
            let seconds = monotonicSeconds() - started
            let rate = seconds > 0 ? Int(Double(receipt.count) / seconds) : 0
            print("imported \(receipt.count) events from \(files.count) file\(files.count == 1 ? "" : "s"): seq \(receipt.firstSeq)–\(receipt.lastSeq) (\(rate) events/s)")
        }
    }
}
