// The expression tree of the Cypher subset. Every node keeps the place it starts at, so that later
// stages (binding, type checking, evaluation) can report errors with a line and a column.

/// An expression and where it starts in the query text.
public struct Expression: Sendable, Equatable {
    public indirect enum Kind: Sendable, Equatable {
        case null
        case boolean(Bool)
        case integer(Int64)
        case float(Double)
        case string(String)
        case parameter(String)
        case variable(String)
        case list([Expression])
        case map([MapEntry])
        /// `e.key`
        case property(Expression, String)
        /// `e[i]`
        case index(Expression, Expression)
        /// `e[from..to]`, either bound optional.
        case slice(Expression, Expression?, Expression?)
        case unary(UnaryOperator, Expression)
        case binary(BinaryOperator, Expression, Expression)
        /// `n:Label:Other`: whether a node has all the labels.
        case hasLabels(Expression, [String])
        /// `e IS NULL`, `e IS NOT NULL`
        case isNull(Expression, negated: Bool)
        /// `f(a, b)`, `count(DISTINCT x)`
        case function(name: String, distinct: Bool, arguments: [Expression])
        /// `count(*)`
        case countStar
        /// `CASE [subject] WHEN … THEN … [ELSE …] END`
        case caseWhen(subject: Expression?, branches: [CaseBranch], otherwise: Expression?)
        /// `[x IN list WHERE predicate | projection]`
        case listComprehension(variable: String, list: Expression, predicate: Expression?, projection: Expression?)
        /// `all(x IN list WHERE predicate)` and its siblings.
        case quantifier(Quantifier, variable: String, list: Expression, predicate: Expression)
        /// A pattern used as a predicate: `WHERE (a)-[:KNOWS]->(b)`, `exists((a)--())`.
        case pattern(PatternElement)
        /// `EXISTS { … }`, `COUNT { … }`, `[(a)-->(b) | b.name]`.
        case subquery(Subquery)
    }

    public let kind: Kind
    public let location: SourceLocation
    /// The levels of the tree from this node down: how deep every recursive pass over it (binding,
    /// planning, evaluation) descends. The parser refuses trees higher than its nesting limit.
    public let height: Int

    public init(_ kind: Kind, at location: SourceLocation) {
        self.kind = kind
        self.location = location
        height = kind.childHeight + 1
    }

    /// Whether this is a pattern used as a predicate.
    public var isPattern: Bool {
        if case .pattern = kind { return true }
        return false
    }
}

extension Expression.Kind {
    /// The height of the highest child (0 for a leaf).
    fileprivate var childHeight: Int {
        switch self {
        case .null, .boolean, .integer, .float, .string, .parameter, .variable, .countStar: 0
        case .list(let items), .function(_, _, let items): items.reduce(0) { max($0, $1.height) }
        case .map(let entries): entries.reduce(0) { max($0, $1.value.height) }
        case .property(let base, _), .hasLabels(let base, _), .isNull(let base, _), .unary(_, let base): base.height
        case .index(let base, let index): max(base.height, index.height)
        case .slice(let base, let from, let to): max(base.height, from?.height ?? 0, to?.height ?? 0)
        case .binary(_, let left, let right): max(left.height, right.height)
        case .caseWhen(let subject, let branches, let otherwise):
            branches.reduce(max(subject?.height ?? 0, otherwise?.height ?? 0)) { max($0, $1.condition.height, $1.result.height) }
        case .listComprehension(_, let list, let predicate, let projection):
            max(list.height, predicate?.height ?? 0, projection?.height ?? 0)
        case .quantifier(_, _, let list, let predicate): max(list.height, predicate.height)
        case .pattern(let element): element.height
        case .subquery(let subquery): subquery.height
        }
    }
}

extension PatternElement {
    /// A pattern predicate is matched a step at a time, each step a level deeper, and its maps are
    /// expressions of their own.
    var height: Int {
        let maps = [start.properties] + chain.flatMap { [$0.relationship.properties, $0.node.properties] }
        return chain.count + (maps.compactMap { $0?.height }.max() ?? 0)
    }
}

/// `key: value` in a map literal.
public struct MapEntry: Sendable, Equatable {
    public let key: String
    public let value: Expression
}

/// `WHEN condition THEN result`.
public struct CaseBranch: Sendable, Equatable {
    public let condition: Expression
    public let result: Expression
}

public enum UnaryOperator: String, Sendable, Equatable {
    case not = "NOT", negate = "-", plus = "+"
}

public enum BinaryOperator: String, Sendable, Equatable {
    case or = "OR", xor = "XOR", and = "AND"
    case equal = "=", notEqual = "<>", less = "<", lessOrEqual = "<=", greater = ">", greaterOrEqual = ">="
    case startsWith = "STARTS WITH", endsWith = "ENDS WITH", contains = "CONTAINS", regexMatch = "=~", inList = "IN"
    case add = "+", subtract = "-", multiply = "*", divide = "/", modulo = "%", power = "^"
}

public enum Quantifier: String, Sendable, Equatable {
    case all, any, none, single
}
