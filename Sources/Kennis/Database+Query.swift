// Running a Cypher query on the database: parse, pick the view its AS OF (or the caller's position)
// names, execute on that one view. The view is returned with the result, so callers can say which
// seq the answer reflects and render nodes from the same snapshot.
import EventLog
public import Graph
public import Query

/// A query's answer and the view it was computed on.
public struct QueryAnswer: Sendable {
    public let result: QueryResult
    public let view: GraphView

    public init(result: QueryResult, view: GraphView) {
        self.result = result
        self.view = view
    }
}

extension Database {
    /// Runs `text` with `parameters`, on the graph at `position` (the query's own `AS OF` when it has
    /// one; giving both is an error) or now, within `limits`. Query errors are `QueryError`s with their place.
    public func query(
        _ text: String, parameters: [String: Value] = [:], at position: LogPosition? = nil, validAt: ValidInstant? = nil,
        limits: QueryLimits = QueryLimits()
    ) throws -> QueryAnswer {
        try query(Parser.parse(text), parameters: parameters, at: position, validAt: validAt, limits: limits)
    }

    /// Runs a query parsed already (a caller that looks at the statement first parses it once).
    public func query(
        _ statement: Statement, parameters: [String: Value] = [:], at position: LogPosition? = nil, validAt: ValidInstant? = nil,
        limits: QueryLimits = QueryLimits()
    ) throws -> QueryAnswer {
        let view = try self.view(for: statement, parameters, at: position, validAt: validAt)
        return QueryAnswer(
            result: try Executor(view: view, parameters: parameters, limits: withProvenance(limits)).run(statement), view: view)
    }

    /// The plan `query` would run with, without running it: the same parse, time travel and planner.
    public func explain(
        _ text: String, parameters: [String: Value] = [:], at position: LogPosition? = nil, validAt: ValidInstant? = nil
    ) throws -> QueryPlan {
        let statement = try Parser.parse(text)
        return try Executor(view: try view(for: statement, parameters, at: position, validAt: validAt), parameters: parameters)
            .explain(statement)
    }

    /// The view a statement reads: the one its `AS OF` names, or `position`, or now; at the valid time
    /// its `VALID AT` names, or `validAt`, or at every valid time.
    func view(for statement: Statement, _ parameters: [String: Value], at position: LogPosition?, validAt: ValidInstant?) throws
        -> GraphView
    {
        let view = try self.view(for: statement, parameters, at: position)
        return view.valid(at: try validInstant(for: statement, parameters, given: validAt))
    }

    /// The valid time a statement reads at: its own `VALID AT` (giving `given` too is an error) or `given`.
    func validInstant(for statement: Statement, _ parameters: [String: Value], given: ValidInstant?) throws(QueryError) -> ValidInstant? {
        guard let expression = statement.validAt else { return given }
        guard given == nil else {
            throw QueryError(.semanticError, "the query says VALID AT and a valid time was also given; give one", at: expression.location)
        }
        let value = try Evaluator(view: graph.view(), parameters: parameters).evaluate(expression, Row())
        switch value {
        case .temporal(let temporal):
            if let instant = ValidInstant(temporal) { return instant }
        // As AS OF takes a time's text: a date or date-time in ISO 8601 (`$validAt` from a client).
        case .string(let text):
            if let instant = ValidInstant(iso8601: text) { return instant }
        default: break
        }
        throw QueryError(
            .semanticError,
            "VALID AT expects a DATE, a DATETIME or a LOCAL DATETIME (read in UTC), or the ISO 8601 text of one, got \(value.typeName)",
            at: expression.location)
    }

    /// The view a statement reads: the one its `AS OF` names, or `position`, or now.
    private func view(for statement: Statement, _ parameters: [String: Value], at position: LogPosition?) throws -> GraphView {
        var position = position
        if let asOf = statement.asOf {
            guard position == nil else {
                throw QueryError(.semanticError, "the query says AS OF and a position was also given; give one", at: asOf.location)
            }
            position = try self.position(of: asOf, parameters)
        }
        do {
            return try self.view(at: position)
        } catch let error as PositionError {
            throw QueryError(.semanticError, error.description, at: statement.asOf?.location)
        }
    }

    /// The position an `AS OF` expression names: a non-negative integer seq or an RFC 3339 time.
    private func position(of expression: Expression, _ parameters: [String: Value]) throws(QueryError) -> LogPosition {
        let value = try Evaluator(view: graph.view(), parameters: parameters).evaluate(expression, Row())
        switch value {
        case .integer(let n) where n >= 0: return .seq(UInt64(n))
        case .string(let s):
            guard let time = Timestamp(rfc3339: s) else {
                throw QueryError(
                    .semanticError, "AS OF expects an RFC 3339 time such as '2026-01-01T00:00:00Z', got '\(s)'", at: expression.location)
            }
            return .time(time)
        case .temporal(let temporal):
            guard let time = Self.instant(of: temporal) else {
                throw QueryError(
                    .semanticError,
                    "AS OF expects a point in time: a DATE, a DATETIME or a LOCAL DATETIME (read in UTC), got \(value.typeName)",
                    at: expression.location)
            }
            return .time(time)
        default:
            throw QueryError(
                .semanticError, "AS OF expects a seq (a non-negative integer), an RFC 3339 time string or a date or date-time",
                at: expression.location)
        }
    }

    /// The millisecond (the log's resolution, rounded down) of the instant a value names as valid time
    /// does — a date's midnight UTC (as a bare date in text), a date-time, a local date-time read in
    /// UTC; nil for times and durations.
    private static func instant(of value: TemporalValue) -> Timestamp? {
        guard let instant = ValidInstant(value) else { return nil }
        let (millis, overflow) = instant.seconds.multipliedReportingOverflow(by: 1_000)
        return overflow ? nil : Timestamp(milliseconds: millis + instant.nanosecond / 1_000_000)
    }
}
