/// A property value of the event format: string, 64-bit integer, float, boolean, temporal value, or a
/// list of these.
///
/// Integers and floats are distinct (`1` is not `1.0`), as in JSON input and in openCypher.
public enum PropertyValue: Sendable, Hashable {
    case string(String)
    case integer(Int64)
    case float(Double)
    case boolean(Bool)
    /// A date, time, date-time or duration: `{"date": "2023-05-11"}` in an event's JSON.
    case temporal(TemporalValue)
    /// A list of scalars; lists do not nest.
    case list([PropertyValue])

    /// The name of the value's type as error messages and `kennis log --format table` say it.
    public var typeName: String {
        switch self {
        case .string: "string"
        case .integer: "integer"
        case .float: "float"
        case .boolean: "boolean"
        case .temporal(let value): value.kind.rawValue
        case .list: "list"
        }
    }
}

extension PropertyValue: ExpressibleByStringLiteral, ExpressibleByIntegerLiteral, ExpressibleByFloatLiteral,
    ExpressibleByBooleanLiteral, ExpressibleByArrayLiteral
{
    public init(stringLiteral value: String) { self = .string(value) }
    public init(integerLiteral value: Int64) { self = .integer(value) }
    public init(floatLiteral value: Double) { self = .float(value) }
    public init(booleanLiteral value: Bool) { self = .boolean(value) }
    public init(arrayLiteral elements: PropertyValue...) { self = .list(elements) }
}
