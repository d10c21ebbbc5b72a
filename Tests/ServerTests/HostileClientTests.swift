import Foundation
import Kennis
import Server
import TestSupport
import Testing

/// What attackers and broken clients send, over real sockets: each gets the API's JSON error with a
/// documented status, nothing is written, and the server goes on answering.
struct HostileClientTests {
    /// Bytes sent as they are, and every answer read back.
    private func exchange(_ server: TestServer, _ text: String, finish: Bool = true) async throws -> [HTTPTestResponse] {
        try await exchange(server, Array(text.utf8), finish: finish)
    }

    private func exchange(_ server: TestServer, _ bytes: [UInt8], finish: Bool = true) async throws -> [HTTPTestResponse] {
        let client = server.client
        return try await blocking { try client.exchange(bytes, finish: finish) }
    }

    /// The answer is `status` with the JSON error body and a request id.
    private func expectError(_ response: HTTPTestResponse?, _ status: Int, _ code: String, _ context: String) throws {
        let response = try #require(response, "\(context): no answer")
        #expect(response.status == status, "\(context): \(response.status) \(response.body)")
        let error = try TestServer.json(response.body)["error"] as? [String: Any]
        #expect(error?["code"] as? String == code, "\(context): \(response.body)")
        #expect(error?["message"] is String, "\(context)")
        #expect(response.headers["x-request-id"]?.isEmpty == false, "\(context): no X-Request-Id")
    }

    @Test func requestsThatAreNotHTTPGetJSONErrors() async throws {
        let server = try await TestServer.start()
        let long = String(repeating: "a", count: 100_000)
        let cases: [(String, [UInt8], Int, String)] = [
            ("an unknown method", Array("FOO /health HTTP/1.1\r\nHost: x\r\n\r\n".utf8), 400, "BadRequest"),
            ("a lower-case method", Array("get /health HTTP/1.1\r\nHost: x\r\n\r\n".utf8), 400, "BadRequest"),
            (
                "raw bytes in the path", Array("GET /h".utf8) + [0xFF, 0xFE] + Array("ealth HTTP/1.1\r\nHost: x\r\n\r\n".utf8), 400,
                "BadRequest"
            ),
            ("a 100 KB path", Array("GET /\(long) HTTP/1.1\r\nHost: x\r\n\r\n".utf8), 431, "HeadersTooLarge"),
            ("a 100 KB header", Array("GET /health HTTP/1.1\r\nHost: x\r\nAuthorization: \(long)\r\n\r\n".utf8), 431, "HeadersTooLarge"),
            (
                "Content-Length beside Transfer-Encoding",
                Array("POST /query HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n".utf8), 400,
                "BadRequest"
            ),
            (
                "two Content-Lengths", Array("POST /query HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\nContent-Length: 6\r\n\r\n{}".utf8),
                400, "BadRequest"
            ),
            ("a request cut short", Array("GET /hea".utf8), 400, "BadRequest"),
        ]
        for (name, bytes, status, code) in cases {
            let responses = try await exchange(server, bytes)
            #expect(responses.count == 1, "\(name): \(responses.count) answers")
            try expectError(responses.first, status, code, name)
        }
        #expect(try await server.get("/health").status == 200)
        try await server.stop()
    }

    @Test func aBadChunkSizeIsABadRequestWhetherOrNotTheRouteReadsTheBody() async throws {
        let server = try await TestServer.start()
        let head = server.database.head
        for path in ["/query", "/events", "/projections", "/health"] {
            let responses = try await exchange(
                server,
                "POST \(path) HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer \(TestServer.writeToken)\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\nabc\r\n0\r\n\r\n"
            )
            // One answer per request: a route that answers without reading the body answers alone.
            #expect(responses.count == 1, "\(path): \(responses.map(\.status))")
            let response = try #require(responses.first)
            #expect([400, 405].contains(response.status), "\(path): \(response.status)")
            try expectError(response, response.status, response.status == 400 ? "BadRequest" : "MethodNotAllowed", path)
        }
        #expect(server.database.head == head)
        try await server.stop()
    }

    @Test func aKnownPathWithAnotherMethodIs405WithAllow() async throws {
        let server = try await TestServer.start()
        for (method, path, allowed) in [
            ("TRACE", "/health", "GET"), ("DELETE", "/health", "GET"), ("PUT", "/query", "POST, GET"), ("DELETE", "/events", "POST, GET"),
            ("POST", "/entities/lab:imaging", "GET"), ("PATCH", "/projections/lab-overview", "GET"),
        ] {
            let response = try await server.request(method, path)
            try expectError(response, 405, "MethodNotAllowed", "\(method) \(path)")
            #expect(response.headers["allow"] == allowed, "\(method) \(path): \(response.headers)")
        }
        try expectError(try await server.request("DELETE", "/nowhere"), 404, "NotFound", "DELETE /nowhere")
        try await server.stop()
    }

    @Test func invalidUTF8IsRefusedNotReplaced() async throws {
        let server = try await TestServer.start()
        let head = server.database.head
        let id: [UInt8] = Array("person:".utf8) + [0xED, 0xB2, 0x80]
        let events = Array(#"[{"type":"entity.created","id":""#.utf8) + id + Array(#"","kind":"Person","props":{},"source":"s"}]"#.utf8)
        let post =
            Array(
                "POST /events HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer \(TestServer.writeToken)\r\nContent-Length: \(events.count)\r\n\r\n"
                    .utf8)
            + events
        try expectError(try await exchange(server, post).first, 400, "BadRequest", "an invalid id in a JSON array")
        let query = Array(#"{"query": "RETURN '"#.utf8) + [0xFF] + Array(#"'"}"#.utf8)
        try expectError(
            try await exchange(server, Array("POST /query HTTP/1.1\r\nHost: x\r\nContent-Length: \(query.count)\r\n\r\n".utf8) + query)
                .first,
            400, "BadRequest", "an invalid query body")
        for path in [
            "/query?q=RETURN%20%27%FF%27", "/events?entity=%C3", "/entities/%ED%B2%80",
            "/query?q=RETURN%201&params=%7B%22a%22%3A%22%FF%22%7D",
        ] {
            try expectError(try await server.get(path), 400, "BadRequest", path)
        }
        #expect(server.database.head == head)
        try await server.stop()
    }

    @Test func absurdNumbersAreBadRequests() async throws {
        let server = try await TestServer.start()
        for path in [
            "/events?limit=99999999999999999999", "/events?after=-1", "/events?limit=0", "/events/stream?after=18446744073709551615",
            "/query?q=RETURN%201&as_of=99999999999999999999", "/events?after=1e3",
        ] {
            let response = try await server.get(path)
            try expectError(response, 400, "BadRequest", path)
        }
        try await server.stop()
    }

    @Test func pipelinedRequestsAreAnsweredInOrderAndGarbageAfterThemToo() async throws {
        let server = try await TestServer.start()
        let responses = try await exchange(
            server, "GET /health HTTP/1.1\r\nHost: x\r\n\r\nGET /projections HTTP/1.1\r\nHost: x\r\n\r\nNOT HTTP AT ALL\r\n\r\n")
        #expect(responses.map(\.status) == [200, 200, 400])
        try expectError(responses.last, 400, "BadRequest", "garbage after two requests")
        try await server.stop()
    }

    @Test func aClientTooSlowToSendItsHeadIsDisconnected() async throws {
        let server = try await TestServer.start { $0.requestHeadTimeout = .milliseconds(300) }
        let port = server.port
        // A slowloris: a byte of the head every 100 ms, never finishing it. Timed from the connection:
        // the blocking thread may start late when other tests hold Dispatch's threads.
        let (bytes, held) = try await blocking {
            let connection = try Connection(port: port, timeoutSeconds: 10)
            let connected = ContinuousClock.now
            for byte in Array("GET /health HTTP/1.1\r\nX-Slow: ".utf8) + Array(repeating: UInt8(ascii: "a"), count: 100) {
                do { try connection.send([byte]) } catch { break }
                usleep(100_000)
                if ContinuousClock.now - connected > .seconds(5) { break }
            }
            let bytes = (try? connection.receiveAll()) ?? []
            return (bytes, ContinuousClock.now - connected)
        }
        #expect(bytes.isEmpty)
        #expect(held < .seconds(3), "the connection was held \(held)")
        #expect(try await server.get("/health").status == 200)
        try await server.stop()
    }

    @Test func aBodyThatDoesNotArriveInTimeIs408() async throws {
        let server = try await TestServer.start { $0.requestBodyTimeout = .milliseconds(300) }
        let head = server.database.head
        let responses = try await exchange(
            server, "POST /events HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer \(TestServer.writeToken)\r\nContent-Length: 1000\r\n\r\n[{",
            finish: false)
        try expectError(responses.first, 408, "RequestTimeout", "a body cut off")
        #expect(server.database.head == head)
        try await server.stop()
    }

    @Test func oneClientCannotHoldEveryStream() async throws {
        let server = try await TestServer.start { $0.maximumStreamsPerClient = 2 }
        let port = server.port
        let streams = try await blocking { try (0..<2).map { _ in try HTTPEventStream(port: port, path: "/events/stream?after=0") } }
        try expectError(try await server.get("/events/stream?after=0"), 503, "Overloaded", "a third stream")
        for stream in streams { stream.close() }
        try await server.stop()
    }

    @Test func theDeepestQueriesAnswerAndDeeperOnesAreRefusedOverHTTP() async throws {
        let server = try await TestServer.start(shipped: false)
        let limit = 1_000
        let atLimit = "RETURN " + String(repeating: "(", count: limit - 1) + "1" + String(repeating: ")", count: limit - 1)
        let answered = try await server.post("/query", #"{"query": "\#(atLimit)"}"#)
        #expect(answered.status == 200, "\(answered.body.prefix(300))")
        for text in [
            "RETURN " + String(repeating: "(", count: limit) + "1" + String(repeating: ")", count: limit),
            "RETURN " + Array(repeating: "1", count: 20_000).joined(separator: "+"),
            "RETURN " + String(repeating: "[", count: 5_000) + "1" + String(repeating: "]", count: 5_000),
        ] {
            let response = try await server.post("/query", #"{"query": "\#(text)"}"#)
            try expectError(response, 400, "LimitExceeded", String(text.prefix(30)))
            #expect((try TestServer.json(response.body)["error"] as? [String: Any])?["column"] is Int)
            let get = try await server.get(
                "/query?q=" + text.replacingOccurrences(of: " ", with: "%20").replacingOccurrences(of: "+", with: "%2B"))
            #expect([400, 431].contains(get.status), "GET: \(get.status)")
        }
        #expect(try await server.get("/health").status == 200)
        try await server.stop()
    }

    @Test func deeplyNestedJSONIsRefused() async throws {
        let server = try await TestServer.start(shipped: false)
        for body in [
            String(repeating: "[", count: 100_000) + String(repeating: "]", count: 100_000),
            #"{"query": "RETURN $p", "params": {"p": "# + String(repeating: "[", count: 300) + String(repeating: "]", count: 300) + "}}",
        ] {
            try expectError(try await server.post("/query", body), 400, "BadRequest", String(body.prefix(20)))
        }
        let events = String(repeating: "[", count: 100_000) + String(repeating: "]", count: 100_000)
        try expectError(try await server.post("/events", events, headers: server.writeHeaders), 400, "BadRequest", "deep events")
        try await server.stop()
    }
}
