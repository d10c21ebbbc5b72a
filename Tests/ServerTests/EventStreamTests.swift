import Foundation
import Kennis
import Server
import TestSupport
import Testing

/// GET /events/stream: every event after a position, in order, exactly once, live, resumable.
struct EventStreamTests {
    private func person(_ id: String) -> String {
        #"[{"type":"entity.created","id":"\#(id)","kind":"Person","props":{"name":"\#(id)"}}]"#
    }

    @Test func aStreamSendsTheTailThenEachNewEventOnceAndResumes() async throws {
        let server = try await TestServer.start()
        let head = Int(server.database.head)
        let port = server.port
        let stream = try await blocking { try HTTPEventStream(port: port, path: "/events/stream?after=\(head - 3)") }
        #expect(stream.status == 200 && stream.headers["content-type"] == "text/event-stream")
        var seen: [Int] = []
        for _ in 0..<3 { seen.append(Int(try await blocking { try stream.next() }?.id ?? "") ?? -1) }
        #expect(seen == [head - 2, head - 1, head])
        // Live: appended after the client caught up.
        for index in 0..<3 { _ = try await server.post("/events", person("person:live-\(index)"), headers: server.writeHeaders) }
        for expected in (head + 1)...(head + 3) {
            let event = try #require(try await blocking { try stream.next() })
            #expect(Int(event.id ?? "") == expected)
            let data = try TestServer.json(event.data)
            #expect(data["seq"] as? Int == expected && data["type"] as? String == "entity.created")
        }
        stream.close()
        // A client that reconnects with Last-Event-ID gets what it missed and nothing twice.
        _ = try await server.post("/events", person("person:missed"), headers: server.writeHeaders)
        let resumed = try await blocking {
            try HTTPEventStream(port: port, path: "/events/stream", headers: ["Last-Event-ID": "\(head + 2)"])
        }
        let first = try #require(try await blocking { try resumed.next() })
        let second = try #require(try await blocking { try resumed.next() })
        #expect(first.id == "\(head + 3)" && second.id == "\(head + 4)")
        #expect(try TestServer.json(second.data)["id"] as? String == "person:missed")
        resumed.close()
        #expect(try await server.get("/events/stream?after=soon").status == 400)
        let ahead = try await server.get("/events/stream", headers: ["Last-Event-ID": "\(head + 1000)"])
        #expect(ahead.status == 400 && ahead.body.contains("past the head"))
        try await server.stop()
    }

    @Test func aClientThatFallsBehindIsDroppedWithAFinalEvent() async throws {
        let server = try await TestServer.start { $0.streamMaximumLag = 5 }
        let port = server.port
        let stream = try await blocking { try HTTPEventStream(port: port, path: "/events/stream") }
        // One batch of 50 puts the caught-up client 50 events behind at once.
        let batch =
            "["
            + (0..<50).map { #"{"type":"entity.created","id":"person:burst-\#($0)","kind":"Person","props":{}}"# }.joined(separator: ",")
            + "]"
        _ = try await server.post("/events", batch, headers: server.writeHeaders)
        let event = try #require(try await blocking { try stream.next() })
        #expect(event.event == "dropped")
        #expect(try TestServer.json(event.data)["resume_after"] as? Int == Int(server.database.head) - 50)
        #expect(try await blocking { try stream.next() } == nil, "the server closes the stream")
        try await server.stop()
    }

    @Test func shutdownEndsTheStreamsAndTheServer() async throws {
        let server = try await TestServer.start()
        let port = server.port
        let stream = try await blocking { try HTTPEventStream(port: port, path: "/events/stream") }
        try await server.stop()
        let last = try #require(try await blocking { try stream.next() })
        #expect(last.event == "shutdown")
    }
}
