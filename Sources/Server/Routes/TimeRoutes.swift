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
            let database = database
            return jsonResponse(.ok, try await offload { try Self.timeline(of: database, points: points) })
        }
        router.get("/diff") { request, _ in
            guard let fromText = try request.parameter("from"), let toText = try request.parameter("to") else {
                throw APIError.badRequest("give the two positions as ?from=…&to=… (each a seq or an RFC 3339 time)")
            }
            let from = try position(fromText, "from"), to = try position(toText, "to")
            let database = database
            return jsonResponse(.ok, try await offload { database.graph.latest.diff(from: from, to: to).json })
        }
    }

    /// The seq a `from`/`to` parameter names; 400 when it is not a position of the log.
    private func position(_ text: String, _ name: String) throws(APIError) -> UInt64 {
        guard let position = LogPosition(text) else { throw .badRequest("\(name) must be a seq or an RFC 3339 time, not '\(text)'") }
        return try view(at: position).seq
    }

    /// `{"head": N, "points": [{"seq", "recorded_at"}]}`: at most `points` seqs spread evenly from 1
    /// to the head (both included), each with the time it was recorded.
    private static func timeline(of database: Database, points: Int) throws -> String {
        try database.log.reading { reader in
            let head = try reader.head.seq
            var json = JSONWriter(capacity: 64 * points)
            json.beginObject()
            json.key("head")
            json.unsigned(head)
            json.key("points")
            json.beginArray()
            var previous: UInt64 = 0
            for index in 0..<min(UInt64(points), head) {
                let seq = head <= UInt64(points) ? index + 1 : 1 + (head - 1) * index / UInt64(points - 1)
                guard seq != previous, let event = try reader.event(at: seq) else { continue }
                previous = seq
                json.beginObject()
                json.key("seq")
                json.unsigned(seq)
                json.key("recorded_at")
                json.string(event.recordedAt.rfc3339)
                json.endObject()
            }
            json.endArray()
            json.endObject()
            return json.string
        }
    }
}
