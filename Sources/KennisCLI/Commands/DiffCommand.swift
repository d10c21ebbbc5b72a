import ArgumentParser
import Kennis

struct DiffCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "diff",
        abstract: "What changed between two log positions: entities and relationships added, removed and changed.",
        discussion: """
            Each position is a seq or an RFC 3339 time. Lists every entity and relationship that appeared \
            (+), disappeared (-) or changed (~) between the graph at FROM and the graph at TO, with the \
            properties that changed.

            Examples:
              kennis diff 100 200
              kennis diff 2026-01-01 2026-06-30 --format json
            """
    )

    enum Format: String, ExpressibleByArgument, CaseIterable { case text, json }

    @OptionGroup var database: DatabaseOptions

    @Option(help: "text or json.")
    var format: Format = .text

    @Argument(help: ArgumentHelp("The earlier position (seq or time).", valueName: "from"))
    var from: PositionArgument

    @Argument(help: ArgumentHelp("The later position (seq or time).", valueName: "to"))
    var to: PositionArgument

    func run() throws {
        let db = try database.open()
        let diff: GraphDiff
        do {
            diff = try db.diff(from: from.position, to: to.position)
        } catch {
            throw CommandFailure(oneLine(error))
        }
        var out = OutputBuffer(.standardOutput)
        switch format {
        case .json:
            out.append(diff.json + "\n")
        case .text:
            out.append("from seq \(diff.from) to seq \(diff.to): ")
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
