import Foundation
import Kennis
import Server
import TestSupport
import Testing

/// The bytes of a gzip stream, inflated by the system's gzip.
func gunzip(_ bytes: [UInt8]) throws -> [UInt8] {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/bin/sh")
    process.arguments = ["-c", "gzip -dc"]
    let input = Pipe(), output = Pipe()
    process.standardInput = input
    process.standardOutput = output
    try process.run()
    input.fileHandleForWriting.write(Data(bytes))
    try input.fileHandleForWriting.close()
    let data = output.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    return Array(data)
}

/// Entities, history, projections, health and metrics.
struct ReadRouteTests {
    @Test func anEntityWithItsRelationsAtAPosition() async throws {
        let server = try await TestServer.start()
        let lab = try TestServer.json(try await server.get("/entities/lab:ai-methods").body)
        #expect(lab["kind"] as? String == "Lab" && (lab["labels"] as? [String])?.contains("HealthAILab") == true)
        #expect((lab["properties"] as? [String: Any])?["name"] as? String == "AI Methods Lab")
        let outgoing = try #require(lab["outgoing"] as? [[String: Any]])
        #expect(outgoing.contains { $0["type"] as? String == "HOSTED_BY" && $0["to"] as? String == "inst:umc-utrecht" })
        #expect(lab["seq"] as? Int == Int(server.database.head))
        // Where each property comes from, and the entity's sources.
        let provenance = try #require(lab["provenance"] as? [String: Any])
        let name = try #require((provenance["properties"] as? [String: Any])?["name"] as? [String: Any])
        #expect(name["source"] as? String == "https://www.uspfacilities.nl/facility/utrecht-ai-labs-health/")
        #expect((provenance["sources"] as? [String])?.count == 2)
        // Not yet created at seq 10: 404 saying so; unknown ids: 404.
        let early = try await server.get("/entities/lab:ai-methods?as_of=10")
        #expect(early.status == 404 && early.body.contains("was created at seq"))
        #expect(try await server.get("/entities/person:nobody-at-all").status == 404)
        #expect(try await server.get("/entities/lab:ai-methods?as_of=tomorrow").status == 400)
        let history = try TestServer.json(try await server.get("/entities/lab:ai-methods/history").body)
        let events = try #require(history["events"] as? [[String: Any]])
        #expect(events.first?["type"] as? String == "entity.created" && events.count > 1)
        let seqs = events.compactMap { $0["seq"] as? Int }
        #expect(seqs == seqs.sorted())
        #expect(try await server.get("/entities/person:nobody-at-all/history").status == 404)
        // A relation's history by its id, percent-encoded as a browser sends it.
        let relation = try TestServer.json(
            try await server.get("/entities/HOSTED_BY%3Alab%3Aai-methods-%3Einst%3Aumc-utrecht/history").body)
        #expect((relation["events"] as? [[String: Any]])?.first?["type"] as? String == "relation.added")
        #expect(try await server.get("/entities/bad%zzescape").status == 400)
        try await server.stop()
    }

    @Test func projectionsAreListedCachedAndTaggedWithTheirSeq() async throws {
        let server = try await TestServer.start()
        let list = try TestServer.json(try await server.get("/projections").body)
        let projections = try #require(list["projections"] as? [[String: Any]])
        #expect(projections.map { $0["name"] as? String } == ["institution-partnerships", "lab-overview", "people-per-lab", "sources"])
        #expect(projections.allSatisfy { ($0["description"] as? String)?.isEmpty == false })
        let first = try await server.get("/projections/lab-overview")
        let head = server.database.head
        #expect(first.status == 200 && first.headers["etag"] == "\"\(head)\"")
        #expect(try (TestServer.json(first.body)["rows"] as? [Any])?.count == 10)
        let again = try await server.get("/projections/lab-overview", headers: ["If-None-Match": "\"\(head)\""])
        #expect(again.status == 304 && again.body.isEmpty)
        // The log moves: the old tag no longer matches.
        _ = try await server.post(
            "/events", #"[{"type":"entity.created","id":"person:new","kind":"Person","props":{}}]"#, headers: server.writeHeaders)
        let moved = try await server.get("/projections/lab-overview", headers: ["If-None-Match": "\"\(head)\""])
        #expect(moved.status == 200 && moved.headers["etag"] == "\"\(head + 1)\"")
        // Gzipped for clients that take it, the same answer.
        let gzipped = try await server.get("/projections/lab-overview", headers: ["Accept-Encoding": "br, gzip"])
        #expect(gzipped.headers["content-encoding"] == "gzip" && gzipped.headers["vary"] == "Accept-Encoding")
        let plainBody = try await server.get("/projections/lab-overview")
        #expect(plainBody.headers["content-encoding"] == nil)
        #expect(try gunzip(gzipped.rawBody) == Array(plainBody.body.utf8))
        #expect(
            try await server.get("/projections/lab-overview", headers: ["Accept-Encoding": "gzip;q=0"]).headers["content-encoding"] == nil)
        let past = try await server.get("/projections/people-per-lab?as_of=346")
        #expect(try past.headers["etag"] == "\"346\"" && (TestServer.json(past.body)["seq"] as? Int) == 346)
        #expect(try await server.get("/projections/nothing-like-it").status == 404)
        try await server.stop()
    }

    @Test func aProjectionThatDoesNotParseStopsTheStartWithItsPlace() async throws {
        let directory = TemporaryDirectory()
        try FileManager.default.createDirectory(atPath: directory.appending("projections"), withIntermediateDirectories: true)
        try "// description: broken\nMATCH (l:Lab\nRETURN l".write(
            toFile: directory.appending("projections/broken.cypher"), atomically: true, encoding: .utf8)
        await #expect {
            _ = try await TestServer.start { $0.projectionsDirectory = directory.appending("projections") }
        } throws: { error in
            "\(error)".contains("broken.cypher") && "\(error)".contains("SyntaxError") && "\(error)".contains("line 3")
        }
    }

    @Test func healthMetricsAndUnknownRoutes() async throws {
        let server = try await TestServer.start()
        let health = try TestServer.json(try await server.get("/health").body)
        #expect(health["status"] as? String == "ok" && health["seq"] as? Int == Int(server.database.head))
        _ = try await server.post("/query", #"{"query": "RETURN 1"}"#)
        let metrics = try await server.get("/metrics")
        #expect(metrics.headers["content-type"]?.hasPrefix("text/plain") == true)
        #expect(metrics.body.contains(#"kennis_http_requests_total{route="/query",method="POST",status="200"} 1"#))
        #expect(metrics.body.contains("kennis_query_duration_seconds_count 1"))
        #expect(metrics.body.contains("kennis_log_head_seq \(server.database.head)"))
        let missing = try await server.get("/no/such/route")
        #expect(try missing.status == 404 && (TestServer.json(missing.body)["error"] as? [String: Any])?["code"] as? String == "NotFound")
        #expect(try await server.request("DELETE", "/health").status >= 400)
        try await server.stop()
    }
}
