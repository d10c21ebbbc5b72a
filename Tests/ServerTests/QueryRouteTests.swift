import Foundation
import Kennis
import Server
import TestSupport
import Testing

/// POST and GET /query over a real socket: answers, formats, positions and errors.
struct QueryRouteTests {
    @Test func aQueryAnswersWithColumnsRowsAndTheSeq() async throws {
        let server = try await TestServer.start()
        let response = try await server.post("/query", #"{"query": "MATCH (l:Lab) RETURN count(l) AS labs, 1.0 AS one"}"#)
        #expect(response.status == 200)
        #expect(response.headers["content-type"]?.hasPrefix("application/json") == true)
        let answer = try TestServer.json(response.body)
        #expect(answer["columns"] as? [String] == ["labs", "one"])
        #expect((answer["rows"] as? [[Any]])?.first?.first as? Int == 10)
        #expect(response.body.contains(",1.0]"), "a float keeps its fraction")
        #expect(answer["seq"] as? Int == Int(server.database.head))
        #expect(answer["elapsed_ms"] is Double)

        // Parameters, AS OF by body and by query, CSV by Accept.
        let before = try await server.post(
            "/query", #"{"query": "MATCH (p:Person) RETURN count(p) AS n", "as_of": 346, "params": {"unused": [1, 2]}}"#)
        #expect(try TestServer.json(before.body)["seq"] as? Int == 346)
        let csv = try await server.request(
            "GET", "/query?q=MATCH%20(l:Lab%20%7Bname:%20$name%7D)%20RETURN%20l.name%20AS%20name&params=%7B%22name%22:%22RAIL%20Lab%22%7D",
            headers: ["Accept": "text/csv"])
        #expect(csv.status == 200 && csv.body == "name\r\nRAIL Lab\r\n")
        #expect(csv.headers["content-type"]?.hasPrefix("text/csv") == true)
        let asOf = try await server.get("/query?q=MATCH%20(p:Person)%20RETURN%20count(p)&as_of=346")
        let asOfAnswer = try TestServer.json(asOf.body)
        #expect(asOfAnswer["seq"] as? Int == 346)
        #expect(try (asOfAnswer["rows"] as? [[Int]]) == (TestServer.json(before.body)["rows"] as? [[Int]]))
        try await server.stop()
    }

    /// `valid_at` in the body and as a query parameter: the world at that valid time; a bad one is a 400.
    @Test func validAtReadsTheWorldAtAValidTime() async throws {
        let server = try await TestServer.start(shipped: false)
        let events = [
            #"{"type":"entity.created","id":"lab:x","kind":"Lab","props":{"valid_from":{"date":"2020-01-01"}}}"#,
            #"{"type":"entity.created","id":"lab:y","kind":"Lab","props":{"valid_until":{"date":"2020-01-01"}}}"#,
        ]
        let appended = try await server.post("/events", "[\(events.joined(separator: ","))]", headers: server.writeHeaders)
        #expect(appended.status == 200 || appended.status == 201)
        let body = try await server.post("/query", #"{"query": "MATCH (l:Lab) RETURN id(l)", "valid_at": "2019-12-31T23:59+00:00"}"#)
        #expect((try TestServer.json(body.body)["rows"] as? [[String]]) == [["lab:y"]])
        let query = try await server.get("/query?q=MATCH%20(l:Lab)%20RETURN%20id(l)&valid_at=2020-01-01")
        #expect((try TestServer.json(query.body)["rows"] as? [[String]]) == [["lab:x"]])
        let clause = try await server.post("/query", #"{"query": "VALID AT date('2030-01-01') MATCH (l:Lab) RETURN count(l)"}"#)
        #expect((try TestServer.json(clause.body)["rows"] as? [[Int]]) == [[1]])
        for bad in ["/query?q=RETURN%201&valid_at=yesterday", "/query?q=RETURN%201&valid_at=2020-02-30"] {
            let response = try await server.get(bad)
            #expect(response.status == 400 && response.body.contains("valid_at"), "\(bad)")
        }
        let write = try await server.post(
            "/query", #"{"query": "CREATE (:Lab)", "valid_at": "2020-01-01"}"#, headers: server.writeHeaders)
        #expect(write.status == 400)
        #expect(try await server.get("/entities/lab:x?valid_at=2020-06-01").status == 200)
        let absent = try await server.get("/entities/lab:x?valid_at=2019-06-01")
        #expect(absent.status == 404 && absent.body.contains("did not hold at that valid time"))
        let world = try await server.get("/diff?valid_from=2019-06-01&valid_to=2020-06-01")
        #expect(world.status == 200 && world.body.contains(#""id":"lab:x""#) && world.body.contains(#""id":"lab:y""#))
        try await server.stop()
    }

    @Test func explainAndProfileAnswerThePlan() async throws {
        let server = try await TestServer.start()
        let head = server.database.head
        let profiled = try TestServer.json(
            try await server.post("/query", #"{"query": "PROFILE MATCH (l:Lab)<-[:MEMBER_OF]-(p:Person) RETURN count(p) AS n"}"#).body)
        let members = try #require((profiled["rows"] as? [[Int]])?.first?.first)
        let steps = try #require(profiled["plan"] as? [[String: Any]])
        #expect(steps.first?["operation"] as? String == "Match" && steps.first?["rows"] as? Int == members)
        #expect(
            steps.first?["ms"] is Double && steps.contains { $0["operation"] as? String == "NodeByLabelScan" && $0["rows"] as? Int == 10 })
        // EXPLAIN runs nothing: a query that writes is planned without a write token, and nothing is written.
        let explained = try await server.post("/query", #"{"query": "EXPLAIN CREATE (:Lab {name: 'Planned'})"}"#)
        #expect(explained.status == 200)
        let plan = try #require(TestServer.json(explained.body)["plan"] as? [[String: Any]])
        #expect(plan.first?["operation"] as? String == "Create" && plan.first?["rows"] == nil)
        #expect(server.database.head == head)
        try await server.stop()
    }

    @Test func errorsCarryTheirCodeLineAndColumn() async throws {
        let server = try await TestServer.start()
        let syntax = try await server.post("/query", #"{"query": "MATCH (n\nRETURN n"}"#)
        #expect(syntax.status == 400)
        let error = try #require(try TestServer.json(syntax.body)["error"] as? [String: Any])
        #expect(error["code"] as? String == "SyntaxError")
        #expect(error["line"] as? Int == 2 && error["column"] as? Int == 1)
        let cases: [(String, Int, String)] = [
            ("not json", 400, "BadRequest"),
            (#"{"query": 5}"#, 400, "BadRequest"),
            (#"{"params": {}}"#, 400, "BadRequest"),
            (#"{"query": "RETURN 1", "as_of": -1}"#, 400, "BadRequest"),
            (#"{"query": "RETURN 1", "as_of": "yesterday"}"#, 400, "BadRequest"),
            (#"{"query": "RETURN 1", "as_of": 999999}"#, 400, "SemanticError"),
            (#"{"query": "RETURN 1", "colour": "red"}"#, 400, "BadRequest"),
            (#"{"query": "MATCH (n) RETURN m"}"#, 400, "SyntaxError"),
            (#"{"query": "RETURN $missing"}"#, 400, "ParameterMissing"),
        ]
        for (body, status, code) in cases {
            let response = try await server.post("/query", body)
            #expect(response.status == status, "\(body)")
            #expect(
                try (TestServer.json(response.body)["error"] as? [String: Any])?["code"] as? String == code, "\(body): \(response.body)")
        }
        // The TCK's detail beside the class.
        let undefined = try await server.post("/query", #"{"query": "MATCH (n)\nRETURN m"}"#)
        let undefinedError = try TestServer.json(undefined.body)["error"] as? [String: Any]
        #expect(
            undefinedError?["detail"] as? String == "UndefinedVariable" && undefinedError?["line"] as? Int == 2
                && undefinedError?["column"] as? Int == 8)
        #expect(try await server.get("/query").status == 400)
        try await server.stop()
    }

    @Test func aQueryThatWritesNeedsTheWriteTokenAndAppendsOneBatch() async throws {
        let server = try await TestServer.start()
        let head = Int(server.database.head)
        let body = #"{"query": "CREATE (l:Lab {name: $name}) RETURN id(l) AS id", "params": {"name": "HTTP Lab"}}"#
        let port = server.port
        let stream = try await blocking { try HTTPEventStream(port: port, path: "/events/stream") }
        defer { stream.close() }
        let anonymous = try await server.post("/query", body)
        #expect(anonymous.status == 401)
        #expect(anonymous.headers["www-authenticate"] != nil)
        let written = try await server.post("/query", body, headers: server.writeHeaders)
        #expect(written.status == 200, "\(written.body)")
        let answer = try TestServer.json(written.body)
        #expect(answer["rows"] as? [[String]] == [["lab:\(head + 1)"]])
        #expect(answer["seq"] as? Int == head + 1)
        let stats = try #require(answer["stats"] as? [String: Any])
        #expect(stats["nodes_created"] as? Int == 1 && stats["properties_set"] as? Int == 1)
        #expect(stats["first_seq"] as? Int == head + 1 && stats["last_seq"] as? Int == head + 1)
        // The event is an ordinary one, its actor the token's name.
        let events = try TestServer.json(try await server.get("/events?after=\(head)").body)["events"] as? [[String: Any]]
        #expect(events?.count == 1)
        #expect(events?.first?["actor"] as? String == "steward")
        #expect(events?.first?["type"] as? String == "entity.created")
        // A stream following the log gets it as it would an appended event.
        let streamed = try #require(try await blocking { try stream.next() })
        #expect(streamed.id == "\(head + 1)")
        // A write that breaks a rule: 409 with the rule, at its place; nothing written.
        let conflict = try await server.post(
            "/query", #"{"query": "CREATE (:Lab {name: 'A'})\nCREATE (:Lab {`@id`: 'lab:ai-methods'})"}"#, headers: server.writeHeaders)
        #expect(conflict.status == 409)
        let error = try #require(try TestServer.json(conflict.body)["error"] as? [String: Any])
        #expect(error["code"] as? String == "ConstraintViolation" && error["rule"] as? String == "already exists")
        #expect(error["line"] as? Int == 2 && error["column"] as? Int == 8)
        #expect(Int(server.database.head) == head + 1)
        // Writes go by POST only, and never to the past.
        #expect(try await server.get("/query?q=CREATE%20(:Lab%20%7Bname:%20'x'%7D)").status == 403)
        let past = try await server.post("/query", #"{"query": "CREATE (:Lab {name: 'x'})", "as_of": 3}"#, headers: server.writeHeaders)
        #expect(past.status == 400)
        #expect(Int(server.database.head) == head + 1)
        // The seqs a write appended are in its headers too, for a CSV answer, which has no stats.
        #expect(written.headers["kennis-first-seq"] == "\(head + 1)" && written.headers["kennis-last-seq"] == "\(head + 1)")
        let csv = try await server.post(
            "/query", #"{"query": "CREATE (l:Lab {name: 'CSV'}) RETURN l.name AS name"}"#,
            headers: server.writeHeaders.merging(["Accept": "text/csv"]) { $1 })
        #expect(csv.body == "name\r\nCSV\r\n")
        #expect(csv.headers["kennis-first-seq"] == "\(head + 2)" && csv.headers["kennis-last-seq"] == "\(head + 2)")
        #expect(try await server.post("/query", #"{"query": "RETURN 1"}"#).headers["kennis-last-seq"] == nil)
        try await server.stop()
    }

    @Test func queriesWhileEventsArriveAnswerAtOneSeq() async throws {
        let server = try await TestServer.start()
        let base = server.database.head
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask {
                for index in 0..<20 {
                    let event =
                        #"[{"type":"entity.created","id":"person:load-\#(index)","kind":"Person","props":{"name":"Load \#(index)"}}]"#
                    let response = try await server.post("/events", event, headers: server.writeHeaders)
                    #expect(response.status == 201)
                }
            }
            for _ in 0..<4 {
                group.addTask {
                    for _ in 0..<10 {
                        let response = try await server.post(
                            "/query", #"{"query": "MATCH (p:Person) WHERE p.name STARTS WITH 'Load ' RETURN count(p) AS n"}"#)
                        let answer = try TestServer.json(response.body)
                        let seq = try #require(answer["seq"] as? Int)
                        let count = try #require((answer["rows"] as? [[Any]])?.first?.first as? Int)
                        // Each append adds one such person: the count must be exactly what the seq says.
                        #expect(count == seq - Int(base), "seq \(seq) with \(count) rows")
                    }
                }
            }
            try await group.waitForAll()
        }
        try await server.stop()
    }
}
