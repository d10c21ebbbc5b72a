// The type of an expression as far as its text tells, so that an operator or function given an
// argument it can never take (`NOT [1]`, `labels(p)` of a path, `x % 2` where x ranges over strings)
// is refused before any row exists, as openCypher's InvalidArgumentType. Unknown is the common case
// (a property, a parameter): only what is certain is refused.

import EventLog

/// What an expression evaluates to, when the text alone tells.
indirect enum StaticType: Sendable, Equatable {
    case null, boolean, integer, float, string, map, node, relationship, path
    /// A temporal value of this kind.
    case temporal(TemporalValue.Kind)
    /// A list, with its elements' type when all share one.
    case list(StaticType)
    /// Not known from the text.
    case any

    /// The type's name in messages.
    var name: String {
        switch self {
        case .null: "NULL"
        case .boolean: "BOOLEAN"
        case .integer: "INTEGER"
        case .float: "FLOAT"
        case .string: "STRING"
        case .map: "MAP"
        case .node: "NODE"
        case .relationship: "RELATIONSHIP"
        case .path: "PATH"
        case .temporal(let kind): kind.typeName
        case .list: "LIST"
        case .any: "ANY"
        }
    }

    var isNumber: Bool { self == .integer || self == .float }

    /// Whether a value of this type may be one of `accepted` (unknown and null always may).
    func may(be accepted: [StaticType]) -> Bool {
        switch self {
        case .any, .null: true
        case .list: accepted.contains { if case .list = $0 { true } else { false } }
        default: accepted.contains(self)
        }
    }

    /// The type of a list's elements, unknown for anything else.
    var element: StaticType {
        if case .list(let element) = self { return element }
        return .any
    }

    /// The type two values share, or unknown.
    func joined(_ other: StaticType) -> StaticType {
        if self == other { return self }
        if self == .null { return other }
        if other == .null { return self }
        return .any
    }
}

extension StaticType {
    /// The type of `value` (a list's elements not looked at).
    init(of value: Value) {
        switch value {
        case .null: self = .null
        case .boolean: self = .boolean
        case .integer: self = .integer
        case .float: self = .float
        case .string: self = .string
        case .list: self = .list(.any)
        case .map: self = .map
        case .node: self = .node
        case .relationship: self = .relationship
        case .path: self = .path
        case .temporal(let value): self = .temporal(value.kind)
        }
    }

    init(_ kind: VariableKind) {
        switch kind {
        case .node: self = .node
        case .relationship: self = .relationship
        case .relationships: self = .list(.relationship)
        case .path: self = .path
        case .value(let type): self = type
        case .unknown: self = .any
        }
    }
}

extension Expression {
    /// The expression's type as far as the text tells. Looks at most `depth` levels down: deeper
    /// operands are unknown (the check stays linear in the size of the query).
    func staticType(in scope: BinderScope, depth: Int = 6) -> StaticType {
        guard depth > 0 else { return .any }
        func type(_ child: Expression) -> StaticType { child.staticType(in: scope, depth: depth - 1) }
        switch kind {
        case .null: return .null
        case .boolean: return .boolean
        case .integer: return .integer
        case .float: return .float
        case .string: return .string
        case .map: return .map
        case .list(let items): return .list(items.reduce(StaticType.null) { $0.joined(type($1)) })
        case .variable(let name): return scope[name].map(StaticType.init) ?? .any
        case .unary(.not, _), .isNull, .hasLabels, .quantifier, .pattern: return .boolean
        case .subquery(let subquery):
            switch subquery.form {
            case .exists: return .boolean
            case .count: return .integer
            case .collect: return .list(.any)
            }
        case .unary(_, let operand):
            let operand = type(operand)
            return operand.isNumber ? operand : .any
        case .binary(let op, let left, let right): return Self.type(of: op, type(left), type(right))
        // Without a projection a comprehension keeps the list's elements.
        case .listComprehension(_, let list, _, let projection): return .list(projection == nil ? type(list).element : .any)
        case .parameter, .property, .index, .slice, .function, .countStar, .caseWhen: return .any
        }
    }

    private static func type(of op: BinaryOperator, _ left: StaticType, _ right: StaticType) -> StaticType {
        switch op {
        case .or, .xor, .and, .equal, .notEqual, .less, .lessOrEqual, .greater, .greaterOrEqual, .startsWith, .endsWith, .contains,
            .regexMatch, .inList:
            return .boolean
        case .add:
            if left == .string && right == .string { return .string }
            if case .list = left { return .list(.any) }
            fallthrough
        case .subtract, .multiply, .divide, .modulo, .power:
            if left == .integer && right == .integer && op != .power { return .integer }
            if left.isNumber && right.isNumber { return .float }
            return .any
        }
    }
}

/// The checks of argument types the text can decide.
enum ArgumentTypes {
    /// Throws InvalidArgumentType when `expression` applies an operator or function to an argument it
    /// can never take. Only `expression` itself is checked, not its children (the binder visits those).
    static func check(_ expression: Expression, in scope: BinderScope) throws(QueryError) {
        switch expression.kind {
        case .unary(.not, let operand):
            try require(operand, [.boolean], "NOT", scope)
        case .binary(let op, let left, let right) where op == .and || op == .or || op == .xor:
            try require(left, [.boolean], op.rawValue, scope)
            try require(right, [.boolean], op.rawValue, scope)
        case .binary(let op, let left, let right) where op == .modulo || op == .multiply || op == .divide || op == .power:
            try require(left, [.integer, .float], op.rawValue, scope)
            try require(right, [.integer, .float], op.rawValue, scope)
        case .binary(.inList, _, let list):
            try require(list, [.list(.any)], "IN", scope)
        case .property(let base, let key) where base.staticType(in: scope) == .path:
            // A path has no properties (other values fail when the row is evaluated, as a TypeError).
            try require(base, [.node, .relationship, .map], "the property access .\(key)", scope)
        case .function(let name, _, let arguments) where name.lowercased() != "exists" && arguments.contains(where: \.isPattern):
            let pattern = arguments.first(where: \.isPattern)!
            throw QueryError(
                .syntaxError, "a pattern is a predicate, not a value to give \(name)(): collect matches with [pattern | value]",
                at: pattern.location, detail: .unexpectedSyntax)
        case .function(let name, _, let arguments) where arguments.count == 1:
            guard let accepted = oneArgument[name.lowercased()] else { return }
            try require(arguments[0], accepted, "\(name)()", scope)
        default: return
        }
    }

    /// The functions of one argument whose argument's type the text may rule out, and what they take.
    private static let oneArgument: [String: [StaticType]] = [
        "labels": [.node], "type": [.relationship], "properties": [.node, .relationship, .map],
        "length": [.path, .string], "size": [.list(.any), .string], "nodes": [.path], "relationships": [.path],
        "startnode": [.relationship], "endnode": [.relationship], "keys": [.node, .relationship, .map],
    ]

    private static func require(_ operand: Expression, _ accepted: [StaticType], _ what: String, _ scope: BinderScope) throws(QueryError) {
        let type = operand.staticType(in: scope)
        guard !type.may(be: accepted) else { return }
        throw QueryError(
            .syntaxError, "\(what) cannot be applied to \(withArticle(type.name))", at: operand.location, detail: .invalidArgumentType)
    }
}
