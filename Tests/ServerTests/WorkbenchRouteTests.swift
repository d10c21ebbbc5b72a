import Foundation
import Kennis
import Server
import TestSupport
import Testing

/// The routes behind the web workbench, over real sockets: the page and its files (embedded, with
/// their security headers, gzipped, revalidated by ETag), the example queries, the timeline, the diff,
/// and the refusal of requests a browser sends from another site's page. The page itself is tested in
/// a real browser by tools/workbench/workbench_test.py.
struct WorkbenchRouteTests {
    @Test func thePageAndItsFilesAreServedWithAStrictPolicy() async throws {
        let server = try await TestServer.start()
        let page = try await server.get("/")
        #expect(page.status == 200)
        #expect(page.headers["content-type"] == "text/html; charset=utf-8")
        let policy = try #require(page.headers["content-security-policy"])
        for directive in ["default-src 'none'", "script-src 'self'", "connect-src 'self'", "frame-ancestors 'none'"] {
            #expect(policy.contains(directive), "the policy has \(directive)")
        }
        #expect(!policy.contains("unsafe-inline") && !policy.contains("unsafe-eval"))
        #expect(page.headers["x-content-type-options"] == "nosniff")
        // Every file the page names is served; no script is inline, nothing comes from another host.
        #expect(!page.body.contains("<script>") && !page.body.contains("style=") && !page.body.contains("http"))
        let script = try await server.get("/workbench/app.js")
        #expect(script.status == 200 && script.headers["content-type"] == "text/javascript; charset=utf-8")
        #expect(script.body.contains("import * as api from \"./api.js\""))
        for file in [
            "api.js", "cypher-editor.js", "entity-panel.js", "force-layout.js", "graph-canvas.js", "graph-model.js",
            "results-table.js", "sidebar.js", "time-travel.js", "workbench.css",
        ] {
            #expect(try await server.get("/workbench/\(file)").status == 200, "\(file) is served")
        }
        #expect(try await server.get("/workbench/..%2F..%2FPackage.swift").status == 404)
        #expect(try await server.get("/workbench/").status == 404)
        try await server.stop()
    }

    @Test func filesAreGzippedAndRevalidated() async throws {
        let server = try await TestServer.start()
        let plain = try await server.get("/workbench/graph-canvas.js")
        let gzipped = try await server.get("/workbench/graph-canvas.js", headers: ["Accept-Encoding": "gzip, deflate"])
        #expect(gzipped.headers["content-encoding"] == "gzip")
        #expect(gzipped.rawBody.count < plain.rawBody.count / 2)
        #expect(gzipped.rawBody.starts(with: [0x1f, 0x8b]))
        let etag = try #require(plain.headers["etag"])
        #expect(try await server.get("/workbench/graph-canvas.js", headers: ["If-None-Match": etag]).status == 304)
        #expect(try await server.get("/workbench/graph-canvas.js", headers: ["If-None-Match": "\"other\""]).status == 200)
        try await server.stop()
    }

    @Test func theExamplesAreTheQueriesOfTheExamplesDirectory() async throws {
        let server = try await TestServer.start { $0.examplesDirectory = TestServer.root.appendingPathComponent("queries").path }
        let examples = try #require(try TestServer.json(try await server.get("/examples").body)["examples"] as? [[String: Any]])
        let files = try FileManager.default.contentsOfDirectory(atPath: TestServer.root.appendingPathComponent("queries").path)
            .filter { $0.hasSuffix(".cypher") }
        #expect(examples.count == files.count)
        let labPeople = try #require(examples.first { $0["name"] as? String == "lab-people" })
        #expect((labPeople["description"] as? String)?.hasPrefix("Who works in or with each lab") == true)
        #expect((labPeople["query"] as? String)?.contains("MATCH (l:Lab)<-[r]-(p:Person)") == true)
        try await server.stop()
        let none = try await TestServer.start()
        #expect((try TestServer.json(try await none.get("/examples").body)["examples"] as? [Any])?.isEmpty == true, "none configured")
        try await none.stop()
    }

    @Test func theTimelineSamplesTheLogFromFirstToHead() async throws {
        let server = try await TestServer.start()
        let head = server.database.head
        let timeline = try TestServer.json(try await server.get("/timeline?points=5").body)
        #expect((timeline["head"] as? Int).map(UInt64.init) == head)
        let points = try #require(timeline["points"] as? [[String: Any]])
        let seqs = points.compactMap { $0["seq"] as? Int }
        #expect(seqs.count == 5 && seqs.first == 1 && seqs.last.map(UInt64.init) == head)
        #expect(seqs == seqs.sorted())
        #expect(points.allSatisfy { ($0["recorded_at"] as? String)?.hasSuffix("Z") == true })
        let all = try TestServer.json(try await server.get("/timeline?points=2000").body)["points"] as? [Any]
        #expect(all?.count == Int(head), "a short log is listed whole")
        #expect(try await server.get("/timeline?points=1").status == 400)
        #expect(try await server.get("/timeline?points=many").status == 400)
        try await server.stop()
        let empty = try await TestServer.start(shipped: false)
        #expect(try TestServer.json(try await empty.get("/timeline").body)["points"] as? [Any] != nil)
        try await empty.stop()
    }

    @Test func theDiffIsTheCommandsDiff() async throws {
        let server = try await TestServer.start()
        let answer = try await server.get("/diff?from=400&to=442")
        #expect(answer.status == 200)
        #expect(answer.body == (try server.database.diff(from: .seq(400), to: .seq(442))).json)
        let diff = try TestServer.json(answer.body)
        #expect((diff["entities"] as? [Any])?.isEmpty == false)
        for bad in ["/diff", "/diff?from=1", "/diff?from=x&to=2", "/diff?from=1&to=999999"] {
            let refused = try await server.get(bad)
            #expect(refused.status == 400, "\(bad)")
            #expect(refused.body.contains("\"BadRequest\""))
        }
        try await server.stop()
    }

    @Test func requestsFromAnotherSitesPageAreRefused() async throws {
        let server = try await TestServer.start()
        let query = #"{"query": "RETURN 1"}"#
        for origin in ["http://evil.example", "null", "http://127.0.0.1:\(server.port + 1)", "https://127.0.0.1.evil.example"] {
            let refused = try await server.post("/query", query, headers: ["Origin": origin])
            #expect(refused.status == 403, "Origin: \(origin)")
            #expect(refused.body.contains("cross-origin"))
        }
        let write = try await server.post(
            "/events", #"[{"type":"entity.created","id":"person:csrf","kind":"Person","props":{}}]"#,
            headers: ["Origin": "http://evil.example", "Authorization": "Bearer \(TestServer.writeToken)"])
        #expect(write.status == 403)
        #expect(try server.database.view().node(id: "person:csrf") == nil, "nothing was written")
        #expect(try await server.get("/health", headers: ["Sec-Fetch-Site": "cross-site"]).status == 403)
        // The page's own requests (its origin is the Host it asks: the test client sends `Host: 127.0.0.1`),
        // and programs that send no Origin, are served.
        #expect(try await server.post("/query", query, headers: ["Origin": "http://127.0.0.1"]).status == 200)
        #expect(try await server.get("/health", headers: ["Sec-Fetch-Site": "same-origin"]).status == 200)
        #expect(try await server.post("/query", query).status == 200)
        try await server.stop()
    }
}
