import Foundation
import Kennis
import Logging
import Server
import TestSupport

/// A server on a free loopback port over a fresh database (the shipped events, unless told otherwise),
/// for one test.
final class TestServer: Sendable {
    static let writeToken = "steward-token-0123456789"
    static let readToken = "reader-token-0123456789"
    static let adminToken = "operator-token-0123456789"
    static let stewardToken = "data-steward-token-0123456789"
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    let directory: TemporaryDirectory
    let database: Database
    let server: KennisServer
    let port: Int
    private let running: Task<Void, any Error>

    var client: HTTPTestClient { HTTPTestClient(port: port) }
    let writeHeaders = ["Authorization": "Bearer \(TestServer.writeToken)"]

    private init(directory: TemporaryDirectory, database: Database, server: KennisServer, port: Int, running: Task<Void, any Error>) {
        self.directory = directory
        self.database = database
        self.server = server
        self.port = port
        self.running = running
    }

    static func start(shipped: Bool = true, _ configure: (inout ServerConfiguration) -> Void = { _ in }) async throws -> TestServer {
        let directory = TemporaryDirectory()
        let database = try Database(path: directory.appending("db"), create: true)
        if shipped {
            let events = root.appendingPathComponent("events")
            let files = try FileManager.default.contentsOfDirectory(atPath: events.path).filter { $0.hasSuffix(".jsonl") }.sorted()
            _ = try database.importEvents(from: files.map { .file(events.appendingPathComponent($0).path) })
        }
        var configuration = ServerConfiguration()
        configuration.port = 0
        configuration.writeTokens = [AccessToken(name: "steward", secret: writeToken)]
        configuration.projectionsDirectory = root.appendingPathComponent("queries/projections").path
        configure(&configuration)
        let server = try KennisServer(
            database: database, configuration: configuration, logger: Logger(label: "test", factory: { _ in SwiftLogNoOpLogHandler() }))
        let (ports, continuation) = AsyncStream.makeStream(of: Int.self)
        let running = Task {
            try await server.run(handlingSignals: false) { _, port in continuation.yield(port) }
        }
        var iterator = ports.makeAsyncIterator()
        guard let port = await iterator.next() else { throw HTTPTestError(description: "the server did not start") }
        return TestServer(directory: directory, database: database, server: server, port: port, running: running)
    }

    /// Shuts the server down and waits until it has.
    func stop() async throws {
        await server.stop()
        try await running.value
    }

    /// A JSON body parsed.
    static func json(_ text: String) throws -> [String: Any] {
        guard let object = try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any] else {
            throw HTTPTestError(description: "not a JSON object: \(text)")
        }
        return object
    }
}

extension TestServer {
    /// A request from a thread of its own: the socket blocks, and Swift's few cooperative threads
    /// must stay free for the server.
    func request(_ method: String, _ path: String, headers: [String: String] = [:], body: String = "") async throws -> HTTPTestResponse {
        let client = client
        return try await blocking { try client.request(method, path, headers: headers, body: body) }
    }

    func get(_ path: String, headers: [String: String] = [:]) async throws -> HTTPTestResponse {
        try await request("GET", path, headers: headers)
    }

    func post(_ path: String, _ body: String, headers: [String: String] = [:]) async throws -> HTTPTestResponse {
        try await request("POST", path, headers: headers, body: body)
    }
}

/// Runs blocking work on a Dispatch thread and waits for it without holding a cooperative thread.
func blocking<T: Sendable>(_ work: @escaping @Sendable () throws -> T) async throws -> T {
    try await withCheckedThrowingContinuation { continuation in
        DispatchQueue.global().async { continuation.resume(with: Result { try work() }) }
    }
}
