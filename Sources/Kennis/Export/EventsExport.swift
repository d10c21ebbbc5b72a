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
        var json = JSONWriter(capacity: ExportOutput.pieceBytes + 4096)
        func line(_ body: EventBody) throws {
            json.event(Event(body))
            json.endLine()
            if json.bytes.count >= ExportOutput.pieceBytes {
                try emit(json.bytes)
                json.removeAll()
            }
        }
        if let schema = view.schemaInForce, let id = view.schemaIDInForce { try line(.schemaDefined(id: id, schema: schema)) }
        for node in view.nodes {
            let (kind, labels) = view.labelParts(of: node)
            try line(.entityCreated(id: view.id(of: node), kind: kind, properties: view.properties(of: node), labels: labels))
        }
        for relationship in view.relationships {
            try line(
                .relationAdded(
                    id: view.id(of: relationship), type: view.type(of: relationship), from: view.id(of: view.start(of: relationship)),
                    to: view.id(of: view.end(of: relationship)), properties: view.properties(of: relationship)))
        }
        if !json.bytes.isEmpty { try emit(json.bytes) }
    }
}
