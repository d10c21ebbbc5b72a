// A query's answer while a client pulls it: the rows, how far it has read, and what the final SUCCESS
// says (the kind of query, its write statistics, the bookmark of an auto-commit write).
import Kennis

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

    var fields: PackStreamValue { .list(answer.result.columns.map(PackStreamValue.string)) }

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

    private var summary: PackStreamValue {
        var entries: [(key: String, value: PackStreamValue)] = [
            // No `t_last`: the rows were computed before the first PULL; there is no time of their own to give.
            ("type", .string(!wrote ? "r" : answer.result.columns.isEmpty ? "w" : "rw")), ("db", .string("kennis")),
        ]
        if let bookmark { entries.append(("bookmark", .string(bookmark))) }
        if let statistics = answer.result.statistics { entries.append(("stats", Self.stats(statistics))) }
        return .map(entries)
    }

    private static func stats(_ statistics: WriteStatistics) -> PackStreamValue {
        let counts: [(String, Int)] = [
            ("nodes-created", statistics.nodesCreated), ("nodes-deleted", statistics.nodesDeleted),
            ("relationships-created", statistics.relationshipsCreated), ("relationships-deleted", statistics.relationshipsDeleted),
            ("properties-set", statistics.propertiesSet), ("labels-added", statistics.labelsAdded),
            ("labels-removed", statistics.labelsRemoved),
        ]
        return .map(counts.filter { $0.1 > 0 }.map { ($0.0, .integer(Int64($0.1))) })
    }
}
