import ArgumentParser
import Kennis

/// Parses a `--since`/`--until` value.
struct TimeArgument: ExpressibleByArgument {
    let timestamp: Timestamp
    init?(argument: String) {
        guard let parsed = Timestamp(rfc3339: argument) else { return nil }
        timestamp = parsed
    }
    static var defaultCompletionKind: CompletionKind { .default }
}

struct LogCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "log",
        abstract: "Print events of the log, oldest first.",
        discussion: """
            Prints each event as its input object plus seq, recorded_at and hash (JSON Lines), or as a \
            table. Filters combine: --entity uses the history index, --since/--until the time index. \
            Times are RFC 3339 (2026-01-01T12:00:00Z) or a date (2026-01-01, meaning its midnight UTC).

            Examples:
              kennis log --limit 20
              kennis log --type relation.added --since 2026-01-01 --format jsonl
              kennis log --after 1200 | jq .id
              kennis log --actor steward --since 2026-12-01
            """
    )

    @OptionGroup var database: DatabaseOptions

    @Option(help: "Only events with a seq greater than this.")
    var after: UInt64 = 0

    @Option(help: "At most this many events.")
    var limit: Int?

    @Option(help: "Only events that touched this id (as subject or as a relation's end).")
    var entity: String?

    @Option(
        name: .customLong("type"), parsing: .singleValue,
        help: ArgumentHelp("Only events of this type (repeat or separate with commas).", valueName: "type"))
    var types: [String] = []

    @Option(help: "Only events recorded at or after this time.")
    var since: TimeArgument?

    @Option(help: "Only events recorded at or before this time.")
    var until: TimeArgument?

    @Option(help: "Only events recorded by this actor (as written, e.g. a token's name).")
    var actor: String?

    @Option(help: "jsonl or table (default: table on a terminal, else jsonl).")
    var format: EventFormat?

    func validate() throws {
        if let limit, limit < 0 { throw ValidationError("--limit must not be negative") }
        for name in typeNames where EventType(rawValue: name) == nil {
            throw ValidationError(
                "unknown event type '\(name)'; expected one of \(EventType.allCases.map(\.rawValue).joined(separator: ", "))")
        }
    }

    private var typeNames: [String] { types.flatMap { $0.split(separator: ",").map(String.init) } }

    func run() throws {
        let filter = EventFilter(
            after: after, limit: limit, entity: entity,
            types: typeNames.isEmpty ? nil : Set(typeNames.compactMap(EventType.init(rawValue:))),
            since: since?.timestamp, until: until?.timestamp, actor: actor)
        try printEvents(database: database, filter: filter, format: format ?? .automatic)
    }
}

/// Prints the events `filter` selects; returns how many were printed.
@discardableResult
func printEvents(database: DatabaseOptions, filter: EventFilter, format: EventFormat) throws -> Int {
    let db = try database.open()
    var printer = EventPrinter(format: format)
    var count = 0
    do {
        try db.forEachEvent(matching: filter) { recorded in
            printer.print(recorded)
            count += 1
            return true
        }
    } catch {
        printer.finish()
        throw CommandFailure(oneLine(error))
    }
    printer.finish()
    return count
}
