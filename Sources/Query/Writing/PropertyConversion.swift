// From query values to what an event may hold: spec/EVENTS.md allows strings, 64-bit integers,
// floats, booleans and lists of these, under names that are identifiers. Anything else a query
// computes (a map, a node, a list holding null) cannot be stored and is a TypeError at its place.
import EventLog

extension Value {
    /// The value as a property value, nil for null (which removes a property); `key` names it in errors.
    func propertyValue(for key: String, at: SourceLocation) throws(QueryError) -> PropertyValue? {
        switch self {
        case .null: return nil
        case .boolean(let b): return .boolean(b)
        case .integer(let n): return .integer(n)
        case .float(let x): return .float(x)
        case .string(let s): return .string(s)
        case .list(let items):
            var values: [PropertyValue] = []
            values.reserveCapacity(items.count)
            for item in items {
                switch item {
                case .boolean(let b): values.append(.boolean(b))
                case .integer(let n): values.append(.integer(n))
                case .float(let x): values.append(.float(x))
                case .string(let s): values.append(.string(s))
                case .date: throw Self.dateNotYetStored(key, at: at)
                default:
                    throw QueryError(
                        .typeError,
                        "the property '\(key)' cannot hold a list with \(withArticle(item.typeName)) in it (lists of strings, numbers or booleans can be stored)",
                        at: at)
                }
            }
            return .list(values)
        case .date: throw Self.dateNotYetStored(key, at: at)
        default:
            throw QueryError(
                .typeError,
                "the property '\(key)' cannot hold \(withArticle(typeName)) (strings, numbers, booleans and lists of them can be stored)",
                at: at)
        }
    }

    /// A date is a value of queries, not yet of the log: storing one is a feature to come.
    private static func dateNotYetStored(_ key: String, at: SourceLocation) -> QueryError {
        QueryError(
            .unsupportedFeature,
            "the property '\(key)' cannot hold a DATE yet: dates are values of queries, not yet of the log (strings, numbers, booleans and lists of them can be stored)",
            at: at)
    }
}

/// Checks that `key` may name a property.
func checkPropertyName(_ key: String, at: SourceLocation) throws(QueryError) {
    guard Names.isIdentifier(key) else {
        throw QueryError(.semanticError, "'\(key)' cannot name a property (names match [A-Za-z_][A-Za-z0-9_]*)", at: at)
    }
}

/// Checks that `name` may be a kind, label or relationship type.
func checkName(_ name: String, of what: String, at: SourceLocation) throws(QueryError) {
    guard Names.isIdentifier(name) else {
        throw QueryError(.semanticError, "'\(name)' cannot be \(what) (names match [A-Za-z_][A-Za-z0-9_]*)", at: at)
    }
}
