// The log over HTTP: POST /events appends a batch all or nothing (a JSON array of events, or JSON Lines
// as application/x-ndjson), GET /events pages through the log. A rejected batch answers with its first
// bad event: 422 when the event is invalid, 409 when it does not fit the log's state.
import HTTPTypes
import Hummingbird
import Kennis

extension ServerContext {
    func addEventRoutes(to router: some RouterMethods<KennisRequestContext>) {
        router.post("/events") { request, context in
            let actor = try context.access.writer()
            var request = request
            let body = try await request.bodyBytes(limit: configuration.maximumBodyBytes)
            let isLines =
                request.headers[.contentType].map { $0.hasPrefix("application/x-ndjson") || $0.hasPrefix("application/jsonl") } ?? false
            let batch = try Self.batch(from: body, isLines: isLines, actor: actor)
            let database = database
            let receipt: AppendReceipt
            do {
                receipt = try await offload { try database.append(batch) }
            } catch EventLogError.rejected(let error) {
                throw APIError(error)
            } catch let error as EventInputError {
                throw APIError(error)
            }
            watcher.update(head: receipt.lastSeq)
            metrics.eventsAppended.increment(by: Int64(batch.count))
            metrics.headSeq.set(to: Double(receipt.lastSeq))
            return jsonResponse(
                .created,
                jsonBody { json in
                    json.beginObject()
                    json.key("first_seq")
                    json.unsigned(receipt.firstSeq)
                    json.key("last_seq")
                    json.unsigned(receipt.lastSeq)
                    json.key("count")
                    json.integer(Int64(batch.count))
                    json.endObject()
                })
        }
        router.get("/events") { request, _ in
            var filter = EventFilter()
            filter.after = try request.integerParameter("after") ?? 0
            let limit = try request.integerParameter("limit") ?? 100
            guard limit >= 1 && limit <= UInt64(configuration.maximumPage) else {
                throw APIError.badRequest("limit must be between 1 and \(configuration.maximumPage)")
            }
            filter.limit = Int(limit)
            filter.entity = try request.parameter("entity")
            filter.actor = try request.parameter("actor")
            if let types = try request.parameter("type") {
                var wanted = Set<EventType>()
                for name in types.split(separator: ",") {
                    guard let type = EventType(rawValue: String(name)) else {
                        throw APIError.badRequest(
                            "unknown event type '\(name)'; expected one of \(EventType.allCases.map(\.rawValue).joined(separator: ", "))")
                    }
                    wanted.insert(type)
                }
                filter.types = wanted
            }
            let database = database, after = filter.after, page = filter
            let body = try await offload {
                var json = JSONWriter(capacity: 1 << 14)
                var next = after
                json.beginObject()
                json.key("events")
                json.beginArray()
                try database.forEachEvent(matching: page) { recorded in
                    json.recordedEvent(recorded)
                    next = recorded.seq
                    return true
                }
                json.endArray()
                // Where the next page starts: pass it back as `after`.
                json.key("next")
                json.unsigned(next)
                json.endObject()
                return json.string
            }
            return jsonResponse(.ok, body)
        }
    }

    /// The events of a request body, with `actor` where an event names none.
    private static func batch(from body: [UInt8], isLines: Bool, actor: String) throws(APIError) -> EventBatch {
        var lines = body
        if !isLines {
            // A JSON array: each event written as one line, so line n is event n - 1.
            let text = try utf8Text(body)
            let json: JSONValue
            do {
                json = try JSONValue(parsing: text)
            } catch {
                throw .badRequest("the body is not JSON: \(error) (send a JSON array of events, or JSON Lines as application/x-ndjson)")
            }
            guard case .array(let events) = json else {
                throw .badRequest("the body must be a JSON array of events (or JSON Lines as application/x-ndjson)")
            }
            lines = []
            for event in events {
                var writer = JSONWriter()
                writer.json(event)
                lines += writer.bytes
                lines.append(0x0A)
            }
        }
        do {
            return try lines.withUnsafeBytes { try Database.decode($0, name: "<request>", actor: actor) }
        } catch var error as EventInputError {
            if !isLines, let line = error.location?.line { error.index = line - 1 }
            throw APIError(error)
        } catch DatabaseError.noEvents {
            throw .badRequest("the body holds no events")
        } catch {
            throw .badRequest("\(error)")
        }
    }
}
