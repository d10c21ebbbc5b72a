import Foundation
import Kennis
import Server
import TestSupport
import Testing

/// The limits that keep one request from taking the server: time and concurrency.
struct LimitTests {
    @Test func aQueryPastTheTimeLimitIs504AndTheServerGoesOn() async throws {
        let server = try await TestServer.start { $0.queryLimits = QueryLimits(timeout: .milliseconds(50)) }
        let slow = try await server.post("/query", #"{"query": "MATCH (a)-[*1..14]-(b) WHERE b.name = 'x' RETURN count(*)"}"#)
        #expect(slow.status == 504)
        #expect(try (TestServer.json(slow.body)["error"] as? [String: Any])?["code"] as? String == "Timeout")
        #expect(try await server.post("/query", #"{"query": "RETURN 1 AS one"}"#).status == 200)
        try await server.stop()
    }

    @Test func requestsPastTheConcurrencyLimitAre503() async throws {
        let server = try await TestServer.start {
            $0.maximumConcurrentRequests = 1
            $0.queryLimits = QueryLimits(timeout: .seconds(3))
        }
        // One slow query holds the only slot; probes meanwhile are refused. Under load a probe can take
        // the slot first (the slow query is then the one refused): try again.
        var refused: HTTPTestResponse? = nil
        for _ in 0..<5 where refused == nil {
            // Slow but rowless: every trail is walked and dropped, so only the time limit can end it.
            async let slow = server.post("/query", #"{"query": "MATCH (a)-[*1..14]-(b) WHERE b.name = 'nobody' RETURN count(*)"}"#)
            let deadline = ContinuousClock.now + .seconds(2)
            var probe: HTTPTestResponse? = nil
            while ContinuousClock.now < deadline {
                let answer = try await server.get("/events?limit=1")
                if answer.status == 503 {
                    probe = answer
                    break
                }
                try await Task.sleep(for: .milliseconds(20))
            }
            #expect(try await server.get("/health").status == 200, "health is never refused")
            if try await slow.status == 504 { refused = probe }
        }
        let answer = try #require(refused)
        #expect(answer.headers["retry-after"] == "1")
        #expect(try (TestServer.json(answer.body)["error"] as? [String: Any])?["code"] as? String == "Overloaded")
        #expect(try await server.get("/events?limit=1").status == 200, "the slot is free again")
        try await server.stop()
    }
}
