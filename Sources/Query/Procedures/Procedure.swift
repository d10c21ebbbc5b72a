// Procedures callable with `CALL name(args) YIELD …`: what each yields (checked before a query runs)
// and how it runs on a view. Each returns whole rows of its fields; the executor binds the fields a
// YIELD names (all of them for a lone CALL) to each incoming row.
import Graph

/// A procedure: its fields, in order, and its body.
struct Procedure: Sendable {
    let name: String
    /// The fields it yields, in order.
    let fields: [String]
    /// How many arguments it takes at most (all optional).
    let maximumArguments: Int
    let run: @Sendable (_ arguments: [Value], _ view: GraphView, _ budget: Budget, _ at: SourceLocation) throws(QueryError) -> [[Value]]

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
