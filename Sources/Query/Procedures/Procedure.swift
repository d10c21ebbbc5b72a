// Procedures callable with `CALL name(args) YIELD …`: what each yields (checked before a query runs)
// and how it runs on a view. Each returns the columns of its fields; the executor binds the fields a
// YIELD names (all of them for a lone CALL) to each incoming row.
import Graph

/// What a procedure yields: one column of values per field, all of one length. Columns, not rows:
/// an algorithm yields a row per node, and a row array per node would be allocated only to be taken
/// apart again when the fields are bound.
struct ProcedureRows {
    let columns: [[Value]]
    let count: Int

    init(columns: [[Value]]) {
        self.columns = columns
        count = columns.first?.count ?? 0
    }

    /// From rows of the fields' values (for procedures that yield a few rows).
    init(rows: [[Value]], fields: Int) {
        columns = (0..<fields).map { field in rows.map { $0[field] } }
        count = rows.count
    }
}

/// A procedure: its fields, in order, and its body.
struct Procedure: Sendable {
    let name: String
    /// The fields it yields, in order.
    let fields: [String]
    /// How many arguments it takes at most (all optional).
    let maximumArguments: Int
    let run: @Sendable (_ arguments: [Value], _ view: GraphView, _ budget: Budget, _ at: SourceLocation) throws(QueryError) -> ProcedureRows

    /// Every procedure, by lowercased name.
    static let all: [String: Procedure] = {
        var all: [String: Procedure] = [:]
        for procedure in SchemaProcedures.all + NetworkProcedures.all { all[procedure.name.lowercased()] = procedure }
        return all
    }()

    /// The procedure called `name` (case-insensitive, as Neo4j's are), or a SemanticError at `location`.
    static func named(_ name: String, at location: SourceLocation) throws(QueryError) -> Procedure {
        guard let procedure = all[name.lowercased()] else {
            throw QueryError(
                .semanticError, "there is no procedure \(name); there are \(all.values.map(\.name).sorted().joined(separator: ", "))",
                at: location)
        }
        return procedure
    }
}
