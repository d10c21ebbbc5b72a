import ArgumentParser
import Kennis

struct DiffCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "diff",
        abstract: "What changed between two log positions: entities and relationships added, removed and changed.",
        discussion: """
            Each position is a seq or an RFC 3339 time. Lists every entity and relationship that appeared \
            (+), disappeared (-) or changed (~) between the graph at FROM and the graph at TO, with the \
            properties that changed. With --valid-at, both are seen at that valid time: what the log \
            learned between them about the world then. With --world, FROM and TO are valid times (dates \
            or date-times): what changed in the world between them, as the log stands now (or --as-of).

            Examples:
              kennis diff 100 200
              kennis diff 2026-01-01 2026-06-30 --format json
              kennis diff --world 2020-01-01 2024-01-01
              kennis diff 100 200 --valid-at 2023-06-01
            """
    )

    enum Format: String, ExpressibleByArgument, CaseIterable { case text, json }

    @OptionGroup var database: DatabaseOptions

    @Option(help: "text or json.")
    var format: Format = .text

    @OptionGroup var validAt: ValidAtOption
    @OptionGroup var asOf: AsOfOption

    @Flag(help: "FROM and TO are valid times: what changed in the world between them.")
    var world = false

    @Argument(help: ArgumentHelp("The earlier position (seq or time), or valid time with --world.", valueName: "from"))
    var from: String

    @Argument(help: ArgumentHelp("The later position (seq or time), or valid time with --world.", valueName: "to"))
    var to: String

    func validate() throws {
        if world {
            if validAt.instant != nil { throw ValidationError("--world compares two valid times; --valid-at names one") }
            for text in [from, to] where ValidInstant(iso8601: text) == nil {
                throw ValidationError("'\(text)' is not a date or date-time (2024-06-01, 2024-06-01T12:00+02:00)")
            }
        } else {
            if asOf.position != nil { throw ValidationError("--as-of goes with --world; FROM and TO are the positions") }
            for text in [from, to] where LogPosition(text) == nil {
                throw ValidationError("'\(text)' is not a seq or an RFC 3339 time")
            }
        }
    }

    func run() throws {
        let db = try database.open()
        let diff: GraphDiff
        do {
            if world {
                diff = try db.worldDiff(from: ValidInstant(iso8601: from)!, to: ValidInstant(iso8601: to)!, at: asOf.position)
            } else {
                diff = try db.diff(from: LogPosition(from)!, to: LogPosition(to)!, validAt: validAt.instant)
            }
        } catch {
            throw CommandFailure(oneLine(error))
        }
        var out = OutputBuffer(.standardOutput)
        switch format {
        case .json:
            out.append(diff.json + "\n")
        case .text:
            out.append(
                world
                    ? "in the world from \(from) to \(to), as the log stood at seq \(diff.to): "
                    : "from seq \(diff.from) to seq \(diff.to): ")
            out.append("\(counted(diff.entities.count, "entity")) and \(counted(diff.relationships.count, "relationship")) differ\n")
            for change in diff.entities + diff.relationships { out.append(text(change)) }
        }
        out.flush()
    }

    private func text(_ change: GraphDiff.Change) -> String {
        let mark = change.kind == .added ? "+" : change.kind == .removed ? "-" : "~"
        var lines = "\(mark) \(change.id)  \(change.summary)\n"
        if let labels = change.labels {
            lines += "    labels: \(labels.before.joined(separator: ":")) -> \(labels.after.joined(separator: ":"))\n"
        }
        for property in change.properties {
            lines += "    \(property.key): \(property.before.map(describe) ?? "∅") -> \(property.after.map(describe) ?? "∅")\n"
        }
        return lines
    }
}
