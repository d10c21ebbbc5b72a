// The dashboards' read models: GET /projections lists them, GET /projections/{name} answers one at a
// position. The answer at a seq never changes, so the seq is its ETag: a client that sends it back in
// If-None-Match gets 304 without the query being run, and the newest answer is cached until the log moves.
import EventLog
import HTTPTypes
import Hummingbird
import Kennis

extension ServerContext {
    func addProjectionRoutes(to router: Router<BasicRequestContext>) {
        router.get("/projections") { request, _ in
            try access.checkReader(of: request)
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
            try access.checkReader(of: request)
            let name = try context.parameters.require("name")
            guard let projection = projections.named(name) else {
                throw APIError.notFound("no projection is named '\(name)' (GET /projections lists them)")
            }
            let view = try self.view(at: try request.asOfParameter())
            var headers = HTTPFields()
            headers[.eTag] = "\"\(view.seq)\""
            headers[.cacheControl] = "no-cache"
            if let match = request.headers[.ifNoneMatch], Self.matches(match, seq: view.seq) {
                return Response(status: .notModified, headers: headers)
            }
            if let body = projections.cached(name, at: view.seq) { return jsonResponse(.ok, body, headers: headers) }
            let limits = configuration.queryLimits
            let clock = ContinuousClock()
            let started = clock.now
            let answer: QueryAnswer
            do {
                answer = try await offload {
                    QueryAnswer(result: try Executor(view: view, limits: limits).run(Parser.parse(projection.query)), view: view)
                }
            } catch let error as QueryError {
                throw APIError(error)
            }
            let elapsed = clock.now - started
            metrics.queryTime.record(elapsed)
            let body = answer.json(elapsedMilliseconds: Self.milliseconds(elapsed))
            projections.store(name, at: view.seq, body)
            return jsonResponse(.ok, body, headers: headers)
        }
    }

    /// Whether an If-None-Match value names `seq` (or is `*`).
    private static func matches(_ header: String, seq: UInt64) -> Bool {
        header.split(separator: ",").contains { tag in
            let trimmed = tag.drop(while: \.isWhitespace)
            let bare = trimmed.hasPrefix("W/") ? trimmed.dropFirst(2) : trimmed
            return bare == "*" || bare == "\"\(seq)\""
        }
    }
}
