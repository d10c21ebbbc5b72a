import Foundation
import Kennis
import Server
import TestSupport
import Testing

/// POST and GET /events: all-or-nothing appends with the first bad event named, tokens, paging.
struct EventRouteTests {
    private func event(_ id: String, _ name: String = "Someone") -> String {
        #"{"type":"entity.created","id":"\#(id)","kind":"Person","props":{"name":"\#(name)"},"source":"https://example.org/\#(id)"}"#
    }

    @Test func aBatchIsAppendedWholeWithTheTokensName() async throws {
        let server = try await TestServer.start()
        let head = Int(server.database.head)
        let response = try await server.post("/events", "[\(event("person:a")), \(event("person:b"))]", headers: server.writeHeaders)
        #expect(response.status == 201)
        let receipt = try TestServer.json(response.body)
        #expect(receipt["first_seq"] as? Int == head + 1 && receipt["last_seq"] as? Int == head + 2 && receipt["count"] as? Int == 2)
        // JSON Lines too; an event's own actor is kept, the token's name fills in.
        var lines = event("person:c") + "\n" + event("person:d").replacingOccurrences(of: #""props""#, with: #""actor":"curator","props""#)
        lines += "\n"
        let ndjson = try await server.post(
            "/events", lines, headers: server.writeHeaders.merging(["Content-Type": "application/x-ndjson"]) { $1 })
        #expect(ndjson.status == 201, "\(ndjson.body)")
        let page = try TestServer.json(try await server.get("/events?after=\(head)").body)
        let events = try #require(page["events"] as? [[String: Any]])
        #expect(events.map { $0["id"] as? String } == ["person:a", "person:b", "person:c", "person:d"])
        #expect(events.map { $0["actor"] as? String } == ["steward", "steward", "steward", "curator"])
        #expect(page["next"] as? Int == head + 4)
        try await server.stop()
    }

    @Test func aBadEventRejectsTheWholeBatchAndSaysWhich() async throws {
        let server = try await TestServer.start()
        let head = server.database.head
        // The second event is invalid (no kind): 422, its index, nothing written.
        let invalid = try await server.post(
            "/events", #"[\#(event("person:x")), {"type":"entity.created","id":"person:y"}]"#, headers: server.writeHeaders)
        #expect(invalid.status == 422)
        let error = try #require(try TestServer.json(invalid.body)["error"] as? [String: Any])
        #expect(error["code"] as? String == "InvalidEvent" && error["index"] as? Int == 1 && error["field"] as? String == "kind")
        // The third conflicts with the log (an id already live): 409, its index and rule.
        let conflict = try await server.post(
            "/events", "[\(event("person:x")), \(event("person:z")), \(event("lab:ai-methods"))]", headers: server.writeHeaders)
        #expect(conflict.status == 409, "\(conflict.body)")
        let conflictError = try #require(try TestServer.json(conflict.body)["error"] as? [String: Any])
        #expect(conflictError["index"] as? Int == 2 && conflictError["rule"] as? String == "already exists")
        #expect(server.database.head == head)
        #expect(try (TestServer.json(try await server.get("/events?after=\(head)").body)["events"] as? [Any])?.isEmpty == true)
        // Bodies that are not events at all.
        for body in ["", "{}", "[1, 2]", "[]", "[{\"type\": \"entity.created\""] {
            let response = try await server.post("/events", body, headers: server.writeHeaders)
            #expect([400, 422].contains(response.status), "\(body): \(response.status) \(response.body)")
        }
        #expect(server.database.head == head)
        try await server.stop()
    }

    @Test func writesNeedAWriteToken() async throws {
        let server = try await TestServer.start { $0.readTokens = [AccessToken(name: "dashboard", secret: TestServer.readToken)] }
        let body = "[\(event("person:q"))]"
        let none = try await server.post("/events", body)
        #expect(none.status == 401 && none.headers["www-authenticate"] == "Bearer")
        #expect(try await server.post("/events", body, headers: ["Authorization": "Bearer not-a-token-of-this-server"]).status == 401)
        #expect(try await server.post("/events", body, headers: ["Authorization": "Bearer \(TestServer.readToken)"]).status == 403)
        // With read tokens configured, reads need one too (a write token will do).
        #expect(try await server.get("/events?limit=1").status == 401)
        #expect(try await server.get("/events?limit=1", headers: ["Authorization": "Bearer \(TestServer.readToken)"]).status == 200)
        #expect(try await server.get("/events?limit=1", headers: server.writeHeaders).status == 200)
        #expect(try await server.get("/health").status == 200, "health stays open")
        try await server.stop()
    }

    @Test func pagesOfTheLogFilterByEntityAndType() async throws {
        let server = try await TestServer.start()
        let page = try TestServer.json(try await server.get("/events?limit=5").body)
        #expect((page["events"] as? [[String: Any]])?.map { $0["seq"] as? Int } == [1, 2, 3, 4, 5] && page["next"] as? Int == 5)
        let lab = try TestServer.json(try await server.get("/events?entity=lab:ai-methods&type=entity.created").body)
        #expect((lab["events"] as? [[String: Any]])?.map { $0["id"] as? String } == ["lab:ai-methods"])
        // An audit: a write over HTTP is recorded with its token's name as the actor.
        #expect(try await server.post("/events", "[\(event("person:audited"))]", headers: server.writeHeaders).status == 201)
        let steward = try TestServer.json(try await server.get("/events?actor=steward").body)
        #expect((steward["events"] as? [[String: Any]])?.map { $0["id"] as? String } == ["person:audited"])
        #expect((try TestServer.json(try await server.get("/events?actor=nobody").body)["events"] as? [Any])?.isEmpty == true)
        for bad in ["/events?limit=0", "/events?limit=100000", "/events?after=-1", "/events?type=entity.deleted"] {
            #expect(try await server.get(bad).status == 400, "\(bad)")
        }
        try await server.stop()
    }

    /// POST /backup with an admin token: a backup into the backup directory that is the live log; an
    /// admin token writes too, under its name.
    @Test func anOperatorBacksUpOverHTTP() async throws {
        let backups = TemporaryDirectory()
        let server = try await TestServer.start {
            $0.adminTokens = [AccessToken(name: "operator", secret: TestServer.adminToken)]
            $0.backupDirectory = backups.path
        }
        let admin = ["Authorization": "Bearer \(TestServer.adminToken)"]
        #expect(try await server.post("/events", "[\(event("person:by-operator"))]", headers: admin).status == 201)
        let answer = try await server.post("/backup", "", headers: admin)
        #expect(answer.status == 201)
        let report = try TestServer.json(answer.body)
        let path = try #require(report["path"] as? String)
        #expect(path.hasPrefix(backups.path + "/kennis-") && report["head_seq"] as? Int == Int(server.database.head))
        let backup = try Database(path: path)
        #expect(try backup.compareLog(with: server.database) == .identical(head: server.database.head))
        var actors: [String?] = []
        try backup.forEachEvent(matching: EventFilter(entity: "person:by-operator")) {
            actors.append($0.event.actor)
            return true
        }
        #expect(actors == ["operator"])
        #expect(try await server.post("/backup", "", headers: server.writeHeaders).status == 403)
        try await server.stop()
    }

    /// POST /erasures needs a steward token; the shipped person's content is gone from every answer, and
    /// the log still verifies.
    @Test func aStewardErasesOverHTTP() async throws {
        let server = try await TestServer.start { $0.stewardTokens = [AccessToken(name: "dpo", secret: TestServer.stewardToken)] }
        let steward = ["Authorization": "Bearer \(TestServer.stewardToken)"]
        let body = #"{"id": "person:carl-moons", "reason": "erasure request 7"}"#
        #expect(try await server.post("/erasures", body).status == 401)
        #expect(try await server.post("/erasures", body, headers: server.writeHeaders).status == 403)
        for (bad, status) in [
            (#"{"id": "person:carl-moons"}"#, 400), (#"{"id": 7, "reason": "x"}"#, 400), ("[1]", 400), ("{", 400),
            (#"{"id": "person:carl-moons", "reason": "x", "colour": 1}"#, 400), (#"{"id": "person:nobody", "reason": "x"}"#, 404),
            (#"{"id": "person:carl-moons", "reason": "  "}"#, 422),
        ] {
            #expect(try await server.post("/erasures", bad, headers: steward).status == status, "\(bad)")
        }
        let head = server.database.head
        let answer = try await server.post("/erasures", body, headers: steward)
        #expect(answer.status == 201)
        let report = try TestServer.json(answer.body)
        let pseudonym = try #require(report["pseudonym"] as? String)
        #expect(pseudonym.hasPrefix("erased:") && report["seq"] as? Int == Int(head) + 1)
        #expect((report["changed_events"] as? [Int])?.isEmpty == false)
        let erasure = try TestServer.json(try await server.get("/events?after=\(head)").body)
        let event = try #require((erasure["events"] as? [[String: Any]])?.first)
        #expect(
            event["type"] as? String == "entity.erased" && event["actor"] as? String == "dpo"
                && event["reason"] as? String == "erasure request 7")
        let query = #"{"query": "MATCH (p:Person) WHERE p.name = 'Carl Moons' RETURN count(*) AS n"}"#
        #expect((try TestServer.json(try await server.post("/query", query).body)["rows"] as? [[Any]])?.first?.first as? Int == 0)
        #expect(try await server.get("/entities/person:carl-moons").status == 404)
        let entity = try TestServer.json(try await server.get("/entities/\(pseudonym)").body)
        #expect((entity["properties"] as? [String: Any])?.isEmpty == true)
        let erased = try #require((entity["provenance"] as? [String: Any])?["erased"] as? [String: Any])
        #expect(
            erased["seq"] as? Int == Int(head) + 1 && erased["actor"] as? String == "dpo"
                && erased["reason"] as? String == "erasure request 7")
        let again = #"{"id": "\#(pseudonym)", "reason": "again"}"#
        #expect(try await server.post("/erasures", again, headers: steward).status == 409)
        #expect(try server.database.verifyLog().erased[UInt64(head) + 1] != nil)
        try await server.stop()
    }

    @Test func aBodyOverTheLimitIsRefused() async throws {
        let server = try await TestServer.start { $0.maximumBodyBytes = 2048 }
        let big = "[" + (0..<40).map { event("person:big-\($0)") }.joined(separator: ",") + "]"
        let response = try await server.post("/events", big, headers: server.writeHeaders)
        #expect(response.status == 413)
        #expect(try (TestServer.json(response.body)["error"] as? [String: Any])?["code"] as? String == "PayloadTooLarge")
        try await server.stop()
    }
}
