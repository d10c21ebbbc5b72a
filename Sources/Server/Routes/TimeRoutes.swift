// The log over time, for the workbench's time slider and anything else that scrubs history:
// GET /timeline samples the log's positions with the times they were recorded; GET /diff says what
// changed between two positions (at a valid time, with valid_at), or in the world between two valid
// times (valid_from and valid_to, as the log stands now or as_of), as `kennis diff --format json` does.
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
            let database = database
            if let world = try Self.validTimes(request) {
                let position = try request.asOfParameter()
                return jsonResponse(
                    .ok,
                    try await offload { try Self.positions { try database.worldDiff(from: world.from, to: world.to, at: position).json } })
            }
            guard let from = try request.positionParameter("from"), let to = try request.positionParameter("to") else {
                throw APIError.badRequest(
                    "give the two positions as ?from=…&to=… (each a seq or an RFC 3339 time), or two valid times as ?valid_from=…&valid_to=…"
                )
            }
            let validAt = try request.validAtParameter()
            return jsonResponse(
                .ok, try await offload { try Self.positions { try database.diff(from: from, to: to, validAt: validAt).json } })
        }
    }

    /// `?valid_from=…&valid_to=…`, both or neither.
    private static func validTimes(_ request: Request) throws(APIError) -> (from: ValidInstant, to: ValidInstant)? {
        let from = try request.parameter("valid_from"), to = try request.parameter("valid_to")
        guard from != nil || to != nil else { return nil }
        guard let from, let to else { throw .badRequest("give both valid_from and valid_to") }
        guard let start = ValidInstant(iso8601: from) else { throw .badRequest(Request.badValidAt(from)) }
        guard let end = ValidInstant(iso8601: to) else { throw .badRequest(Request.badValidAt(to)) }
        return (start, end)
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
