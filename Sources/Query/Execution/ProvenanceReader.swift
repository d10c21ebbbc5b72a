// Where an element's facts come from, for Cypher's `sources(x)` and `provenance(x)`: the graph does
// not keep who said what (the log does), so the facade gives a query a reader of the log with its
// limits, and a query without one (the engine on its own) refuses the two functions.

/// Reads an element's provenance from the log, as of a seq.
public protocol ProvenanceReader: Sendable {
    /// The distinct sources of the events that made the element `id` what it is at `seq`, oldest first.
    func sources(of id: String, at seq: UInt64) throws -> [String]
    /// For each property `id` has at `seq`, the event that last set it: `{seq, source, actor}`.
    func provenance(of id: String, at seq: UInt64) throws -> [(key: String, value: Value)]
}

/// A provenance reader carried in a query's limits. Limits compare by their limits alone: two hooks
/// are equal whatever they read.
public struct ProvenanceHook: Sendable, Equatable {
    public let reader: any ProvenanceReader

    public init(_ reader: any ProvenanceReader) { self.reader = reader }

    public static func == (a: ProvenanceHook, b: ProvenanceHook) -> Bool { true }
}

extension Functions {
    static let provenanceFunctions: Set<String> = ["sources", "provenance"]

    /// `sources(x)`: a list of strings; `provenance(x)`: a map from each property to `{seq, source,
    /// actor}`; of a node or relationship as of the query's position; null of null.
    static func provenance(_ name: String, _ args: [Value], evaluator: Evaluator, at: SourceLocation) throws(QueryError) -> Value {
        guard args.count == 1 else { throw QueryError(.semanticError, "\(name)() takes 1 argument, got \(args.count)", at: at) }
        let view = evaluator.view
        let id: String
        switch args[0] {
        case .null: return .null
        case .node(let node): id = view.id(of: node)
        case .relationship(let relationship): id = view.id(of: relationship)
        default: throw QueryError(.typeError, "\(name)() expects a node or relationship, got \(args[0].typeName)", at: at)
        }
        guard let reader = evaluator.budget.limits.provenance?.reader else {
            throw QueryError(.unsupportedFeature, "\(name)() reads the log: run the query through a database", at: at)
        }
        do {
            if name == "sources" { return .list(try reader.sources(of: id, at: view.seq).map(Value.string)) }
            return .map(try reader.provenance(of: id, at: view.seq))
        } catch {
            throw QueryError(.semanticError, "\(name)(): the log could not be read: \(error)", at: at)
        }
    }
}
