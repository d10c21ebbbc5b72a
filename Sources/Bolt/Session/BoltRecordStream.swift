// A streamed answer on its way to the client: each row the query makes becomes a RECORD at once; when
// the rows a PULL asked for have gone and the query makes one more, the batch ends with SUCCESS
// {has_more} and the query waits, inside its loop, for the client's next message — PULL goes on,
// DISCARD and anything else stop the query. So a client reading a million rows 1,000 at a time costs
// the server 1,000 rows, however long it takes.
import Kennis

final class BoltRecordStream: RowReceiver {
    /// Why the query stopped before its last row.
    enum Stop {
        /// DISCARD: the rest is not wanted; the summary answers it.
        case discarded
        /// Another message came (RUN, COMMIT, RESET…): the session answers it once the query has let go.
        case interrupted(by: [UInt8])
        /// No message came before the query's time ran out, or the connection closed.
        case timedOut
        /// The next PULL or DISCARD was malformed.
        case failed(BoltFailure)
    }

    /// RECORDs sent in one write while a PULL asks for many (or all) rows.
    static let batch = 1_000

    private let view: GraphView
    private let version: BoltVersion
    private let qid: Int64
    private let link: any BoltLink
    private let deadline: ContinuousClock.Instant?
    /// The slot of the query running: given back while the stream waits for the client.
    private let admission: Admission
    /// The rows the current PULL asks for (-1: all) and how many it has had.
    private var demand: Int64
    private var delivered: Int64 = 0
    /// RECORDs not yet sent.
    private(set) var pending: [BoltResponse] = []
    private(set) var stop: Stop?

    init(_ query: StreamedQuery, version: BoltVersion, qid: Int64, demand: Int64, link: any BoltLink, admission: Admission) {
        self.admission = admission
        view = query.view
        self.version = version
        self.qid = qid
        self.demand = demand
        self.link = link
        deadline = query.limits.timeout.map { ContinuousClock.now + $0 }
    }

    func receive(_ row: [Value]) throws(QueryError) {
        if demand >= 0 && delivered == demand {
            // A row past what was asked: there is more, so the batch ends here and the client says what next.
            link.send(pending + [.success(.map([("has_more", .boolean(true))]))])
            pending.removeAll(keepingCapacity: true)
            try awaitNextPull()
        }
        pending.append(.record(row.map { BoltValues.pack($0, view: view, version: version) }))
        delivered += 1
        if pending.count >= Self.batch {
            link.send(pending)
            pending.removeAll(keepingCapacity: true)
        }
    }

    /// Waits for the client's next message: a PULL sets the next batch's size; anything else stops the
    /// query (a `Cancelled` error the session catches, reading `stop`).
    private func awaitNextPull() throws(QueryError) {
        // A stream waiting for its client runs nothing: its slot is free meanwhile, and taken back to go on.
        admission.leave()
        let message = link.nextMessage(before: deadline)
        admission.reenter()
        guard let bytes = message else { return try halt(.timedOut) }
        guard let request = try? BoltRequest(message: bytes) else { return try halt(.interrupted(by: bytes)) }
        switch request {
        case .pull(let extra):
            do { demand = try Self.pullCount(extra, qid: qid) } catch { try halt(.failed(error)) }
            delivered = 0
        case .discard(let extra):
            do { _ = try Self.pullCount(extra, qid: qid) } catch { try halt(.failed(error)) }
            try halt(.discarded)
        default:
            try halt(.interrupted(by: bytes))
        }
    }

    private func halt(_ reason: Stop) throws(QueryError) {
        stop = reason
        throw QueryError(.cancelled, "the client stopped the stream")
    }

    /// The `n` of a PULL or DISCARD (-1: all), checking its `qid` names the open result.
    static func pullCount(_ extra: PackStreamValue, qid open: Int64) throws(BoltFailure) -> Int64 {
        let qid = try integer(extra, "qid") ?? -1
        guard qid == -1 || qid == open else { throw BoltFailure.protocolViolation("no open result has qid \(qid)") }
        let count = try integer(extra, "n") ?? -1
        guard count == -1 || count > 0 else { throw BoltFailure.protocolViolation("n must be -1 (all) or a positive number, not \(count)") }
        return count
    }

    /// The integer under `key` of a message's extra map, if any; a FAILURE when it is there but not an integer.
    static func integer(_ extra: PackStreamValue, _ key: String) throws(BoltFailure) -> Int64? {
        guard let value = extra[key], value != .null else { return nil }
        guard let number = value.integer else { throw .protocolViolation("\(key) must be an integer") }
        return number
    }
}
