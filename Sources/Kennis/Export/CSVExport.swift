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

    /// Writes every file, one after the other, each a piece at a time, to `emit(file name, piece)`.
    public func write(to emit: (String, [UInt8]) throws -> Void) throws {
        let layout = CSVLayout(of: view)
        var multiline = Set<String>()
        var row: [PropertyValue?] = []
        for (index, table) in layout.nodeTables.enumerated() {
            var out = CSVOutput(file: table.file)
            for name in ["@id:ID", ":LABEL"] { out.field(name) }
            Self.header(table.columns, to: &out)
            for node in layout.nodes(of: index) {
                out.field(view.id(of: node))
                out.field(view.labels(of: node).joined(separator: ";"))
                Self.properties(in: table.columns, row: &row, to: &out) { view.forEachProperty(of: node, $0) }
                try out.flushIfFull(to: emit)
            }
            try out.flush(to: emit)
            if out.hasLineBreaks { multiline.insert(table.file) }
        }
        for (index, file) in layout.relationshipFiles.enumerated() {
            var out = CSVOutput(file: file.file)
            for name in [":START_ID", ":END_ID", ":TYPE", "@id"] { out.field(name) }
            let columns = layout.relationshipTypes[layout.relationshipType(file.type)].columns
            Self.header(columns, to: &out)
            for relationship in layout.relationships(of: index) {
                for text in [
                    view.id(of: view.start(of: relationship)), view.id(of: view.end(of: relationship)), file.type,
                    view.id(of: relationship),
                ] {
                    out.field(text)
                }
                Self.properties(in: columns, row: &row, to: &out) { view.forEachProperty(of: relationship, $0) }
                try out.flushIfFull(to: emit)
            }
            try out.flush(to: emit)
            if out.hasLineBreaks { multiline.insert(file.file) }
        }
        try emit(Self.kuzuSchemaFile, Array(CSVLoadScripts.kuzu(layout, multiline: multiline).utf8))
        try emit(Self.neo4jScriptFile, Array(CSVLoadScripts.neo4j(layout, multiline: !multiline.isEmpty).utf8))
    }

    /// The header's property columns: `name:type`.
    private static func header(_ columns: CSVColumns, to out: inout CSVOutput) {
        for column in columns.columns { out.field(column.name + ":" + column.type.headerText) }
        out.endRow()
    }

    /// The element's property fields in the table's column order, and the end of its row.
    /// The element's property fields in the table's column order (its properties walked by `walk`),
    /// and the end of its row.
    private static func properties(
        in columns: CSVColumns, row: inout [PropertyValue?], to out: inout CSVOutput,
        _ walk: ((PropertyKey, PropertyValue) -> Void) -> Void
    ) {
        row.removeAll(keepingCapacity: true)
        row.append(contentsOf: repeatElement(nil, count: columns.columns.count))
        walk { key, value in row[columns.position(of: key)!] = value }
        write(row, columns, to: &out)
    }

    private static func write(_ row: [PropertyValue?], _ columns: CSVColumns, to out: inout CSVOutput) {
        for (value, column) in zip(row, columns.columns) {
            if let value { out.field(column.type.text(of: value)) } else { out.empty() }
        }
        out.endRow()
    }
}
