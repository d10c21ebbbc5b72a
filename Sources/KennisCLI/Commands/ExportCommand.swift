public import ArgumentParser
import Kennis

extension GraphExportFormat: ExpressibleByArgument {}

struct ExportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export",
        abstract: "Write the graph in a format other tools read: GraphML, GEXF, or events.",
        discussion: """
            The graph now, or --as-of a seq or time, and --valid-at a date for the world as it was then. \
            GraphML (networkx, yEd, Cytoscape, Gephi) and GEXF 1.3 (Gephi, networkx) carry every property as a \
            typed attribute, each node's labels in ":labels" (":Person") and each edge's type in ":type". \
            jsonl is the graph as the shortest JSON Lines of events that rebuilds it (the schema in force, \
            then entity.created and relation.added with ids and properties), for `kennis import` into an \
            empty database. The document is written as it is made, never held whole; with --out it goes to \
            FILE.partial first and becomes FILE only when complete.

            Examples:
              kennis export --format graphml > ecosystem.graphml
              kennis export --format graphml --as-of 357 --out before-the-timeline.graphml
              kennis export --format gexf --valid-at 2024-06-01 --out ecosystem-2024.gexf
              kennis export --format jsonl --as-of 357 --out state-357.jsonl
            """
    )

    @OptionGroup var database: DatabaseOptions
    @OptionGroup var asOf: AsOfOption
    @OptionGroup var validAt: ValidAtOption

    @Option(help: "The format: graphml, gexf or jsonl.")
    var format: GraphExportFormat

    @Option(help: ArgumentHelp("Write to this file (else standard output).", valueName: "file"))
    var out: String?

    func run() throws {
        let db = try database.open()
        let view: GraphView
        do {
            view = try db.view(at: asOf.position).valid(at: validAt.instant)
        } catch {
            throw CommandFailure(oneLine(error))
        }
        switch format.export(view) {
        case .document(let export): try write(export)
        case .files(let export): try write(export)
        }
    }

    private func write(_ export: any GraphExport) throws {
        guard let out else {
            try export.write { Terminal.standardOutput.write($0) }
            return
        }
        let file = try ExportFile(path: out)
        do {
            try export.write { try file.write($0) }
        } catch {
            file.abandon()
            throw error
        }
        try file.finish()
    }

    private func write(_ export: any GraphFilesExport) throws {
        guard let out else { throw CommandFailure("--format \(format.rawValue) writes a directory of files: give --out DIR") }
        var directory = try ExportDirectory(path: out)
        do {
            try export.write { try directory.write($0, $1) }
            try directory.finish()
        } catch {
            directory.abandon()
            throw error
        }
    }
}
