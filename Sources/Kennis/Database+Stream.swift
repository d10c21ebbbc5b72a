// A read query whose answer is handed over as it is made (Bolt's PULL in batches): its view and its
// columns are settled before the first row, so a client learns the columns at once and every row
// comes from the same view, however long the client takes to read them.
public import Graph
public import Query

/// A read query ready to stream: the view it reads and its answer's columns.
public struct StreamedQuery: Sendable {
    public let view: GraphView
    public let limits: QueryLimits
    private let plan: StreamPlan
    private let parameters: [String: Value]

    public var columns: [String] { plan.columns }

    fileprivate init(plan: StreamPlan, view: GraphView, parameters: [String: Value], limits: QueryLimits) {
        self.plan = plan
        self.view = view
        self.parameters = parameters
        self.limits = limits
    }

    /// Runs the query, handing each row of its answer to `receiver` as it is made; the time limit
    /// counts from here. The receiver's own error (it wanted no more) is rethrown.
    public func run(into receiver: some RowReceiver) throws(QueryError) {
        try Executor(view: view, parameters: parameters, limits: limits).stream(plan, into: receiver)
    }
}

extension Database {
    /// `statement` ready to stream on the graph at `position` (its own `AS OF`, or now); nil when its
    /// answer cannot be streamed (it writes, or ends with grouping, DISTINCT, ORDER BY or UNION), for
    /// the caller to run with `query`.
    public func streamedQuery(
        _ statement: Statement, parameters: [String: Value] = [:], at position: LogPosition? = nil, validAt: ValidInstant? = nil,
        limits: QueryLimits = QueryLimits()
    ) throws -> StreamedQuery? {
        guard let plan = try Executor.streamPlan(of: statement) else { return nil }
        let view = try view(for: statement, parameters, at: position, validAt: validAt)
        return StreamedQuery(plan: plan, view: view, parameters: parameters, limits: withProvenance(limits))
    }
}

extension Transaction {
    /// A reading `statement` ready to stream on the transaction's graph (with its writes so far), or at
    /// its own `AS OF`; nil when its answer cannot be streamed.
    public func streamedQuery(
        _ statement: Statement, parameters: [String: Value] = [:], limits: QueryLimits = QueryLimits()
    ) throws -> StreamedQuery? {
        guard statement.asOf == nil else { return try database.streamedQuery(statement, parameters: parameters, limits: limits) }
        guard let plan = try Executor.streamPlan(of: statement) else { return nil }
        let view = currentView.valid(at: try database.validInstant(for: statement, parameters, given: nil))
        return StreamedQuery(plan: plan, view: view, parameters: parameters, limits: database.withProvenance(limits))
    }
}
