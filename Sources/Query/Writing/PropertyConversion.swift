// From query values to what an event may hold: strings, 64-bit integers, floats, booleans, temporal
// values and lists of these, under names that are identifiers. Anything else a query
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
                case .temporal(let value): values.append(.temporal(value))
                default:
                    throw QueryError(
                        .typeError,
                        "the property '\(key)' cannot hold a list with \(withArticle(item.typeName)) in it (lists of strings, numbers, booleans or temporal values can be stored)",
                        at: at)
                }
            }
            return .list(values)
        case .temporal(let value): return .temporal(value)
        default:
            throw QueryError(
                .typeError,
                "the property '\(key)' cannot hold \(withArticle(typeName)) (strings, numbers, booleans, temporal values and lists of them can be stored)",
                at: at)
        }
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
