// The values a query computes with: openCypher's types, with the graph's nodes and relationships by
// handle (resolved against the view a query runs on). Integers and floats stay distinct.
public import EventLog
public import Graph

/// A value of the Cypher subset.
public enum Value: Sendable {
    case null
    case boolean(Bool)
    case integer(Int64)
    case float(Double)
    case string(String)
    case list([Value])
    /// A map; its keys in the order they were written (JSON output keeps it).
    case map([(key: String, value: Value)])
    case node(Node)
    case relationship(Relationship)
    case path(Path)
    /// A date, time, date-time or duration (`date('2015-07-21')`, `duration('P1Y')`).
    case temporal(TemporalValue)

    /// The type name errors use (`INTEGER`, `STRING`, …).
    public var typeName: String { StaticType(of: self).name }

    /// A property value as a query value.
    public init(_ property: PropertyValue) {
        switch property {
        case .string(let s): self = .string(s)
        case .integer(let n): self = .integer(n)
        case .float(let x): self = .float(x)
        case .boolean(let b): self = .boolean(b)
        case .temporal(let value): self = .temporal(value)
        case .list(let items): self = .list(items.map(Value.init))
        }
    }

    public var isNull: Bool {
        if case .null = self { return true }
        return false
    }
}

/// A path: nodes and the relationships between them, in walking order.
public struct Path: Sendable, Hashable {
    public let nodes: [Node]
    public let relationships: [Relationship]

    public init(nodes: [Node], relationships: [Relationship]) {
        self.nodes = nodes
        self.relationships = relationships
    }
}

/// A type name with its article: "an INTEGER", "a STRING".
func withArticle(_ typeName: String) -> String {
    ("AEIOU".contains(typeName.first ?? "X") ? "an " : "a ") + typeName
}
