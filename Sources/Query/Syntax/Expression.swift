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
    }

    public let kind: Kind
    public let location: SourceLocation

    public init(_ kind: Kind, at location: SourceLocation) {
        self.kind = kind
        self.location = location
    }

    /// Whether this is a pattern used as a predicate.
    public var isPattern: Bool {
        if case .pattern = kind { return true }
        return false
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
