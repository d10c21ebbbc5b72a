// The variables in scope at a point of a query, each with what it holds as far as the text tells,
// so that a relationship variable used as a node (or a number used as one) is refused before any row
// exists, as openCypher's VariableTypeConflict.

/// What a variable holds, as far as the query's text tells.
enum VariableKind: Sendable, Equatable {
    case node
    case relationship
    /// A variable-length relationship's list of relationships.
    case relationships
    case path
    /// A value that is no graph element (a literal, or an operator's result), of a type the text tells.
    case value(StaticType)
    /// Anything (a parameter, a function's result, a list's element, a procedure's field).
    case unknown

    /// The kind's name in messages, with its article.
    var described: String {
        switch self {
        case .node: "a node"
        case .relationship: "a relationship"
        case .relationships: "a list of relationships"
        case .path: "a path"
        case .value(let type): "a value of type \(type.name)"
        case .unknown: "a value"
        }
    }
}

extension VariableKind {
    /// What a variable holding a value of `type` holds.
    init(_ type: StaticType) {
        switch type {
        case .node: self = .node
        case .relationship: self = .relationship
        case .path: self = .path
        case .list(.relationship): self = .unknown  // a relationship list may also be a var-length variable's
        case .any, .null: self = .unknown
        default: self = .value(type)
        }
    }
}

/// The variables in scope before a clause, with their kinds.
struct BinderScope {
    private(set) var kinds: [String: VariableKind] = [:]

    init() {}

    func contains(_ name: String) -> Bool { kinds[name] != nil }

    subscript(name: String) -> VariableKind? { kinds[name] }

    mutating func insert(_ name: String, as kind: VariableKind = .unknown) { kinds[name] = kind }

    /// This scope with `name` added as a value of `type` (a comprehension's or quantifier's variable).
    func adding(_ name: String, _ type: StaticType = .any) -> BinderScope {
        var scope = self
        scope.insert(name, as: VariableKind(type))
        return scope
    }

    /// This scope with the variables of `other` added (those it has keep their kind).
    func merging(_ other: BinderScope) -> BinderScope {
        var scope = self
        scope.kinds.merge(other.kinds) { mine, _ in mine }
        return scope
    }

    var names: Set<String> { Set(kinds.keys) }

    /// Throws VariableTypeConflict when `name` is bound to something that cannot be `kind`.
    func check(_ name: String, canBe kind: VariableKind, at: SourceLocation) throws(QueryError) {
        guard let bound = kinds[name], bound != .unknown, bound != kind else { return }
        throw QueryError(
            .syntaxError, "`\(name)` is \(bound.described) and cannot be used as \(kind.described)", at: at, detail: .variableTypeConflict)
    }
}
