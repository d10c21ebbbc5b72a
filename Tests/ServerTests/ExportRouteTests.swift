import Dispatch
import Foundation
import Kennis
import Synchronization
import TestSupport
import Testing

@testable import Server

/// GET /export over real sockets, and the channel that streams it at the client's pace.
struct ExportRouteTests {
    /// The bytes `kennis export` writes for the same view.
    private func document(_ format: GraphExportFormat, _ view: GraphView) throws -> String {
        guard case .document(let export) = format.export(view) else { throw HTTPTestError(description: "not a document") }
        var bytes: [UInt8] = []
        try export.write { bytes += $0 }
        return String(decoding: bytes, as: UTF8.self)
    }

    @Test func theDocumentAsTheCLIWritesItWithItsTypeAndName() async throws {
        let server = try await TestServer.start()
        let now = try await server.get("/export?format=graphml")
        #expect(now.status == 200)
        #expect(now.headers["content-type"] == "application/graphml+xml; charset=utf-8")
        #expect(now.headers["content-disposition"] == "attachment; filename=\"kennis-seq\(server.database.head).graphml\"")
        #expect(now.body == (try document(.graphml, server.database.view())))
        let past = try await server.get("/export?format=jsonl&as_of=357&valid_at=2022-06-01")
        #expect(past.headers["content-type"] == "application/x-ndjson; charset=utf-8")
        #expect(past.body == (try document(.jsonl, server.database.view(at: .seq(357)).valid(at: ValidInstant(iso8601: "2022-06-01")))))
        let gexf = try await server.get("/export?format=gexf")
        #expect(gexf.headers["content-type"] == "application/gexf+xml; charset=utf-8" && gexf.body.hasPrefix("<?xml"))
        try await server.stop()
    }

    @Test func aMissingOrUnknownFormatOrPositionIsABadRequest() async throws {
        let server = try await TestServer.start()
        for (path, words) in [
            ("/export", "format is required: one of graphml, gexf, jsonld, cypher, jsonl, csv"),
            ("/export?format=pdf", "unknown format 'pdf'"),
            ("/export?format=graphml&as_of=999999", "past the head"),
            ("/export?format=graphml&valid_at=soon", "valid_at must be"),
            ("/export?format=jsonld&base=example.org/id/", "the base must begin with a scheme"),
            ("/export?format=jsonld&base=https://e.org/a%20b/", "the base cannot hold a space"),
        ] {
            let answer = try await server.get(path)
            #expect(answer.status == 400, "\(path)")
            #expect(answer.body.contains(words), "\(path): \(answer.body)")
        }
        try await server.stop()
    }

    /// CSV, a directory, comes as a ZIP archive: Python's zipfile reads it (checking every CRC) and
    /// finds each file the export writes, byte for byte.
    @Test func csvAsAZipArchive() async throws {
        let server = try await TestServer.start()
        let answer = try await server.get("/export?format=csv&as_of=357")
        #expect(answer.status == 200 && answer.headers["content-type"] == "application/zip")
        #expect(answer.headers["content-disposition"] == "attachment; filename=\"kennis-seq357.csv.zip\"")
        guard case .files(let export) = GraphExportFormat.csv.export(try server.database.view(at: .seq(357))) else { return }
        var files: [String: [UInt8]] = [:]
        try export.write { files[$0, default: []] += $1 }
        let path = server.directory.appending("export.zip")
        try Data(answer.rawBody).write(to: URL(fileURLWithPath: path))
        let listing = try pythonOutputLines(
            """
            from zipfile import ZipFile
            archive = ZipFile("\(path)")
            assert archive.testzip() is None
            for info in archive.infolist(): print(info.filename, archive.read(info).hex())
            """)
        let expected = files.map { "\($0.key) \($0.value.map { String(format: "%02x", $0) }.joined())" }.sorted()
        #expect(listing.map(String.init).sorted() == expected && expected.count > 10)
        try await server.stop()
    }

    /// A document larger than the socket's buffers reaches a client that reads it slowly, whole; a
    /// client that leaves part way does not stop the server answering others.
    @Test func aLargeDocumentAtTheClientsPace() async throws {
        let server = try await TestServer.start(shipped: false)
        let text = String(repeating: "x", count: 2_000)
        let events = (0..<3_000).map {
            Event(.entityCreated(id: "n:\($0)", kind: "N", properties: Properties([("text", .string(text))]), labels: []))
        }
        _ = try server.database.append(EventBatch(events))
        let expected = try document(.graphml, server.database.view())
        let port = server.port
        let client = server.client
        let response = try await blocking {
            try client.request("GET", "/export?format=graphml") { read in
                if read < 1 << 20 { usleep(2_000) }
            }
        }
        #expect(response.status == 200 && response.body == expected)
        try await blocking {
            let connection = try Connection(port: port, timeoutSeconds: 30)
            try connection.send(Array("GET /export?format=graphml HTTP/1.1\r\nHost: x\r\n\r\n".utf8))
            _ = try connection.receive()
            connection.close()
        }
        #expect(try await server.get("/health").status == 200)
        try await server.stop()
    }

    /// The producer gets no more than `capacity` pieces ahead of the consumer, and stops with
    /// `Abandoned` as soon as the consumer gives up.
    @Test func theChannelHoldsAtMostItsCapacityAndStopsWhenAbandoned() async throws {
        let channel = PieceChannel(capacity: 3)
        let sent = Atomic<Int>(0)
        let stopped = DispatchSemaphore(value: 0)
        let outcome = Mutex<String>("running")
        DispatchQueue.global().async {
            do {
                for index in 0..<1_000 {
                    try channel.send([UInt8(index % 256)])
                    sent.add(1, ordering: .relaxed)
                }
                outcome.withLock { $0 = "finished" }
            } catch is PieceChannel.Abandoned {
                outcome.withLock { $0 = "abandoned" }
            } catch {
                outcome.withLock { $0 = "\(error)" }
            }
            channel.finish()
            stopped.signal()
        }
        // The producer reaches the bound (however slowly it starts) and stays there.
        try await waitUntil { sent.load(ordering: .relaxed) == 3 }
        try await Task.sleep(for: .milliseconds(100))
        #expect(sent.load(ordering: .relaxed) == 3)
        var iterator = channel.pieces.makeAsyncIterator()
        for expected in 0..<2 {
            #expect(try await iterator.next() == [UInt8(expected)])
            channel.written()
        }
        try await waitUntil { sent.load(ordering: .relaxed) == 5 }
        try await Task.sleep(for: .milliseconds(100))
        #expect(sent.load(ordering: .relaxed) == 5)
        channel.abandon()
        #expect(stopped.wait(timeout: .now() + 5) == .success)
        #expect(outcome.withLock { $0 } == "abandoned")
    }
}

/// Waits until `condition` holds, for at most 10 s.
private func waitUntil(_ condition: () -> Bool) async throws {
    for _ in 0..<1000 where !condition() { try await Task.sleep(for: .milliseconds(10)) }
}
