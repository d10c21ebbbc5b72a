// What one query may cost. Variable-length patterns are where a query can run away (the number of
// paths grows with the branching factor to the power of the depth), so their depth is bounded; the
// rows a query holds are bounded; and a query past its time stops at its next check.

import EventLog

/// Bounds on one query's work; each gives its `Timeout` or `LimitExceeded` error when passed.
public struct QueryLimits: Sendable, Equatable {
    /// The upper bound of `*` and `*2..` when the query gives none.
    public var defaultDepth: Int
    /// The largest upper bound a query may ask for.
    public var maximumDepth: Int
    /// The most rows any stage of a query may hold.
    public var maximumRows: Int
    /// How long a query may run; nil for no limit.
    public var timeout: Duration?
    /// The log's provenance, for `sources()` and `provenance()` (the facade sets it).
    public var provenance: ProvenanceHook?

    /// The stack a thread running a query needs: enough for the deepest query the parser lets through
    /// (reserved, not committed: the pages a query does not reach cost nothing).
    public static let threadStackSize = 256 << 20

    public init(defaultDepth: Int = 8, maximumDepth: Int = 32, maximumRows: Int = 1_000_000, timeout: Duration? = .seconds(30)) {
        self.defaultDepth = defaultDepth
        self.maximumDepth = maximumDepth
        self.maximumRows = maximumRows
        self.timeout = timeout
    }
}

/// One query's running account against its limits. The matcher and executor tick it in their inner
/// loops; it reads the clock only every 1,024 ticks, so checking costs next to nothing.
final class Budget {
    let limits: QueryLimits
    private let deadline: ContinuousClock.Instant?
    // Unchecked: a budget belongs to one query on one thread, and a checked access per tick (a call
    // into the runtime) would cost more than the tick.
    @exclusivity(unchecked) private var ticks = 0
    /// What a PROFILE measures; nil for every other query.
    var profiler: QueryProfiler?

    /// The statement's clock: what `datetime()`, `date.statement()` and the rest read, the same for
    /// every call in one query (openCypher's statement and transaction clocks; a query is its own
    /// transaction).
    let statementTime: UTCInstant

    init(_ limits: QueryLimits) {
        self.limits = limits
        deadline = limits.timeout.map { ContinuousClock.now.advanced(by: $0) }
        statementTime = .now()
    }

    /// An account for another thread's share of the same query: the same limits and deadline, its
    /// own counts (each share holds at most what the whole query may).
    init(sharing other: Budget) {
        limits = other.limits
        deadline = other.deadline
        statementTime = other.statementTime
    }

    /// Counts a unit of work; throws `Timeout` once the deadline has passed.
    @inline(__always)
    func tick() throws(QueryError) {
        ticks &+= 1
        if ticks & 1023 == 0 { try checkDeadline() }
    }

    /// Counts `count` units of work at once (a candidate list built in one go).
    func tick(_ count: Int) throws(QueryError) {
        let before = ticks
        ticks &+= count
        if before >> 10 != ticks >> 10 { try checkDeadline() }
    }

    private func checkDeadline() throws(QueryError) {
        if let deadline, ContinuousClock.now >= deadline {
            let limit = limits.timeout.map { "\($0)" } ?? ""
            throw QueryError(.timeout, "the query ran longer than its time limit (\(limit))")
        }
    }

    /// The most nodes the candidate lists of nested pattern parts may hold at once: a cartesian product
    /// of large parts (`MATCH (a), (b), (c), …`) keeps one list per part while it runs.
    static let maximumHeldCandidates = 1 << 25
    @exclusivity(unchecked) private var heldCandidates = 0

    /// Takes `count` candidates into the query's hold; `LimitExceeded` past the most it may hold.
    func hold(candidates count: Int) throws(QueryError) {
        try tick(count)
        guard heldCandidates + count <= Self.maximumHeldCandidates else {
            throw QueryError(
                .limitExceeded, "the pattern's parts would hold more than \(Self.maximumHeldCandidates) candidate nodes at once")
        }
        heldCandidates += count
    }

    func release(candidates count: Int) { heldCandidates -= count }

    /// Throws `LimitExceeded` when a stage holds more than the row limit.
    func check(rows count: Int) throws(QueryError) {
        if count > limits.maximumRows {
            throw QueryError(.limitExceeded, "the query would hold more than \(limits.maximumRows) rows")
        }
    }
}
