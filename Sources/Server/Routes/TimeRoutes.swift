// The log over time, for the workbench's time slider and anything else that scrubs history:
// GET /timeline samples the log's positions with the times they were recorded; GET /diff says what
// changed between two positions, as `kennis diff --format json` does.
import Hummingbird
import Kennis

extension ServerContext {
    func addTimeRoutes(to router: some RouterMethods<KennisRequestContext>) {
        router.get("/timeline") { request, _ in
            let points = Int(min(try request.integerParameter("points") ?? 200, 2_000))
            guard points >= 2 else { throw APIError.badRequest("points must be at least 2") }
            return jsonResponse(.ok, Self.json(database.timeline(points: points)))
        }
        router.get("/diff") { request, _ in
            guard let from = try request.positionParameter("from"), let to = try request.positionParameter("to") else {
                throw APIError.badRequest("give the two positions as ?from=…&to=… (each a seq or an RFC 3339 time)")
            }
            let database = database
            return jsonResponse(.ok, try await offload { try Self.positions { try database.diff(from: from, to: to).json } })
        }
    }

    /// `{"head": N, "points": [{"seq", "recorded_at"}]}`.
    private static func json(_ timeline: (head: UInt64, points: [(seq: UInt64, recordedAt: Timestamp?)])) -> String {
        jsonBody { json in
            json.beginObject()
            json.key("head")
            json.unsigned(timeline.head)
            json.key("points")
            json.beginArray()
            for point in timeline.points {
                json.beginObject()
                json.key("seq")
                json.unsigned(point.seq)
                json.key("recorded_at")
                if let time = point.recordedAt { json.string(time.rfc3339) } else { json.null() }
                json.endObject()
            }
            json.endArray()
            json.endObject()
        }
    }
}
