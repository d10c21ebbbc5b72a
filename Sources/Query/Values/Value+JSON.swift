// Values to and from JSON: parameters arrive as JSON, and results leave as the JSON of
// docs/query.md's Results (nodes, relationships and paths as objects naming their ids).
public import EventLog
public import Graph

extension Value {
    /// The value of a JSON parameter: objects become maps (keys in the order written).
    public init(json: JSONValue) {
        switch json {
        case .null: self = .null
        case .boolean(let b): self = .boolean(b)
        case .integer(let n): self = .integer(n)
        case .float(let x): self = .float(x)
        case .string(let s): self = .string(s)
        case .array(let items): self = .list(items.map(Value.init(json:)))
        case .object(let members): self = .map(members.map { ($0.key, Value(json: $0.value)) })
        }
    }
}

extension JSONWriter {
    /// Writes a query value as docs/query.md's Results define it, reading elements from `view`.
    public mutating func value(_ value: Value, in view: GraphView) {
        switch value {
        case .null: null()
        case .boolean(let b): boolean(b)
        case .integer(let n): integer(n)
        case .float(let x): float(x)
        case .string(let s): string(s)
        case .list(let items):
            beginArray()
            for item in items { self.value(item, in: view) }
            endArray()
        case .map(let entries):
            beginObject()
            for entry in entries {
                key(entry.key)
                self.value(entry.value, in: view)
            }
            endObject()
        case .node(let node): self.node(node, in: view)
        case .relationship(let relationship): self.relationship(relationship, in: view)
        // A temporal value is its ISO 8601 text, as Neo4j's HTTP API writes it.
        case .temporal(let value): string(value.iso8601)
        case .path(let path):
            beginObject()
            key("nodes")
            beginArray()
            for node in path.nodes { self.node(node, in: view) }
            endArray()
            key("relationships")
            beginArray()
            for relationship in path.relationships { self.relationship(relationship, in: view) }
            endArray()
            endObject()
        }
    }

    private mutating func node(_ node: Node, in view: GraphView) {
        beginObject()
        key("id")
        string(view.id(of: node))
        key("labels")
        strings(view.labels(of: node))
        key("properties")
        properties(view.properties(of: node))
        endObject()
    }

    private mutating func relationship(_ relationship: Relationship, in view: GraphView) {
        beginObject()
        key("id")
        string(view.id(of: relationship))
        key("type")
        string(view.type(of: relationship))
        key("from")
        string(view.id(of: view.start(of: relationship)))
        key("to")
        string(view.id(of: view.end(of: relationship)))
        key("properties")
        properties(view.properties(of: relationship))
        endObject()
    }

    private mutating func properties(_ properties: Properties) {
        beginObject()
        for property in properties {
            key(property.key)
            answerValue(property.value)
        }
        endObject()
    }

    /// A property as answers show values: a temporal value as its text, as when it is returned alone
    /// (the log's JSON tags it with its kind instead).
    private mutating func answerValue(_ property: PropertyValue) {
        switch property {
        case .temporal(let temporal): string(temporal.iso8601)
        case .list(let items):
            beginArray()
            for item in items { answerValue(item) }
            endArray()
        default: value(property)
        }
    }
}
