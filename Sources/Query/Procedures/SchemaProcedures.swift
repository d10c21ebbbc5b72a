// db.labels(), db.relationshipTypes(), db.propertyKeys() and db.schema(): what the graph holds and what
// its schema allows, at the query's position.
import EventLog
import Graph

enum SchemaProcedures {
    static let all: [Procedure] = [
        Procedure(name: "db.labels", fields: ["label"], maximumArguments: 0) { _, view, _, _ throws(QueryError) in
            ProcedureRows(columns: [view.labelsInUse().map(Value.string)])
        },
        Procedure(name: "db.relationshipTypes", fields: ["relationshipType"], maximumArguments: 0) { _, view, _, _ throws(QueryError) in
            ProcedureRows(columns: [view.statistics().relationshipsByType.keys.sorted().map(Value.string)])
        },
        Procedure(name: "db.propertyKeys", fields: ["propertyKey"], maximumArguments: 0) { _, view, _, _ throws(QueryError) in
            ProcedureRows(columns: [view.propertyKeys.map(Value.string)])
        },
        Procedure(name: "db.schema", fields: ["element", "name", "count", "inSchema", "from", "to"], maximumArguments: 0) {
            _, view, _, _ throws(QueryError) in ProcedureRows(rows: schema(of: view), fields: 6)
        },
    ]

    /// One row per node kind and per relationship type that the schema in force names or the graph
    /// holds: how many are live, whether the schema allows it, and a relationship's endpoint kinds.
    private static func schema(of view: GraphView) -> [[Value]] {
        let statistics = view.statistics()
        let schema = view.schemaInForce
        var rows: [[Value]] = []
        let kinds = Set(statistics.nodesByKind.keys).union(schema?.kinds ?? [])
        for kind in kinds.sorted() {
            rows.append([
                .string("node"), .string(kind), .integer(Int64(statistics.nodesByKind[kind] ?? 0)),
                .boolean(schema?.kinds.contains(kind) ?? false), .null, .null,
            ])
        }
        let types = Set(statistics.relationshipsByType.keys).union(schema?.relations.map(\.type) ?? [])
        for type in types.sorted() {
            let rule = schema?.relations.first { $0.type == type }
            rows.append([
                .string("relationship"), .string(type), .integer(Int64(statistics.relationshipsByType[type] ?? 0)),
                .boolean(rule != nil), rule.map { .list($0.from.map(Value.string)) } ?? .null,
                rule.map { .list($0.to.map(Value.string)) } ?? .null,
            ])
        }
        return rows
    }
}
