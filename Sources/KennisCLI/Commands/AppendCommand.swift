import ArgumentParser
import Kennis

struct AppendCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "append",
        abstract: "Append events given as an argument or on standard input.",
        discussion: """
            With an argument, appends the event (a JSON object; several may be given, one per line). \
            Without one, reads JSON Lines from standard input. All events form one batch: all are \
            appended or none. Prints the seq range written. Creates the database if it does not exist.

            Examples:
              kennis append '{"type":"entity.created","id":"lab:x","kind":"Lab","props":{"name":"X"}}'
              kennis append --actor steward < corrections.jsonl
            """
    )

    @OptionGroup var database: DatabaseOptions

    @Option(help: "Record this actor on events that do not name one.")
    var actor: String?

    @Argument(help: ArgumentHelp("The event as JSON (default: JSON Lines from standard input).", valueName: "event"))
    var event: String?

    func run() throws {
        let db = try database.open(create: true)
        do {
            let batch: EventBatch
            if let event {
                batch = try Array(event.utf8).withUnsafeBytes { try Database.decode($0, name: "<argument>", actor: actor) }
            } else {
                batch = try Database.decode([.standardInput], actor: actor)
            }
            let receipt = try db.append(batch)
            print(
                receipt.count == 1
                    ? "appended seq \(receipt.firstSeq)" : "appended \(receipt.count) events: seq \(receipt.firstSeq)–\(receipt.lastSeq)")
        } catch {
            throw CommandFailure(oneLine(error))
        }
    }
}
