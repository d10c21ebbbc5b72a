// What a query returns: named columns and rows of values, in order.

/// The columns a query returns and its rows, each with one value per column.
public struct QueryResult: Sendable {
    public let columns: [String]
    public let rows: [[Value]]
    /// What a write query changed; nil for a read.
    public var statistics: WriteStatistics?
    /// The plan, for `EXPLAIN` (estimates only) and `PROFILE` (with each operation's rows and time).
    public var plan: QueryPlan?

    public init(columns: [String], rows: [[Value]], statistics: WriteStatistics? = nil) {
        self.columns = columns
        self.rows = rows
        self.statistics = statistics
    }
}
