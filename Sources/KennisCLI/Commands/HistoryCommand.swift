import ArgumentParser
import Kennis

struct HistoryCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "history",
        abstract: "Print every event that touched one entity or relation, oldest first.",
        discussion: """
            An entity's history holds the events about it and the relations added, changed or removed \
            at either of its ends. Fails if no event touched the id.

            Example:
              kennis history person:carl-moons
            """
    )

    @OptionGroup var database: DatabaseOptions

    @Option(help: "jsonl or table (default: table on a terminal, else jsonl).")
    var format: EventFormat?

    @Argument(help: ArgumentHelp("The entity or relation id.", valueName: "id"))
    var id: String

    func run() throws {
        let count = try printEvents(database: database, filter: EventFilter(entity: id), format: format ?? .automatic)
        if count == 0 { throw CommandFailure("no event touched '\(id)'") }
    }
}
