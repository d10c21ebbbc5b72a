// The statement tree of the Cypher subset: a query is single queries joined by UNION, each a list of
// clauses; patterns are chains of node and relationship patterns. Value types with positions.

/// A whole query: `[AS OF …] [VALID AT …] single (UNION [ALL] single)*`.
public struct Statement: Sendable, Equatable {
    /// What is asked of the query: its answer, or (`EXPLAIN`) its plan, or (`PROFILE`) both.
    public enum Mode: Sendable, Equatable {
        case run
        /// `EXPLAIN …`: the plan only; nothing is run or written.
        case explain
        /// `PROFILE …`: run, with each operation's rows and time.
        case profile
    }

    public var mode: Mode = .run
    /// `AS OF 120` or `AS OF '2026-01-01T00:00:00Z'`, when given.
    public var asOf: Expression?
    /// `VALID AT date('2024-06-01')`: the world at that valid time, when given.
    public var validAt: Expression?
    public var parts: [SingleQuery]
    /// For each UNION between parts: true for UNION ALL.
    public var unionAll: [Bool]
}

/// Clauses up to a RETURN (or the end).
public struct SingleQuery: Sendable, Equatable {
    public var clauses: [Clause]
}

public enum Clause: Sendable, Equatable {
    case match(Match)
    case unwind(Expression, variable: String, at: SourceLocation)
    case with(Projection, where: Expression?)
    case `return`(Projection)
    case call(ProcedureCall)
    case create([PatternPart], at: SourceLocation)
    case merge(Merge)
    case set([SetItem], at: SourceLocation)
    case remove([RemoveItem], at: SourceLocation)
    case delete([Expression], detach: Bool, at: SourceLocation)

    /// Whether the clause changes the graph (CREATE, MERGE, SET, REMOVE, DELETE).
    public var isUpdating: Bool {
        switch self {
        case .match, .unwind, .with, .return, .call: false
        case .create, .merge, .set, .remove, .delete: true
        }
    }
}

extension Statement {
    /// The first clause that changes the graph, if the statement has one: such a statement runs as a
    /// write. None under EXPLAIN, which runs nothing (and so needs no right to write).
    public var firstUpdatingClause: Clause? {
        guard mode != .explain else { return nil }
        for part in parts {
            if let clause = part.clauses.first(where: \.isUpdating) { return clause }
        }
        return nil
    }
}

/// `MERGE pattern [ON CREATE SET …] [ON MATCH SET …]`.
public struct Merge: Sendable, Equatable {
    public var pattern: PatternPart
    public var onCreate: [SetItem]
    public var onMatch: [SetItem]
    public var location: SourceLocation
}

/// One item of SET: `v.key = e`, `v = map`, `v += map`, `v:Label:Other`.
public enum SetItem: Sendable, Equatable {
    case property(variable: String, key: String, value: Expression, at: SourceLocation)
    case replaceProperties(variable: String, value: Expression, at: SourceLocation)
    case mergeProperties(variable: String, value: Expression, at: SourceLocation)
    case labels(variable: String, labels: [String], at: SourceLocation)
}

/// One item of REMOVE: `v.key` or `v:Label:Other`.
public enum RemoveItem: Sendable, Equatable {
    case property(variable: String, key: String, at: SourceLocation)
    case labels(variable: String, labels: [String], at: SourceLocation)
}

/// `[OPTIONAL] MATCH pattern, … [WHERE …]`.
public struct Match: Sendable, Equatable {
    public var optional: Bool
    public var patterns: [PatternPart]
    public var predicate: Expression?
    public var location: SourceLocation
}

/// `CALL name(args) [YIELD a [AS b], …] [WHERE …]`.
public struct ProcedureCall: Sendable, Equatable {
    public var name: String
    public var arguments: [Expression]
    public var yields: [YieldItem]
    public var predicate: Expression?
    public var location: SourceLocation
}

public struct YieldItem: Sendable, Equatable {
    public var field: String
    public var alias: String?
}

/// The items of RETURN or WITH, with their modifiers.
public struct Projection: Sendable, Equatable {
    public var distinct: Bool
    /// `*`: every variable in scope, before the listed items.
    public var star: Bool
    public var items: [ProjectionItem]
    public var orderBy: [SortItem]
    public var skip: Expression?
    public var limit: Expression?
    public var location: SourceLocation
}

public struct ProjectionItem: Sendable, Equatable {
    public var expression: Expression
    public var alias: String?
    /// The item's text as written: its column name when it has no alias.
    public var text: String
}

public struct SortItem: Sendable, Equatable {
    public var expression: Expression
    public var descending: Bool
    /// The key's text as written: a key written like a projected item reads that item's value.
    public var text: String
}

/// `[p =] element`, or `[p =] shortestPath(element)` / `allShortestPaths(element)`.
public struct PatternPart: Sendable, Equatable {
    public enum Shortest: Sendable, Equatable { case none, one, all }
    public var variable: String?
    public var shortest: Shortest
    public var element: PatternElement
}

/// `(a)-[r]->(b)<-[s]-(c)…`
public struct PatternElement: Sendable, Equatable {
    public var start: NodePattern
    public var chain: [PatternStep]

    /// The variables the element names, in text order, with where each is written.
    public var variables: [(name: String, location: SourceLocation)] {
        var names: [(name: String, location: SourceLocation)] = []
        if let name = start.variable { names.append((name, start.location)) }
        for step in chain {
            if let name = step.relationship.variable { names.append((name, step.relationship.location)) }
            if let name = step.node.variable { names.append((name, step.node.location)) }
        }
        return names
    }
}

public struct PatternStep: Sendable, Equatable {
    public var relationship: RelationshipPattern
    public var node: NodePattern
}

/// `(v:Label:Other {key: value})`
public struct NodePattern: Sendable, Equatable {
    public var variable: String?
    public var labels: [String]
    public var properties: Expression?
    public var location: SourceLocation
}

/// `-[r:TYPE|OTHER*1..3 {key: value}]->`
public struct RelationshipPattern: Sendable, Equatable {
    public enum Direction: Sendable, Equatable { case outgoing, incoming, either }
    public var variable: String?
    public var types: [String]
    public var direction: Direction
    /// For `*`: the bounds as written (nil where omitted); nil for a single hop.
    public var length: LengthRange?
    public var properties: Expression?
    public var location: SourceLocation
}

public struct LengthRange: Sendable, Equatable {
    public var minimum: Int?
    public var maximum: Int?
}
