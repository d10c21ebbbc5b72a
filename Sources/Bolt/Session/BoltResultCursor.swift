// The answer a client is reading: held whole (a write's, or one that groups, orders or drops
// duplicates, which needs every row before the first) and handed out by PULL, or streamed — run by
// the PULLs themselves, each row sent as it is made (BoltRecordStream).
import Kennis

enum BoltOpenResult {
    case held(BoltResultCursor)
    case streamed(BoltStreamedResult)

    var qid: Int64 {
        switch self {
        case .held(let cursor): cursor.qid
        case .streamed(let result): result.qid
        }
    }
}

/// A read query whose rows are made as the client pulls them.
struct BoltStreamedResult {
    let query: StreamedQuery
    let qid: Int64
    let bookmark: String?
    /// Why it can no longer be read (its time ran out while the client was away), if so.
    var failure: BoltFailure?

    var summary: PackStreamValue {
        BoltSummary.metadata(wrote: false, returnsRows: true, bookmark: bookmark, statistics: nil)
    }
}

/// A query's answer, computed whole, while a client pulls it: the rows and how far it has read.
struct BoltResultCursor {
    let answer: QueryAnswer
    let version: BoltVersion
    /// The query's id in its transaction (0 in auto-commit).
    let qid: Int64
    /// Whether the query has writing clauses ("w", or "rw" when it also returns rows) or only reads ("r").
    let wrote: Bool
    /// The bookmark to give when the stream ends (auto-commit only).
    let bookmark: String?
    private var next = 0

    init(answer: QueryAnswer, version: BoltVersion, qid: Int64, wrote: Bool, bookmark: String?) {
        self.answer = answer
        self.version = version
        self.qid = qid
        self.wrote = wrote
        self.bookmark = bookmark
    }

    /// Up to `count` records (all when negative), then the SUCCESS that ends the batch: `has_more`
    /// while rows remain, else the summary.
    mutating func pull(_ count: Int64) -> [BoltResponse] {
        let rows = answer.result.rows
        let end = count < 0 ? rows.count : min(rows.count, next + Int(clamping: count))
        var responses: [BoltResponse] = []
        responses.reserveCapacity(end - next + 1)
        for row in rows[next..<end] {
            responses.append(.record(row.map { BoltValues.pack($0, view: answer.view, version: version) }))
        }
        next = end
        responses.append(next < rows.count ? .success(.map([("has_more", .boolean(true))])) : .success(summary))
        return responses
    }

    /// Skips the rest; the summary.
    mutating func discard() -> BoltResponse {
        next = answer.result.rows.count
        return .success(summary)
    }

    var isDone: Bool { next >= answer.result.rows.count }

    // No `t_last`: the rows were computed before the first PULL; there is no time of their own to give.
    private var summary: PackStreamValue {
        BoltSummary.metadata(
            wrote: wrote, returnsRows: !answer.result.columns.isEmpty, bookmark: bookmark, statistics: answer.result.statistics,
            plan: answer.result.plan)
    }
}
