// The dashboards' read models: GET /projections lists them, GET /projections/{name} answers one at a
// position. The answer at a seq never changes, so the seq is its ETag: a client that sends it back in
// If-None-Match gets 304 without the query being run, and the newest answer is cached until the log moves.
import HTTPTypes
import Hummingbird
import Kennis
import NIOCore

extension ServerContext {
    func addProjectionRoutes(to router: some RouterMethods<KennisRequestContext>) {
        router.get("/projections") { request, _ in
            return jsonResponse(
                .ok,
                jsonBody { json in
                    json.beginObject()
                    json.key("projections")
                    json.beginArray()
                    for projection in projections.all {
                        json.beginObject()
                        json.key("name")
                        json.string(projection.name)
                        json.key("description")
                        json.string(projection.description)
                        json.key("path")
                        json.string("/projections/\(projection.name)")
                        json.endObject()
                    }
                    json.endArray()
                    json.endObject()
                })
        }
        router.get("/projections/{name}") { request, context in
            let name = try context.parameters.decoded("name")
            guard let projection = projections.named(name) else {
                throw APIError.notFound("no projection is named '\(name)' (GET /projections lists them)")
            }
            let position = try request.asOfParameter()
            let limits = configuration.queryLimits
            let metrics = metrics, database = database
            // Runs the projection's query at a seq (on the thread pool) and writes its answer.
            let compute: @Sendable (UInt64) async throws -> CompressedBody = { seq in
                let clock = ContinuousClock()
                let started = clock.now
                do {
                    return try await offload {
                        let answer = try database.query(projection.query, at: .seq(seq), limits: limits)
                        let elapsed = clock.now - started
                        metrics.queryTime.record(elapsed)
                        return CompressedBody(answer.json(elapsedMilliseconds: elapsed.milliseconds))
                    }
                } catch let error as QueryError {
                    throw APIError(error)
                }
            }
            let seq: UInt64
            let body: CompressedBody
            if position == nil {
                // Now: the ETag of the newest answer is checked before anything is computed.
                let head = database.head
                if request.ifNoneMatch("\"\(head)\"") {
                    return Response(status: .notModified, headers: Self.headers(seq: head))
                }
                (seq, body) = try await projections.answer(name, head: head) { try await compute(head) }
            } else {
                let view = try self.view(at: position)
                if request.ifNoneMatch("\"\(view.seq)\"") {
                    return Response(status: .notModified, headers: Self.headers(seq: view.seq))
                }
                if let cached = projections.cached(name, at: view.seq) {
                    (seq, body) = (view.seq, cached)
                } else {
                    (seq, body) = (view.seq, try await compute(view.seq))
                }
            }
            if request.ifNoneMatch("\"\(seq)\"") {
                return Response(status: .notModified, headers: Self.headers(seq: seq))
            }
            return body.response(to: request, contentType: "application/json; charset=utf-8", headers: Self.headers(seq: seq))
        }
    }

    /// ETag (the seq the answer reflects) and no-cache (clients revalidate with If-None-Match).
    private static func headers(seq: UInt64) -> HTTPFields {
        var headers = HTTPFields()
        headers[.eTag] = "\"\(seq)\""
        headers[.cacheControl] = "no-cache"
        headers[.vary] = "Accept-Encoding"
        return headers
    }
}
