import Foundation
import Kennis
import TestSupport
import Testing

@testable import Bolt

/// A connection's state machine on a real database of the shipped events: authentication, streaming in
/// batches, FAILURE → IGNORED → RESET, explicit transactions that write once at COMMIT or not at all.
struct BoltSessionTests {
    private static let secret = "bolt-session-test-token-0123"

    private static func database() throws -> (TemporaryDirectory, Database) {
        let directory = TemporaryDirectory()
        let database = try Database(path: directory.appending("db"), create: true)
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let events = root.appendingPathComponent("events")
        let files = try FileManager.default.contentsOfDirectory(atPath: events.path).filter { $0.hasSuffix(".jsonl") }.sorted()
        _ = try database.importEvents(from: files.map { .file(events.appendingPathComponent($0).path) })
        return (directory, database)
    }

    private static func session(_ database: Database, _ version: BoltVersion = BoltVersion(5, 4), readTokens: Bool = false) -> BoltSession {
        var configuration = BoltConfiguration()
        configuration.authority = TokenAuthority(
            writeTokens: [AccessToken(name: "steward", secret: secret)],
            readTokens: readTokens ? [AccessToken(name: "reader", secret: "bolt-session-read-token-012")] : [])
        return BoltSession(
            database: database, configuration: configuration, version: version, connectionID: "bolt-test", address: "127.0.0.1:7687")
    }

    private static let login: PackStreamValue = .map([
        ("scheme", .string("basic")), ("principal", .string("x")), ("credentials", .string(secret)),
    ])

    private static func code(_ response: BoltResponse?) -> String? {
        if case .failure(let code, _)? = response { return code }
        return nil
    }

    @Test func aFailureIsFollowedByIgnoredUntilReset() async throws {
        let (directory, database) = try Self.database()
        _ = directory
        let session = Self.session(database)
        #expect(session.handle(.run(query: "RETURN 1", parameters: .map([]), extra: .map([]))).responses.count == 1)
        #expect(session.state == .failed, "RUN before HELLO breaks the protocol")
        #expect(session.handle(.reset).responses == [.success(.map([]))])
        #expect(session.state == .negotiated, "RESET returns to where authentication left the connection")
        guard case .success(let hello) = session.handle(.hello(extra: .map([]))).responses.first else {
            Issue.record("HELLO")
            return
        }
        #expect(hello["server"]?.string?.hasPrefix("Neo4j/") == true)
        #expect(session.handle(.logon(auth: Self.login)).responses == [.success(.map([]))])
        let failed = session.handle(.run(query: "MATCH (n RETURN n", parameters: .map([]), extra: .map([])))
        #expect(Self.code(failed.responses.first) == "Neo.ClientError.Statement.SyntaxError")
        #expect(session.handle(.pull(extra: .map([]))).responses == [.ignored])
        #expect(session.handle(.run(query: "RETURN 1", parameters: .map([]), extra: .map([]))).responses == [.ignored])
        #expect(session.handle(.reset).responses == [.success(.map([]))])
        #expect(session.state == .ready)
        let run = session.handle(.run(query: "UNWIND range(1, 5) AS i RETURN i", parameters: .map([]), extra: .map([])))
        guard case .success(let metadata) = run.responses.first else {
            Issue.record("RUN")
            return
        }
        #expect(metadata["fields"] == .list([.string("i")]))
        // Two rows, then the rest with the summary.
        let first = session.handle(.pull(extra: .map([("n", .integer(2))]))).responses
        #expect(first == [.record([.integer(1)]), .record([.integer(2)]), .success(.map([("has_more", .boolean(true))]))])
        let rest = session.handle(.pull(extra: .map([("n", .integer(-1))]))).responses
        #expect(rest.count == 4)
        guard case .success(let summary) = rest.last else {
            Issue.record("summary")
            return
        }
        #expect(summary["bookmark"] == .string("kennis:442") && summary["type"] == .string("r"))
        #expect(session.state == .ready)
        #expect(session.handle(.goodbye).close)
    }

    @Test func malformedExtrasAreFailuresNotDefaults() throws {
        let (directory, database) = try Self.database()
        try withExtendedLifetime(directory) {
            let session = Self.session(database)
            _ = session.handle(.hello(extra: .map([])))
            _ = session.handle(.logon(auth: Self.login))
            let bad: [(PackStreamValue, String)] = [
                (.map([("n", .integer(0))]), "n must be -1"), (.map([("n", .integer(-5))]), "n must be -1"),
                (.map([("n", .string("all"))]), "n must be an integer"), (.map([("qid", .float(0))]), "qid must be an integer"),
            ]
            for (extra, message) in bad {
                _ = session.handle(.run(query: "RETURN 1", parameters: .map([]), extra: .map([])))
                guard case .failure(_, let text)? = session.handle(.pull(extra: extra)).responses.first else {
                    Issue.record("PULL \(extra) was answered")
                    continue
                }
                #expect(text.contains(message), "\(text)")
                _ = session.handle(.reset)
            }
            let bookmarks = session.handle(.begin(extra: .map([("bookmarks", .string("kennis:1"))])))
            #expect(Self.code(bookmarks.responses.first) == "Neo.ClientError.Transaction.InvalidBookmark")
        }
    }

    @Test func authenticationIsTheTokensOfTheServer() async throws {
        let (directory, database) = try Self.database()
        _ = directory
        let wrong = Self.session(database)
        _ = wrong.handle(.hello(extra: .map([])))
        let refused = wrong.handle(.logon(auth: .map([("scheme", .string("basic")), ("credentials", .string("not-a-token"))])))
        #expect(Self.code(refused.responses.first) == "Neo.ClientError.Security.Unauthorized" && refused.close)
        let guarded = Self.session(database, readTokens: true)
        _ = guarded.handle(.hello(extra: .map([])))
        let anonymous = guarded.handle(.logon(auth: .map([("scheme", .string("none"))])))
        #expect(Self.code(anonymous.responses.first) == "Neo.ClientError.Security.Unauthorized")
        // Bolt 4.4 authenticates in HELLO; a read token reads and cannot write.
        let old = Self.session(database, BoltVersion(4, 4), readTokens: true)
        let hello = old.handle(
            .hello(extra: .map([("scheme", .string("bearer")), ("credentials", .string("bolt-session-read-token-012"))])))
        guard case .success = hello.responses.first else {
            Issue.record("HELLO 4.4: \(hello.responses)")
            return
        }
        let write = old.handle(.run(query: "CREATE (:Person {name: 'x'})", parameters: .map([]), extra: .map([])))
        #expect(Self.code(write.responses.first) == "Neo.ClientError.Security.Forbidden")
        #expect(database.graph.head == 442)
    }

    @Test func aTransactionWritesOnceAtCommitOrNotAtAll() async throws {
        let (directory, database) = try Self.database()
        _ = directory
        let session = Self.session(database)
        _ = session.handle(.hello(extra: .map([])))
        _ = session.handle(.logon(auth: Self.login))
        #expect(session.handle(.begin(extra: .map([]))).responses == [.success(.map([]))])
        let create = "CREATE (p:Person {name: $name}) RETURN p.name AS name"
        _ = session.handle(.run(query: create, parameters: .map([("name", .string("One"))]), extra: .map([])))
        _ = session.handle(.pull(extra: .map([])))
        _ = session.handle(.run(query: create, parameters: .map([("name", .string("Two"))]), extra: .map([])))
        _ = session.handle(.pull(extra: .map([])))
        // The transaction reads its own writes; the log has none of them yet.
        _ = session.handle(
            .run(query: "MATCH (p:Person) WHERE p.name IN ['One', 'Two'] RETURN count(p)", parameters: .map([]), extra: .map([])))
        #expect(session.handle(.pull(extra: .map([]))).responses.first == .record([.integer(2)]))
        #expect(database.graph.head == 442)
        let commit = session.handle(.commit).responses
        #expect(commit == [.success(.map([("bookmark", .string("kennis:444"))]))], "both events in one batch")
        #expect(database.graph.head == 444)
        _ = session.handle(.begin(extra: .map([])))
        _ = session.handle(.run(query: create, parameters: .map([("name", .string("Three"))]), extra: .map([])))
        #expect(session.handle(.rollback).responses == [.success(.map([]))])
        #expect(database.graph.head == 444, "a rollback writes nothing")
        // A transaction whose log moved on meanwhile writes nothing and may be retried.
        _ = session.handle(.begin(extra: .map([])))
        _ = session.handle(.run(query: create, parameters: .map([("name", .string("Four"))]), extra: .map([])))
        _ = session.handle(.pull(extra: .map([])))
        try database.write("CREATE (:Person {name: 'Elsewhere'})", actor: "other")
        let conflict = session.handle(.commit)
        #expect(Self.code(conflict.responses.first) == "Neo.TransientError.Transaction.Outdated")
        #expect(database.graph.head == 445)
    }
}
