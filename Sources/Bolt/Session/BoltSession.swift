// One Bolt connection's conversation, as the protocol's state machine: HELLO (and, from 5.1, LOGON)
// authenticate; RUN then PULL/DISCARD stream an answer (auto-commit: a write is appended when it
// runs); BEGIN … COMMIT/ROLLBACK is an explicit transaction (its writes staged and appended as one
// batch at COMMIT); after a FAILURE every message but RESET and GOODBYE is IGNORED until RESET.
// A session runs on a worker thread (its connection hands it one message at a time), so it calls the
// database directly, may wait for a bookmark by sleeping, and streams a read's answer from inside the
// PULL that asks for it: the query runs there and waits for the client's next PULL in its own loop
// (BoltRecordStream), so what it holds is one batch, not the answer.
import Kennis

#if canImport(Glibc)
    import Glibc
#endif

/// Unchecked Sendable: a connection's messages are answered by one worker-thread job at a time (its
/// BoltInbox has one server), so a session is never touched by two threads at once.
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
    private let link: any BoltLink
    private(set) var state = State.negotiated
    private var role: AccessRole?
    /// Whether HELLO has been answered, and whether the client has authenticated (HELLO before 5.1,
    /// LOGON since): what RESET returns to.
    private var greeted = false
    private var authenticated = false
    private var transaction: Transaction?
    private var transactionReadOnly = false
    private var transactionPosition: LogPosition?
    private var cursor: BoltOpenResult?
    /// A message that arrived while an answer streamed and stopped it, to be answered next.
    private var pushedBack: [UInt8]?
    private var nextQid: Int64 = 0
    /// How many events the last message appended (an auto-commit write, a COMMIT), for the metrics.
    private(set) var appendedByLast = 0
    /// The outcome ("ok" or the FAILURE's code) of the query or commit the last message finished, if it
    /// finished one: a RUN of a held answer, the PULL that ended a streamed one, a COMMIT.
    private(set) var finishedByLast: String?
    /// Whether the message being answered runs a query or commits (a RUN, a PULL that runs a streamed
    /// answer, a COMMIT): its failure is then the query's outcome.
    private var runsQuery = false

    init(
        database: Database, configuration: BoltConfiguration, version: BoltVersion, connectionID: String, address: String,
        link: any BoltLink
    ) {
        self.database = database
        self.configuration = configuration
        self.version = version
        self.connectionID = connectionID
        self.address = address
        self.link = link
    }

    /// The message that stopped a streamed answer, if one did: the connection answers it next.
    func takePushedBack() -> [UInt8]? {
        defer { pushedBack = nil }
        return pushedBack
    }

    /// The answers to `request`, and whether the connection ends after them.
    func handle(_ request: BoltRequest) -> (responses: [BoltResponse], close: Bool) {
        appendedByLast = 0
        finishedByLast = nil
        runsQuery = false
        if case .goodbye = request { return ([], true) }
        if case .reset = request { return ([reset()], false) }
        if state == .failed { return ([.ignored], false) }
        do {
            return (try respond(to: request), false)
        } catch {
            let failure = BoltFailure(error)
            if runsQuery { finishedByLast = failure.code }
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
        case (.ready, .run(let query, let parameters, let extra)):
            return [try admitted { try run(query, parameters, extra, inTransaction: false) }]
        case (.ready, .begin(let extra)): return [try begin(extra)]
        case (.txReady, .run(let query, let parameters, _)):
            return [try admitted { try run(query, parameters, .map([]), inTransaction: true) }]
        case (.txReady, .commit): return [try commit()]
        case (.txReady, .rollback), (.txStreaming, .rollback):
            endTransaction()
            return [.success(.map([]))]
        case (.streaming, .pull(let extra)), (.txStreaming, .pull(let extra)): return try pull(extra, discarding: false)
        case (.streaming, .discard(let extra)), (.txStreaming, .discard(let extra)): return try pull(extra, discarding: true)
        case (.txStreaming, .run(let query, let parameters, _)):
            // A new query in a transaction discards what the previous one had left.
            cursor = nil
            return [try admitted { try run(query, parameters, .map([]), inTransaction: true) }]
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
        runsQuery = true
        let values = try Self.parameters(parameters)
        let position = inTransaction ? transactionPosition : try prepare(extra)
        let readOnly = inTransaction ? transactionReadOnly : extra["mode"]?.string == "r"
        let started = ContinuousClock.now
        let statement = try StatementCache.shared.statement(query)
        let qid = inTransaction ? nextQid : 0
        if inTransaction { nextQid += 1 }
        let columns: [String]
        if statement.firstUpdatingClause == nil, let streamed = try streamedQuery(statement, values, position) {
            let bookmark = inTransaction ? nil : Self.bookmark(streamed.view.seq)
            cursor = .streamed(BoltStreamedResult(query: streamed, qid: qid, bookmark: bookmark))
            columns = streamed.columns
        } else {
            let answer = try held(statement, values, position, readOnly: readOnly)
            // A query with writing clauses (its statistics), whether in a transaction or not.
            let statistics = answer.result.statistics
            if !inTransaction, let statistics, let first = statistics.firstSeq, let last = statistics.lastSeq {
                appendedByLast = Self.count(first, last)
            }
            let bookmark = inTransaction ? nil : Self.bookmark(statistics?.lastSeq ?? answer.view.seq)
            cursor = .held(BoltResultCursor(answer: answer, version: version, qid: qid, wrote: statistics != nil, bookmark: bookmark))
            columns = answer.result.columns
            finishedByLast = "ok"
        }
        state = inTransaction ? .txStreaming : .streaming
        var metadata: [(key: String, value: PackStreamValue)] = [
            ("fields", .list(columns.map(PackStreamValue.string))),
            ("t_first", .integer(BoltSummary.milliseconds(ContinuousClock.now - started))),
        ]
        if inTransaction { metadata.append(("qid", .integer(qid))) }
        return .success(.map(metadata))
    }

    /// A read ready to stream, in the transaction (seeing its writes) or on the log at `position` or now;
    /// nil when its answer must be held whole.
    private func streamedQuery(_ statement: Statement, _ values: [String: Value], _ position: LogPosition?) throws -> StreamedQuery? {
        let limits = configuration.queryLimits
        if let transaction, position == nil { return try transaction.streamedQuery(statement, parameters: values, limits: limits) }
        return try database.streamedQuery(statement, parameters: values, at: position, limits: limits)
    }

    /// The whole answer of a query that writes, or of a read whose answer cannot be streamed.
    private func held(_ statement: Statement, _ values: [String: Value], _ position: LogPosition?, readOnly: Bool) throws -> QueryAnswer {
        let limits = configuration.queryLimits
        if statement.firstUpdatingClause != nil {
            if readOnly {
                throw BoltFailure(
                    code: "Neo.ClientError.Statement.AccessMode", message: "a query that writes cannot run in a read transaction")
            }
            guard let actor else { throw BoltFailure.forbidden("writing needs a write token") }
            if position != nil { throw BoltFailure.forbidden("a query that writes runs at the head of the log; as_of cannot be given") }
            if let transaction { return try transaction.run(statement, parameters: values, limits: limits) }
            return try database.write(statement, parameters: values, actor: actor, limits: limits)
        }
        if let transaction, position == nil { return try transaction.run(statement, parameters: values, limits: limits) }
        return try database.query(statement, parameters: values, at: position, limits: limits)
    }

    private func pull(_ extra: PackStreamValue, discarding: Bool) throws -> [BoltResponse] {
        guard let open = cursor else { throw BoltFailure.protocolViolation("there is no result to pull") }
        let count = try BoltRecordStream.pullCount(extra, qid: open.qid)
        switch open {
        case .held(var held):
            let responses = discarding ? [held.discard()] : held.pull(count)
            if held.isDone { endResult() } else { cursor = .held(held) }
            return responses
        case .streamed(let streamed):
            if let failure = streamed.failure { throw failure }
            if discarding {
                endResult()
                return [.success(streamed.summary)]
            }
            return try admitted { try self.stream(streamed, count) }
        }
    }

    /// Runs a streamed answer from inside the PULL that asks for it (`count` rows first; the client's
    /// next PULLs are read by the stream itself); answers what ends it.
    private func stream(_ streamed: BoltStreamedResult, _ count: Int64) throws -> [BoltResponse] {
        let started = ContinuousClock.now
        runsQuery = true
        let stream = BoltRecordStream(
            streamed.query, version: version, qid: streamed.qid, demand: count, link: link, admission: configuration.admission)
        do {
            try streamed.query.run(into: stream)
        } catch let error where error.code == .cancelled && stream.stop != nil {
            finishedByLast = "ok"
            return try stopped(streamed, stream.stop!)
        } catch {
            // The rows made before the error go first, as Bolt allows: RECORDs, then the FAILURE.
            link.send(stream.pending)
            throw error
        }
        endResult()
        finishedByLast = "ok"
        let summary = BoltSummary.metadata(
            wrote: false, returnsRows: true, bookmark: streamed.bookmark, statistics: nil, streamed: ContinuousClock.now - started)
        return stream.pending + [.success(summary)]
    }

    /// What answers a streamed answer that stopped early: DISCARD's summary; nothing for a message that
    /// interrupted it (answered next, in the state the stream left) or for a client that went quiet
    /// until the time ran out (its next PULL fails).
    private func stopped(_ streamed: BoltStreamedResult, _ stop: BoltRecordStream.Stop) throws -> [BoltResponse] {
        switch stop {
        case .discarded:
            endResult()
            return [.success(streamed.summary)]
        case .interrupted(let bytes):
            pushedBack = bytes
            var ended = streamed
            ended.failure = .protocolViolation("the result was interrupted by another message")
            cursor = .streamed(ended)
            return []
        case .timedOut:
            var ended = streamed
            ended.failure = BoltFailure(QueryError(.timeout, "the result was not read within the query's time limit"))
            cursor = .streamed(ended)
            return []
        case .failed(let failure):
            throw failure
        }
    }

    /// The open result is done: the connection is ready (in its transaction, if any) for the next query.
    private func endResult() {
        cursor = nil
        state = transaction == nil ? .ready : .txReady
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
        runsQuery = true
        defer { endTransaction() }
        let appended = try transaction.commit()
        finishedByLast = "ok"
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
        while database.head < wanted {
            // Another process may have appended it: catch up with the log before waiting.
            try database.refresh()
            if database.head >= wanted { break }
            guard ContinuousClock.now < deadline else {
                throw BoltFailure(
                    code: "Neo.TransientError.Transaction.BookmarkTimeout",
                    message: "the log has not reached seq \(wanted) (it is at \(database.head))")
            }
            usleep(20_000)
        }
    }

    // MARK: Helpers

    /// Runs `work` (a query running) in one of the server's slots; a transient FAILURE when all are taken.
    private func admitted<T>(_ work: () throws -> T) throws -> T {
        guard configuration.admission.enter() else {
            throw BoltFailure(
                code: "Neo.TransientError.Request.NoThreadsAvailable",
                message: "the server is running as many queries as it may (\(configuration.admission.maximum)); try again shortly")
        }
        defer { configuration.admission.leave() }
        return try work()
    }

    /// The name writes are recorded under: the write token's; nil for a read token or none.
    private var actor: String? { role?.writerName }

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
