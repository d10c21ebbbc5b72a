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

    private static func session(
        _ database: Database, _ version: BoltVersion = BoltVersion(5, 4), readTokens: Bool = false, link: ScriptedLink = ScriptedLink(),
        admission: Admission = Admission(maximum: 64)
    ) -> BoltSession {
        var configuration = BoltConfiguration()
        configuration.admission = admission
        configuration.authority = TokenAuthority(
            writeTokens: [AccessToken(name: "steward", secret: secret)],
            readTokens: readTokens ? [AccessToken(name: "reader", secret: "bolt-session-read-token-012")] : [])
        return BoltSession(
            database: database, configuration: configuration, version: version, connectionID: "bolt-test", address: "127.0.0.1:7687",
            link: link)
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
        let link = ScriptedLink()
        let session = Self.session(database, link: link)
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
        // Two rows, then (the client's next PULL read by the stream itself) the rest with the summary.
        link.script = [Self.message(0x3F, .map([("n", .integer(-1))]))]
        let rest = session.handle(.pull(extra: .map([("n", .integer(2))]))).responses
        #expect(link.sent == [[.record([.integer(1)]), .record([.integer(2)]), .success(.map([("has_more", .boolean(true))]))]])
        #expect(rest.count == 4)
        guard case .success(let summary) = rest.last else {
            Issue.record("summary")
            return
        }
        #expect(summary["bookmark"] == .string("kennis:467") && summary["type"] == .string("r"))
        #expect(session.state == .ready)
        #expect(session.handle(.goodbye).close)
    }

    @Test func malformedExtrasAreFailuresNotDefaults() throws {
        let (directory, database) = try Self.database()
        withExtendedLifetime(directory) {
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
        #expect(database.head == 467)
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
        #expect(database.head == 467)
        let commit = session.handle(.commit).responses
        #expect(commit == [.success(.map([("bookmark", .string("kennis:469"))]))], "both events in one batch")
        #expect(database.head == 469)
        _ = session.handle(.begin(extra: .map([])))
        _ = session.handle(.run(query: create, parameters: .map([("name", .string("Three"))]), extra: .map([])))
        #expect(session.handle(.rollback).responses == [.success(.map([]))])
        #expect(database.head == 469, "a rollback writes nothing")
        // A transaction whose log moved on meanwhile writes nothing and may be retried.
        _ = session.handle(.begin(extra: .map([])))
        _ = session.handle(.run(query: create, parameters: .map([("name", .string("Four"))]), extra: .map([])))
        _ = session.handle(.pull(extra: .map([])))
        try database.write("CREATE (:Person {name: 'Elsewhere'})", actor: "other")
        let conflict = session.handle(.commit)
        #expect(Self.code(conflict.responses.first) == "Neo.TransientError.Transaction.Outdated")
        #expect(database.head == 470)
    }

    @Test func aStreamedAnswerStopsWhereTheClientSays() throws {
        let (directory, database) = try Self.database()
        withExtendedLifetime(directory) {
            let link = ScriptedLink()
            let session = Self.session(database, link: link)
            _ = session.handle(.hello(extra: .map([])))
            _ = session.handle(.logon(auth: Self.login))
            let run = "UNWIND range(1, 5000000) AS i RETURN i, i * 2 AS twice"
            // DISCARD after the first batch: the summary, and the query stopped (not run to its end).
            _ = session.handle(.run(query: run, parameters: .map([]), extra: .map([])))
            link.script = [Self.message(0x2F, .map([("n", .integer(-1))]))]
            let discarded = session.handle(.pull(extra: .map([("n", .integer(3))]))).responses
            #expect(link.sent.first?.count == 4 && link.sent.first?.last == .success(.map([("has_more", .boolean(true))])))
            guard case .success(let summary)? = discarded.first, discarded.count == 1 else {
                Issue.record("DISCARD: \(discarded)")
                return
            }
            #expect(summary["type"] == .string("r") && session.state == .ready)
            // A message other than PULL or DISCARD stops the stream and is answered next, as the state
            // machine says (RUN while streaming in auto-commit breaks the protocol).
            link.sent = []
            let interrupting = Self.message(0x10, .string("RETURN 1"), .map([]), .map([]))
            link.script = [interrupting]
            _ = session.handle(.run(query: run, parameters: .map([]), extra: .map([])))
            #expect(session.handle(.pull(extra: .map([("n", .integer(2))]))).responses.isEmpty)
            #expect(session.takePushedBack() == interrupting && session.takePushedBack() == nil)
            #expect(Self.code(session.handle(.run(query: "RETURN 1", parameters: .map([]), extra: .map([]))).responses.first) != nil)
            _ = session.handle(.reset)
            // A client gone quiet: the stream ends, and its next PULL is a FAILURE.
            link.script = []
            _ = session.handle(.run(query: run, parameters: .map([]), extra: .map([])))
            #expect(session.handle(.pull(extra: .map([("n", .integer(2))]))).responses.isEmpty)
            let late = session.handle(.pull(extra: .map([("n", .integer(2))]))).responses
            #expect(Self.code(late.first) == "Neo.TransientError.Transaction.Terminated", "\(late)")
            _ = session.handle(.reset)
            // PULL all: records in batches of 1,000 as they are made, the last batch with the summary.
            link.sent = []
            _ = session.handle(.run(query: "UNWIND range(1, 2500) AS i RETURN i", parameters: .map([]), extra: .map([])))
            #expect(session.finishedByLast == nil, "a streamed query has not run at RUN")
            let last = session.handle(.pull(extra: .map([("n", .integer(-1))]))).responses
            #expect(session.finishedByLast == "ok", "the PULL that ends it finishes it (for the log and the metrics)")
            #expect(link.sent.map(\.count) == [1_000, 1_000] && last.count == 501)
            #expect(link.sent[1].first == .record([.integer(1_001)]) && last[499] == .record([.integer(2_500)]))
            // A runtime error after rows: the rows made go first, then the FAILURE.
            link.sent = []
            _ = session.handle(.run(query: "UNWIND [1, 2, 0] AS i RETURN 6 / i", parameters: .map([]), extra: .map([])))
            let failed = session.handle(.pull(extra: .map([("n", .integer(-1))]))).responses
            #expect(link.sent == [[.record([.integer(6)]), .record([.integer(3)])]])
            #expect(Self.code(failed.first) == "Neo.ClientError.Statement.ArgumentError" && session.state == .failed)
            #expect(session.finishedByLast == "Neo.ClientError.Statement.ArgumentError")
        }
    }

    @Test func queriesTakeTheServersSlotsAndAWaitingStreamHoldsNone() throws {
        let (directory, database) = try Self.database()
        withExtendedLifetime(directory) {
            let admission = Admission(maximum: 1)
            let link = ScriptedLink()
            let session = Self.session(database, link: link, admission: admission)
            _ = session.handle(.hello(extra: .map([])))
            _ = session.handle(.logon(auth: Self.login))
            // All slots taken (by an HTTP request, say): a RUN is refused with a transient code, drivers retry.
            #expect(admission.enter())
            let refused = session.handle(.run(query: "RETURN 1", parameters: .map([]), extra: .map([])))
            #expect(Self.code(refused.responses.first) == "Neo.TransientError.Request.NoThreadsAvailable")
            _ = session.handle(.reset)
            admission.leave()
            // A stream waiting for the client's next PULL holds no slot; it takes one back to go on.
            _ = session.handle(.run(query: "UNWIND range(1, 10) AS i RETURN i", parameters: .map([]), extra: .map([])))
            #expect(admission.current == 0, "RUN gave its slot back")
            link.onWait = { #expect(admission.current == 0, "waiting for the client, the stream holds no slot") }
            link.script = [Self.message(0x3F, .map([("n", .integer(-1))]))]
            let rest = session.handle(.pull(extra: .map([("n", .integer(4))]))).responses
            #expect(rest.count == 7 && admission.current == 0)
        }
    }

    /// A Bolt message's bytes, as a client writes them.
    private static func message(_ tag: UInt8, _ fields: PackStreamValue...) -> [UInt8] {
        var writer = PackStreamWriter()
        writer.write(.structure(tag: tag, fields: fields))
        return writer.bytes
    }
}

/// The client, for a session under test: the answers it was sent mid-message, the messages it will send next.
final class ScriptedLink: BoltLink, @unchecked Sendable {
    var sent: [[BoltResponse]] = []
    var script: [[UInt8]] = []
    /// Called when the session waits for the client's next message.
    var onWait: () -> Void = {}

    func send(_ responses: [BoltResponse]) { sent.append(responses) }

    func nextMessage(before deadline: ContinuousClock.Instant?) -> [UInt8]? {
        onWait()
        return script.isEmpty ? nil : script.removeFirst()
    }
}
