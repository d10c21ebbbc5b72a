// GET /entities/{id}: one entity as it stood at a position (and, with valid_at, as the world was
// then: only if it held, with the relations that held), with its relations both ways;
// GET /entities/{id}/history: every event that touched it, oldest first.
import HTTPTypes
import Hummingbird
import Kennis

extension ServerContext {
    func addEntityRoutes(to router: some RouterMethods<KennisRequestContext>) {
        router.get("/entities/{id}") { request, context in
            let id = try context.parameters.decoded("id")
            let logView = try self.view(at: try request.asOfParameter())
            let view = logView.valid(at: try request.validAtParameter())
            guard let node = view.node(id: id) else {
                if logView.node(id: id) != nil { throw APIError.notFound("entity '\(id)' did not hold at that valid time") }
                throw APIError.notFound(view.whyAbsent(id))
            }
            let database = database
            let provenance = try await offload { try database.provenance(of: id, at: view.seq) }
            return jsonResponse(.ok, jsonBody { json in Self.write(node, of: view, provenance: provenance, into: &json) })
        }
        router.get("/entities/{id}/history") { request, context in
            let id = try context.parameters.decoded("id")
            let database = database
            let (body, count) = try await offload {
                var json = JSONWriter(capacity: 1 << 12)
                var count = 0
                json.beginObject()
                json.key("id")
                json.string(id)
                json.key("events")
                json.beginArray()
                try database.forEachEvent(matching: EventFilter(entity: id)) { recorded in
                    json.recordedEvent(recorded)
                    count += 1
                    return true
                }
                json.endArray()
                json.endObject()
                return (json.string, count)
            }
            guard count > 0 else { throw APIError.notFound("no event has touched '\(id)'") }
            return jsonResponse(.ok, body)
        }
    }

    /// `{"id", "kind", "labels", "properties", "created_seq", "updated_seq", "created_at", "updated_at",
    /// "outgoing": [{"id", "type", "to", "properties"}], "incoming": [{"id", "type", "from", "properties"}],
    /// "provenance": {"created": origin, "properties": {key: origin}, "sources": […], "erased"?: {"seq",
    /// "actor", "reason"}}, "seq"}`, each origin
    /// `{"seq", "source", "actor"}` of the event that made the entity or last set the property.
    private static func write(_ node: Node, of view: GraphView, provenance: ElementProvenance?, into json: inout JSONWriter) {
        json.beginObject()
        json.key("id")
        json.string(view.id(of: node))
        json.key("kind")
        if let kind = view.kind(of: node) { json.string(kind) } else { json.null() }
        json.key("labels")
        json.strings(view.labels(of: node))
        json.key("properties")
        write(view.properties(of: node), into: &json)
        json.key("created_seq")
        json.unsigned(view.createdSeq(of: node))
        json.key("updated_seq")
        json.unsigned(view.updatedSeq(of: node))
        json.key("created_at")
        if let time = view.createdAt(of: node) { json.string(time.rfc3339) } else { json.null() }
        json.key("updated_at")
        if let time = view.updatedAt(of: node) { json.string(time.rfc3339) } else { json.null() }
        for (name, relationships, end) in [("outgoing", view.outgoing(node), "to"), ("incoming", view.incoming(node), "from")] {
            json.key(name)
            json.beginArray()
            for relationship in relationships {
                json.beginObject()
                json.key("id")
                json.string(view.id(of: relationship))
                json.key("type")
                json.string(view.type(of: relationship))
                json.key(end)
                json.string(view.id(of: end == "to" ? view.end(of: relationship) : view.start(of: relationship)))
                json.key("properties")
                write(view.properties(of: relationship), into: &json)
                json.endObject()
            }
            json.endArray()
        }
        if let provenance {
            json.key("provenance")
            write(provenance, into: &json)
        }
        json.key("seq")
        json.unsigned(view.seq)
        json.endObject()
    }

    private static func write(_ provenance: ElementProvenance, into json: inout JSONWriter) {
        func origin(_ origin: FactOrigin) {
            json.beginObject()
            json.key("seq")
            json.unsigned(origin.seq)
            json.key("source")
            if let source = origin.source { json.string(source) } else { json.null() }
            json.key("actor")
            if let actor = origin.actor { json.string(actor) } else { json.null() }
            json.endObject()
        }
        json.beginObject()
        json.key("created")
        origin(provenance.created)
        json.key("properties")
        json.beginObject()
        for (key, value) in provenance.properties.sorted(by: { $0.key < $1.key }) {
            json.key(key)
            origin(value)
        }
        json.endObject()
        json.key("sources")
        json.strings(provenance.sources)
        if let erasure = provenance.erasure {
            json.key("erased")
            json.beginObject()
            json.key("seq")
            json.unsigned(erasure.seq)
            json.key("actor")
            if let actor = erasure.actor { json.string(actor) } else { json.null() }
            json.key("reason")
            json.string(erasure.reason)
            json.endObject()
        }
        json.endObject()
    }

    private static func write(_ properties: Properties, into json: inout JSONWriter) {
        json.beginObject()
        for entry in properties {
            json.key(entry.key)
            json.value(entry.value)
        }
        json.endObject()
    }
}
