public import ArgumentParser
import Kennis

extension GraphExportFormat: ExpressibleByArgument {}

struct ExportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export",
        abstract: "Write the graph in a format other tools read: GraphML, GEXF, JSON-LD, CSV, or events.",
        discussion: """
            The graph now, or --as-of a seq or time, and --valid-at a date for the world as it was then. \
            GraphML (networkx, yEd, Cytoscape, Gephi) and GEXF 1.3 (Gephi, networkx) carry every property as a \
            typed attribute, each node's labels in ":labels" (":Person") and each edge's type in ":type". \
            jsonld is linked data (rdflib, Jena, GraphDB): entities as IRIs under --base, kinds, relations \
            and properties mapped to schema.org where it has the term, each relationship also as an \
            rdf:Statement with its properties, each element's sources as prov:wasDerivedFrom. csv is a \
            directory (--out DIR) in the layout of neo4j-admin's import, with kuzu-schema.cypher (Kùzu's \
            tables and COPY statements) and neo4j-admin-import.sh beside the files; `kennis import DIR` \
            reads it back. jsonl is the graph as the shortest JSON Lines of events that rebuilds it (the \
            schema in force, then entity.created and relation.added with ids and properties), for `kennis \
            import` into an empty database. The output is written as it is made, never held whole; with \
            --out it goes to FILE.partial (DIR.partial) first and gets its name only when complete.

            Examples:
              kennis export --format graphml > ecosystem.graphml
              kennis export --format graphml --as-of 357 --out before-the-timeline.graphml
              kennis export --format gexf --valid-at 2024-06-01 --out ecosystem-2024.gexf
              kennis export --format jsonl --as-of 357 --out state-357.jsonl
              kennis export --format jsonld --base https://example.org/id/ --out ecosystem.jsonld
              kennis export --format csv --out ecosystem-csv
            """
    )

    @OptionGroup var database: DatabaseOptions
    @OptionGroup var asOf: AsOfOption
    @OptionGroup var validAt: ValidAtOption

    @Option(help: "The format: graphml, gexf, jsonld, jsonl or csv.")
    var format: GraphExportFormat

    @Option(help: ArgumentHelp("Write to this file (csv: this directory); else standard output.", valueName: "path"))
    var out: String?

    @Option(help: ArgumentHelp("JSON-LD: the IRI entity ids are appended to.", valueName: "iri"))
    var base = JSONLDExport.defaultBase

    func run() throws {
        let db = try database.open()
        let view: GraphView
        do {
            view = try db.view(at: asOf.position).valid(at: validAt.instant)
        } catch {
            throw CommandFailure(oneLine(error))
        }
        let export: GraphExportFormat.Export
        do {
            export = try db.export(format, of: view, base: base)
        } catch {
            throw CommandFailure(oneLine(error))
        }
        switch export {
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
