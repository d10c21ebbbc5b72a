// One Bolt connection's conversation, as the protocol's state machine: HELLO (and, from 5.1, LOGON)
// authenticate; RUN then PULL/DISCARD stream an answer (auto-commit: a write is appended when it
// runs); BEGIN … COMMIT/ROLLBACK is an explicit transaction (its writes staged and appended as one
// batch at COMMIT); after a FAILURE every message but RESET and GOODBYE is IGNORED until RESET.
// A session runs on a worker thread (its connection hands it one batch of messages at a time), so it
// calls the database directly and may wait for a bookmark by sleeping.
import Kennis

#if canImport(Glibc)
    import Glibc
#endif

/// Unchecked Sendable: a connection hands its session to one worker-thread job at a time, and the
/// next only after the previous has finished (BoltConnectionHandler's `busy`), so it is never touched
/// by two threads at once.
final class BoltSession: @unchecked Sendable {
    enum State: Equatable {
        /// Before HELLO.
        case negotiated
        /// 5.1+: after HELLO, before LOGON (and after LOGOFF).
        case authenticating
        case ready
        case streaming
        case txReady
        case txStreaming
        case failed
    }

    private let database: Database
    private let configuration: BoltConfiguration
    let version: BoltVersion
    let connectionID: String
    /// host:port clients reach this server at (ROUTE's answer).
    private let address: String
    private(set) var state = State.negotiated
    private var role: AccessRole?
    /// Whether HELLO has been answered, and whether the client has authenticated (HELLO before 5.1,
    /// LOGON since): what RESET returns to.
    private var greeted = false
    private var authenticated = false
    private var transaction: Transaction?
    private var transactionReadOnly = false
    private var transactionPosition: LogPosition?
    private var cursor: BoltResultCursor?
    private var nextQid: Int64 = 0
    /// How many events the last message appended (an auto-commit write, a COMMIT), for the metrics.
    private(set) var appendedByLast = 0

    init(database: Database, configuration: BoltConfiguration, version: BoltVersion, connectionID: String, address: String) {
        self.database = database
        self.configuration = configuration
        self.version = version
        self.connectionID = connectionID
        self.address = address
    }

    /// The answers to `request`, and whether the connection ends after them.
    func handle(_ request: BoltRequest) -> (responses: [BoltResponse], close: Bool) {
        appendedByLast = 0
        if case .goodbye = request { return ([], true) }
        if case .reset = request { return ([reset()], false) }
        if state == .failed { return ([.ignored], false) }
        do {
            return (try respond(to: request), false)
        } catch {
            let failure = BoltFailure(error)
            // A client that cannot authenticate has nothing more to say (Neo4j closes it too).
            let fatal = failure.code == "Neo.ClientError.Security.Unauthorized" && !authenticated
            state = .failed
            return ([.failure(code: failure.code, message: failure.message)], fatal)
        }
    }

    private func respond(to request: BoltRequest) throws -> [BoltResponse] {
        switch (state, request) {
        case (.negotiated, .hello(let extra)): return [try hello(extra)]
        case (.authenticating, .logon(let auth)): return [try logon(auth)]
        case (.ready, .logoff) where version.hasLogon:
            role = nil
            authenticated = false
            state = .authenticating
            return [.success(.map([]))]
        case (_, .telemetry) where state != .negotiated && state != .authenticating: return [.success(.map([]))]
        case (.ready, .route(_, let bookmarks, _)):
            try waitFor(bookmarks)
            return [route()]
        case (.ready, .run(let query, let parameters, let extra)): return [try run(query, parameters, extra, inTransaction: false)]
        case (.ready, .begin(let extra)): return [try begin(extra)]
        case (.txReady, .run(let query, let parameters, _)): return [try run(query, parameters, .map([]), inTransaction: true)]
        case (.txReady, .commit): return [try commit()]
        case (.txReady, .rollback), (.txStreaming, .rollback):
            endTransaction()
            return [.success(.map([]))]
        case (.streaming, .pull(let extra)), (.txStreaming, .pull(let extra)): return try pull(extra, discarding: false)
        case (.streaming, .discard(let extra)), (.txStreaming, .discard(let extra)): return try pull(extra, discarding: true)
        case (.txStreaming, .run(let query, let parameters, _)):
            // A new query in a transaction discards what the previous one had left.
            cursor = nil
            return [try run(query, parameters, .map([]), inTransaction: true)]
        case (.txStreaming, .commit):
            cursor = nil
            return [try commit()]
        default:
            throw BoltFailure.protocolViolation("\(request.name) cannot be sent now (the connection is \(state))")
        }
    }

    // MARK: Authentication

    private func hello(_ extra: PackStreamValue) throws -> BoltResponse {
        if version.hasLogon {
            state = .authenticating
        } else {
            role = try authenticate(extra)
            authenticated = true
            state = .ready
        }
        greeted = true
        var metadata: [(key: String, value: PackStreamValue)] = [
            // Drivers expect a Neo4j agent string; the rest says what answers.
            ("server", .string("Neo4j/5.26.0 (Kennis)")), ("connection_id", .string(connectionID)),
        ]
        if version >= BoltVersion(4, 3) { metadata.append(("hints", .map([]))) }
        return .success(.map(metadata))
    }

    private func logon(_ auth: PackStreamValue) throws -> BoltResponse {
        role = try authenticate(auth)
        authenticated = true
        state = .ready
        return .success(.map([]))
    }

    /// The role `auth` ({scheme, principal, credentials}) grants: a token as the password of `basic`
    /// or as a `bearer`; `none` reads, when reading needs no token.
    private func authenticate(_ auth: PackStreamValue) throws(BoltFailure) -> AccessRole? {
        let scheme = auth["scheme"]?.string ?? "none"
        switch scheme {
        case "none":
            guard !configuration.authority.readsNeedToken else {
                throw .unauthorized("this server needs a token to read: give it as the password (basic) or as a bearer token")
            }
            return nil
        case "basic", "bearer":
            guard let secret = auth["credentials"]?.string, let role = configuration.authority.role(of: Array(secret.utf8)) else {
                throw .unauthorized("the token is not a token of this server")
            }
            return role
        default:
            throw .unauthorized("the authentication scheme '\(scheme)' is not supported (use basic, bearer or none)")
        }
    }

    // MARK: Queries

    private func run(_ query: String, _ parameters: PackStreamValue, _ extra: PackStreamValue, inTransaction: Bool) throws -> BoltResponse {
        let values = try Self.parameters(parameters)
        let position = inTransaction ? transactionPosition : try prepare(extra)
        let readOnly = inTransaction ? transactionReadOnly : extra["mode"]?.string == "r"
        let (limits, transaction) = (configuration.queryLimits, self.transaction)
        let started = ContinuousClock.now
        let statement = try StatementCache.shared.statement(query)
        let answer: QueryAnswer
        if statement.firstUpdatingClause != nil {
            if readOnly {
                throw BoltFailure(
                    code: "Neo.ClientError.Statement.AccessMode", message: "a query that writes cannot run in a read transaction")
            }
            guard let actor else { throw BoltFailure.forbidden("writing needs a write token") }
            if position != nil { throw BoltFailure.forbidden("a query that writes runs at the head of the log; as_of cannot be given") }
            if let transaction {
                answer = try transaction.run(statement, parameters: values, limits: limits)
            } else {
                answer = try database.write(statement, parameters: values, actor: actor, limits: limits)
            }
        } else if let transaction, position == nil {
            answer = try transaction.run(statement, parameters: values, limits: limits)
        } else {
            answer = try database.query(statement, parameters: values, at: position, limits: limits)
        }
        // A query with writing clauses (its statistics), whether in a transaction or not.
        let wrote = answer.result.statistics != nil
        if !inTransaction, let statistics = answer.result.statistics, let first = statistics.firstSeq, let last = statistics.lastSeq {
            appendedByLast = Self.count(first, last)
        }
        let qid = inTransaction ? nextQid : 0
        if inTransaction { nextQid += 1 }
        let bookmark = inTransaction ? nil : Self.bookmark(answer.result.statistics?.lastSeq ?? answer.view.seq)
        cursor = BoltResultCursor(answer: answer, version: version, qid: qid, wrote: wrote, bookmark: bookmark)
        state = inTransaction ? .txStreaming : .streaming
        var metadata: [(key: String, value: PackStreamValue)] = [
            ("fields", cursor!.fields), ("t_first", .integer(Self.milliseconds(ContinuousClock.now - started))),
        ]
        if inTransaction { metadata.append(("qid", .integer(qid))) }
        return .success(.map(metadata))
    }

    private func pull(_ extra: PackStreamValue, discarding: Bool) throws -> [BoltResponse] {
        guard var open = cursor else { throw BoltFailure.protocolViolation("there is no result to pull") }
        let qid = try Self.integer(extra, "qid") ?? -1
        guard qid == -1 || qid == open.qid else { throw BoltFailure.protocolViolation("no open result has qid \(qid)") }
        let count = try Self.integer(extra, "n") ?? -1
        guard count == -1 || count > 0 else { throw BoltFailure.protocolViolation("n must be -1 (all) or a positive number, not \(count)") }
        let responses = discarding ? [open.discard()] : open.pull(count)
        if open.isDone {
            cursor = nil
            state = transaction == nil ? .ready : .txReady
        } else {
            cursor = open
        }
        return responses
    }

    // MARK: Transactions

    private func begin(_ extra: PackStreamValue) throws -> BoltResponse {
        let position = try prepare(extra)
        transactionReadOnly = extra["mode"]?.string == "r" || position != nil
        transactionPosition = position
        transaction = database.beginTransaction(actor: actor)
        nextQid = 0
        state = .txReady
        return .success(.map([]))
    }

    private func commit() throws -> BoltResponse {
        guard let transaction else { throw BoltFailure.protocolViolation("there is no transaction to commit") }
        defer { endTransaction() }
        let appended = try transaction.commit()
        appendedByLast = appended.map { Self.count($0.firstSeq, $0.lastSeq) } ?? 0
        return .success(.map([("bookmark", .string(Self.bookmark(appended?.lastSeq ?? transaction.seq)))]))
    }

    private func endTransaction() {
        transaction = nil
        cursor = nil
        transactionPosition = nil
        state = .ready
    }

    private func reset() -> BoltResponse {
        endTransaction()
        state = !greeted ? .negotiated : !authenticated ? .authenticating : .ready
        return .success(.map([]))
    }

    // MARK: Positions and bookmarks

    /// Waits for the extra's bookmarks, and reads its `tx_metadata.as_of` (a seq or an RFC 3339 time).
    private func prepare(_ extra: PackStreamValue) throws -> LogPosition? {
        try waitFor(extra["bookmarks"] ?? .list([]))
        switch extra["tx_metadata"]?["as_of"] {
        case nil, .null?: return nil
        case .integer(let seq)? where seq >= 0: return .seq(UInt64(seq))
        case .string(let text)?:
            guard let position = LogPosition(text) else {
                throw BoltFailure.protocolViolation("as_of must be a seq or an RFC 3339 time, not '\(text)'")
            }
            return position
        default: throw BoltFailure.protocolViolation("as_of must be a seq or an RFC 3339 time")
        }
    }

    static func bookmark(_ seq: UInt64) -> String { "kennis:\(seq)" }

    /// The events from `first` to `last`, both included.
    private static func count(_ first: UInt64, _ last: UInt64) -> Int { Int(last - first + 1) }

    private static func milliseconds(_ duration: Duration) -> Int64 {
        duration.components.seconds * 1000 + duration.components.attoseconds / 1_000_000_000_000_000
    }

    /// Waits (bounded) until this server has the newest seq the bookmarks name: a driver's causal
    /// consistency across servers and processes sharing the database.
    private func waitFor(_ bookmarks: PackStreamValue) throws {
        if bookmarks == .null { return }
        guard case .list(let items) = bookmarks else {
            throw BoltFailure(code: "Neo.ClientError.Transaction.InvalidBookmark", message: "bookmarks must be a list of strings")
        }
        var wanted: UInt64 = 0
        for item in items {
            guard let text = item.string, text.hasPrefix("kennis:"), let seq = UInt64(text.dropFirst("kennis:".count)) else {
                throw BoltFailure(
                    code: "Neo.ClientError.Transaction.InvalidBookmark", message: "'\(item.string ?? "?")' is not a Kennis bookmark")
            }
            wanted = max(wanted, seq)
        }
        let deadline = ContinuousClock.now + configuration.bookmarkWait
        while database.graph.head < wanted {
            // Another process may have appended it: catch up with the log before waiting.
            try database.refresh()
            if database.graph.head >= wanted { break }
            guard ContinuousClock.now < deadline else {
                throw BoltFailure(
                    code: "Neo.TransientError.Transaction.BookmarkTimeout",
                    message: "the log has not reached seq \(wanted) (it is at \(database.graph.head))")
            }
            usleep(20_000)
        }
    }

    // MARK: Helpers

    /// The name writes are recorded under: the write token's; nil for a read token or none.
    private var actor: String? {
        if case .writer(let name) = role { return name }
        return nil
    }

    /// The integer under `key` of a message's extra map, if any; a FAILURE when it is there but not an integer.
    private static func integer(_ extra: PackStreamValue, _ key: String) throws(BoltFailure) -> Int64? {
        guard let value = extra[key], value != .null else { return nil }
        guard let number = value.integer else { throw .protocolViolation("\(key) must be an integer") }
        return number
    }

    private static func parameters(_ value: PackStreamValue) throws(BoltFailure) -> [String: Value] {
        guard case .map(let entries) = value else { return [:] }
        var parameters: [String: Value] = [:]
        for entry in entries { parameters[entry.key] = try BoltValues.unpack(entry.value) }
        return parameters
    }

    private func route() -> BoltResponse {
        let servers: [PackStreamValue] = ["WRITE", "READ", "ROUTE"].map { role in
            .map([("addresses", .list([.string(address)])), ("role", .string(role))])
        }
        return .success(.map([("rt", .map([("ttl", .integer(300)), ("db", .string("kennis")), ("servers", .list(servers))]))]))
    }
}
