// The final state of the graph as CSV files a column store loads with COPY FROM: one file per entity
// kind (`id`, then every property key of the kind) and one per relationship type and pair of end
// kinds (`from`, `to`, then the type's property keys), with `schema.json` naming each file's table
// and typed columns. Extra labels are left out (a peer table has one label).
import Foundation
import Kennis

enum CSVExport {
    /// A column's type as the peer names it.
    enum ColumnType: String {
        case string = "STRING", integer = "INT64", float = "DOUBLE", boolean = "BOOLEAN"

        /// The type that holds both (a key with integers and floats is a float; anything else mixed, a string).
        func joined(with other: ColumnType) -> ColumnType {
            if self == other { return self }
            if Set([self, other]) == [.integer, .float] { return .float }
            return .string
        }

        init(_ value: PropertyValue) {
            switch value {
            case .string, .list, .temporal: self = .string
            case .integer: self = .integer
            case .float: self = .float
            case .boolean: self = .boolean
            }
        }
    }

    /// One table: its rows' key columns and property columns.
    private struct Table {
        var keys: [String] = []
        var types: [String: ColumnType] = [:]
        var rows: [(ids: [String], properties: Properties)] = []

        mutating func add(_ ids: [String], _ properties: Properties) {
            for property in properties {
                let type = ColumnType(property.value)
                types[property.key] = types[property.key].map { $0.joined(with: type) } ?? type
            }
            rows.append((ids, properties))
        }
    }

    static func write(_ view: GraphView, to directory: String) throws {
        let csv = directory + "/csv"
        try FileManager.default.createDirectory(atPath: csv, withIntermediateDirectories: true)
        var nodes: [String: Table] = [:]
        for node in view.nodes {
            nodes[view.kind(of: node) ?? "Node", default: Table()].add([view.id(of: node)], view.properties(of: node))
        }
        var relationships: [String: (type: String, from: String, to: String, table: Table)] = [:]
        for relationship in view.relationships {
            let (start, end) = (view.start(of: relationship), view.end(of: relationship))
            let (type, from, to) = (view.type(of: relationship), view.kind(of: start) ?? "Node", view.kind(of: end) ?? "Node")
            let name = "\(type)_\(from)_\(to)"
            if relationships[name] == nil { relationships[name] = (type, from, to, Table()) }
            relationships[name]!.table.add([view.id(of: start), view.id(of: end)], view.properties(of: relationship))
        }
        var nodeEntries: [String] = []
        for kind in nodes.keys.sorted() {
            let file = "\(csv)/nodes_\(kind).csv"
            let columns = try write(nodes[kind]!, keys: ["id"], to: file)
            nodeEntries.append(#"{"kind": "\#(kind)", "file": "\#(file)", "columns": \#(columns)}"#)
        }
        var relationEntries: [String] = []
        for name in relationships.keys.sorted() {
            let entry = relationships[name]!
            let file = "\(csv)/rels_\(name).csv"
            let columns = try write(entry.table, keys: ["from", "to"], to: file)
            relationEntries.append(
                #"{"type": "\#(entry.type)", "from": "\#(entry.from)", "to": "\#(entry.to)", "file": "\#(file)", "columns": \#(columns)}"#)
        }
        let schema =
            #"{"nodes": [\#(nodeEntries.joined(separator: ", "))], "relationships": [\#(relationEntries.joined(separator: ", "))]}"#
        try schema.write(toFile: directory + "/schema.json", atomically: true, encoding: .utf8)
    }

    /// Writes a table with a header; returns its property columns as JSON `[["name", "TYPE"], …]`.
    private static func write(_ table: Table, keys: [String], to file: String) throws -> String {
        let columns = table.types.keys.sorted()
        var text = (keys + columns).joined(separator: ",") + "\n"
        for row in table.rows {
            var fields = row.ids.map(quoted)
            for column in columns {
                guard let value = row.properties[column] else {
                    fields.append("")
                    continue
                }
                fields.append(quoted(field(value, as: table.types[column]!)))
            }
            text += fields.joined(separator: ",") + "\n"
        }
        try text.write(toFile: file, atomically: true, encoding: .utf8)
        return "[" + columns.map { #"["\#($0)", "\#(table.types[$0]!.rawValue)"]"# }.joined(separator: ", ") + "]"
    }

    private static func field(_ value: PropertyValue, as type: ColumnType) -> String {
        switch value {
        case .string(let s): s
        case .integer(let n): type == .float ? "\(Double(n))" : "\(n)"
        case .float(let x): "\(x)"
        case .boolean(let b): b ? "true" : "false"
        case .temporal(let value): value.iso8601
        case .list(let items): "[" + items.map { field($0, as: .string) }.joined(separator: ",") + "]"
        }
    }

    private static func quoted(_ field: String) -> String {
        guard field.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return field }
        return "\"" + field.replacing("\"", with: "\"\"") + "\""
    }
}
