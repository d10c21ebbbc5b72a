public import ArgumentParser
import Kennis

extension GraphExportFormat: ExpressibleByArgument {}
extension GEXFExport.Timeline: ExpressibleByArgument {}

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
            directory (--out DIR, or --out FILE.zip) in the layout of neo4j-admin's import, with kuzu-schema.cypher (Kùzu's \
            tables and COPY statements) and neo4j-admin-import.sh beside the files; `kennis import DIR` \
            reads it back. jsonl is the graph as the shortest JSON Lines of events that rebuilds it (the \
            schema in force, then entity.created and relation.added with ids and properties), for `kennis \
            import` into an empty database. The output is written as it is made, never held whole; with \
            --out it goes to FILE.partial (DIR.partial) first and gets its name only when complete.

            With --query or --projection (a .cypher file of --projections), the answer is exported as a \
            table instead: csv (a header, then a row a line) or jsonl (an object a row, for pandas' \
            read_json(lines=True)).

            Examples:
              kennis export --format graphml > ecosystem.graphml
              kennis export --format graphml --as-of 357 --out before-the-timeline.graphml
              kennis export --format gexf --valid-at 2024-06-01 --out ecosystem-2024.gexf
              kennis export --format gexf --dynamic valid --out ecosystem-timeline.gexf
              kennis export --format jsonl --as-of 357 --out state-357.jsonl
              kennis export --format jsonld --base https://example.org/id/ --out ecosystem.jsonld
              kennis export --format csv --out ecosystem-csv
              kennis export --projection people-per-lab --format csv --out people-per-lab.csv
              kennis export --query 'MATCH (p:Person)-[:MEMBER_OF]->(l:Lab) RETURN p.name, l.name' --format jsonl
            """
    )

    @OptionGroup var database: DatabaseOptions
    @OptionGroup var asOf: AsOfOption
    @OptionGroup var validAt: ValidAtOption

    @Option(help: "The format: graphml, gexf, jsonld, cypher, jsonl or csv (with --query or --projection: csv or jsonl).")
    var format: GraphExportFormat

    @Option(help: ArgumentHelp("Write to this file (csv: this directory, or FILE.zip); else standard output.", valueName: "path"))
    var out: String?

    @Option(help: ArgumentHelp("JSON-LD: the IRI entity ids are appended to.", valueName: "iri"))
    var base = JSONLDExport.defaultBase

    @Option(
        help: ArgumentHelp(
            "GEXF: a dynamic graph for Gephi's timeline, on the log's time (seqs: every element ever, each property value while it held) or valid time (days).",
            valueName: "log|valid"))
    var dynamic: GEXFExport.Timeline?

    @Option(help: ArgumentHelp("Export this query's answer as a table (csv or jsonl) instead of the graph.", valueName: "cypher"))
    var query: String?

    @Option(help: ArgumentHelp("Export this named projection's rows as a table (csv or jsonl).", valueName: "name"))
    var projection: String?

    @Option(help: ArgumentHelp("The directory of the named projections.", valueName: "dir"))
    var projections = "queries/projections"

    func validate() throws {
        if dynamic != nil && format != .gexf { throw ValidationError("--dynamic is for --format gexf") }
        if let problem = JSONLDExport.problem(withBase: base) { throw ValidationError("--base: " + problem) }
        if query != nil && projection != nil { throw ValidationError("give --query or --projection, not both") }
        if query != nil || projection != nil {
            guard format == .csv || format == .jsonl else { throw ValidationError("a table is exported as csv or jsonl") }
            guard dynamic == nil else { throw ValidationError("--dynamic is for a graph, not a table") }
        }
    }

    func run() throws {
        let db = try database.open()
        if query != nil || projection != nil {
            try exportTable(db)
            return
        }
        let view: GraphView
        do {
            view = try db.view(at: asOf.position).valid(at: validAt.instant)
        } catch {
            throw CommandFailure(oneLine(error))
        }
        let export: GraphExportFormat.Export
        do {
            export = try db.export(format, of: view, timeline: dynamic, base: base)
        } catch {
            throw CommandFailure(oneLine(error))
        }
        switch export {
        case .document(let export): try write(export)
        case .files(let export): try write(export)
        }
    }

    /// A query's or projection's answer as CSV (a header, then a row a line) or JSON Lines (an object
    /// a row), as `kennis query --format csv|jsonl` prints it.
    private func exportTable(_ db: Database) throws {
        let text: String
        if let projection {
            let path = projections + "/" + projection + ".cypher"
            guard FileSystem.isRegularFile(path) else {
                guard let files = try? FileSystem.listFiles(in: projections) else {
                    throw CommandFailure("no directory \(projections): name the projections' directory with --projections DIR")
                }
                let names = files.filter { $0.hasSuffix(".cypher") }.map { String($0.dropLast(".cypher".count)) }
                throw CommandFailure("no projection \(projection) in \(projections) (there are: \(names.joined(separator: ", ")))")
            }
            text = try FileSystem.readText(path)
        } else {
            text = query!
        }
        let answer: QueryAnswer
        do {
            answer = try db.query(text, at: asOf.position, validAt: validAt.instant)
        } catch let error as QueryError {
            throw CommandFailure("the query failed\n" + error.rendered(in: text))
        } catch {
            throw CommandFailure(oneLine(error))
        }
        let table = Array((format == .csv ? answer.csv() : answer.jsonLines()).utf8)
        try write(TableExport(bytes: table))
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
        guard let out else { throw CommandFailure("--format \(format.rawValue) writes a directory of files: give --out DIR (or FILE.zip)") }
        if out.hasSuffix(".zip") {
            try write(ZippedFiles(export: export))
            return
        }
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

/// A table already made (a query's answer), written as any export is.
private struct TableExport: GraphExport {
    let bytes: [UInt8]

    func write(to emit: ([UInt8]) throws -> Void) throws { try emit(bytes) }
}

/// A directory export as one ZIP archive (`--out FILE.zip`).
private struct ZippedFiles: GraphExport {
    let export: any GraphFilesExport

    func write(to emit: ([UInt8]) throws -> Void) throws {
        var zip = ZipStream()
        try export.write { try zip.write($0, $1, to: emit) }
        try zip.finish(to: emit)
    }
}
