// The graph at one position as the shortest stream of events that rebuilds it: the schema in force,
// an `entity.created` for each node (its kind, extra labels and properties now), then a
// `relation.added` for each relationship with its id. Imported into an empty database it gives the
// same graph (tools/test-interchange checks it); the history before the position, and who recorded
// what from which source, are not in it — `kennis log --format jsonl` is the log itself.
import EventLog
import Graph

/// A graph view as JSON Lines of events.
public struct EventsExport: GraphExport {
    let view: GraphView

    public init(view: GraphView) { self.view = view }

    /// Writes the events, a piece at a time, to `emit`.
    public func write(to emit: ([UInt8]) throws -> Void) throws {
        var json = JSONWriter(capacity: XMLOutput.pieceBytes + 4096)
        var properties: [(key: String, value: PropertyValue)] = []
        func line(_ write: (inout JSONWriter) -> Void) throws {
            write(&json)
            json.endLine()
            if json.bytes.count >= XMLOutput.pieceBytes {
                try emit(json.bytes)
                json.removeAll()
            }
        }
        /// The element's properties as the `props` member, keys in order (they are ASCII identifiers).
        func props(_ json: inout JSONWriter, _ visit: ((PropertyKey, PropertyValue) -> Void) -> Void) {
            properties.removeAll(keepingCapacity: true)
            visit { properties.append((view.name(of: $0), $1)) }
            properties.sort { $0.key < $1.key }
            json.key("props")
            json.beginObject()
            for (key, value) in properties {
                json.key(key)
                json.value(value)
            }
            json.endObject()
        }
        if let schema = view.schemaInForce, let id = view.schemaIDInForce {
            try line { $0.event(Event(.schemaDefined(id: id, schema: schema))) }
        }
        for node in view.nodes {
            let (kind, labels) = view.labelParts(of: node)
            try line { event in
                Self.opening(&event, type: .entityCreated, id: view.id(of: node))
                if let kind {
                    event.key("kind")
                    event.string(kind)
                }
                if !labels.isEmpty {
                    event.key("labels")
                    event.strings(labels)
                }
                props(&event) { body in view.forEachProperty(of: node, body) }
                event.endObject()
            }
        }
        for relationship in view.relationships {
            try line { event in
                Self.opening(&event, type: .relationAdded, id: view.id(of: relationship))
                event.key("rel")
                event.string(view.type(of: relationship))
                event.key("from")
                event.string(view.id(of: view.start(of: relationship)))
                event.key("to")
                event.string(view.id(of: view.end(of: relationship)))
                props(&event) { body in view.forEachProperty(of: relationship, body) }
                event.endObject()
            }
        }
        if !json.bytes.isEmpty { try emit(json.bytes) }
    }

    /// `{"type": …, "id": …` — the members every event starts with, in docs/events.md's order.
    private static func opening(_ json: inout JSONWriter, type: EventType, id: String) {
        json.beginObject()
        json.key("type")
        json.string(type.rawValue)
        json.key("id")
        json.string(id)
    }
}
