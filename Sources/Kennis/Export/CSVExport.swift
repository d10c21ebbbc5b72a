// A graph view as a directory of CSV files in the layout of Neo4j's admin import, which Kùzu's COPY
// FROM loads too: `nodes-KIND.csv` per kind (`@id:ID`, `:LABEL`, then the kind's properties, each
// header typed: `h_index:long`), `relationships-TYPE-FROM-TO.csv` per type and pair of end kinds
// (`:START_ID`, `:END_ID`, `:TYPE`, `@id`, then the type's properties, the same columns in every file
// of the type), `kuzu-schema.cypher` (the tables and COPY statements that load the directory into
// Kùzu) and `neo4j-admin-import.sh` (the `neo4j-admin database import full` command). The id column
// is `@id`, the name a Cypher pattern map uses for an element's id, so that no property can take it.
import EventLog
import Graph

/// A graph view as CSV files.
public struct CSVExport {
    let view: GraphView

    public init(view: GraphView) { self.view = view }

    /// The names of the two files beside the tables.
    public static let kuzuSchemaFile = "kuzu-schema.cypher"
    public static let neo4jScriptFile = "neo4j-admin-import.sh"

    /// Writes every file, each a piece at a time, to `emit(file name, piece)`; the pieces of
    /// different files interleave, those of one file come in order.
    public func write(to emit: (String, [UInt8]) throws -> Void) throws {
        let layout = CSVLayout(of: view)
        var nodeFiles = layout.nodeTables.map { CSVOutput(file: $0.file) }
        var relationshipFiles = layout.relationshipFiles.map { CSVOutput(file: $0.file) }
        for (index, table) in layout.nodeTables.enumerated() {
            for name in ["@id:ID", ":LABEL"] { nodeFiles[index].field(name) }
            Self.header(table.columns, to: &nodeFiles[index])
        }
        for (index, file) in layout.relationshipFiles.enumerated() {
            for name in [":START_ID", ":END_ID", ":TYPE", "@id"] { relationshipFiles[index].field(name) }
            Self.header(layout.relationshipTypes[layout.relationshipType(file.type)].columns, to: &relationshipFiles[index])
        }
        var row: [PropertyValue?] = []
        for node in view.nodes {
            let table = layout.nodeTable(of: node, in: view)
            nodeFiles[table].field(view.id(of: node))
            nodeFiles[table].field(view.labels(of: node).joined(separator: ";"))
            properties(of: node, in: layout.nodeTables[table].columns, row: &row, to: &nodeFiles[table])
            try nodeFiles[table].flushIfFull(to: emit)
        }
        for relationship in view.relationships {
            let (type, start, end) = (view.type(of: relationship), view.start(of: relationship), view.end(of: relationship))
            let typeIndex = layout.relationshipType(type)
            let file = layout.relationshipFile(
                type: typeIndex, from: layout.nodeTable(of: start, in: view), to: layout.nodeTable(of: end, in: view))
            for text in [view.id(of: start), view.id(of: end), type, view.id(of: relationship)] { relationshipFiles[file].field(text) }
            properties(of: relationship, in: layout.relationshipTypes[typeIndex].columns, row: &row, to: &relationshipFiles[file])
            try relationshipFiles[file].flushIfFull(to: emit)
        }
        for index in nodeFiles.indices { try nodeFiles[index].flush(to: emit) }
        for index in relationshipFiles.indices { try relationshipFiles[index].flush(to: emit) }
        let multiline = Set((nodeFiles + relationshipFiles).filter(\.hasLineBreaks).map(\.file))
        try emit(Self.kuzuSchemaFile, Array(CSVLoadScripts.kuzu(layout, multiline: multiline).utf8))
        try emit(Self.neo4jScriptFile, Array(CSVLoadScripts.neo4j(layout, multiline: !multiline.isEmpty).utf8))
    }

    /// The header's property columns: `name:type`.
    private static func header(_ columns: CSVColumns, to out: inout CSVOutput) {
        for column in columns.columns { out.field(column.name + ":" + column.type.headerText) }
        out.endRow()
    }

    /// The element's property fields in the table's column order, and the end of its row.
    private func properties(of node: Node, in columns: CSVColumns, row: inout [PropertyValue?], to out: inout CSVOutput) {
        row.removeAll(keepingCapacity: true)
        row.append(contentsOf: repeatElement(nil, count: columns.columns.count))
        view.forEachProperty(of: node) { key, value in row[columns.position(of: key)!] = value }
        Self.write(row, columns, to: &out)
    }

    private func properties(
        of relationship: Relationship, in columns: CSVColumns, row: inout [PropertyValue?], to out: inout CSVOutput
    ) {
        row.removeAll(keepingCapacity: true)
        row.append(contentsOf: repeatElement(nil, count: columns.columns.count))
        view.forEachProperty(of: relationship) { key, value in row[columns.position(of: key)!] = value }
        Self.write(row, columns, to: &out)
    }

    private static func write(_ row: [PropertyValue?], _ columns: CSVColumns, to out: inout CSVOutput) {
        for (value, column) in zip(row, columns.columns) {
            if let value { out.field(column.type.text(of: value)) } else { out.empty() }
        }
        out.endRow()
    }
}
