import Foundation
import Kennis
import Server
import TestSupport
import Testing

/// Whatever a client sends, the server answers with a status and, for errors, the JSON error shape,
/// and goes on answering; a refused write writes nothing.
struct RobustnessTests {
    @Test func randomRequestsGetAnAnswerAndWriteNothing() async throws {
        let server = try await TestServer.start()
        let head = server.database.head
        var random = SplitMix(seed: 7)
        let paths = [
            "/query", "/query?q=", "/query?q=%FF%FE", "/events", "/events?after=%2D1", "/events/stream?after=99999999999999999999",
            "/entities/", "/entities/%00", "/entities/a%2Fb/history", "/projections/%2E%2E%2Fetc", "/metrics?x=1", "/%",
        ]
        let fragments = [
            "{", "}", "[", "]", "\"query\"", ":", ",", "\"MATCH (n) RETURN n\"", "\"as_of\"", "-1", "1e999", "null", "\"params\"",
            "{\"type\":\"entity.created\"}", "\u{0}", "\"\\ud800\"", "\"kind\"", "\"Person\"", "\"id\"", "\"person:r\"",
        ]
        for round in 0..<120 {
            let path = paths[random.below(paths.count)]
            let method = ["GET", "POST", "PUT", "DELETE"][random.below(4)]
            var body = ""
            for _ in 0..<random.below(12) { body += fragments[random.below(fragments.count)] }
            let headers =
                random.below(2) == 0 ? server.writeHeaders : ["Content-Type": ["application/x-ndjson", "text/plain"][random.below(2)]]
            let response = try await server.request(method, path, headers: headers, body: body)
            #expect((200..<600).contains(response.status), "round \(round): \(method) \(path)")
            if response.status >= 400 {
                let error = try TestServer.json(response.body)["error"] as? [String: Any]
                #expect(
                    error?["code"] is String && error?["message"] is String, "round \(round): \(method) \(path) \(body): \(response.body)")
            }
            #expect(response.status != 500, "round \(round): \(method) \(path) \(body): \(response.body)")
        }
        #expect(server.database.head == head)
        #expect(try await server.get("/health").status == 200)
        try await server.stop()
    }
}
