// A query's answer handed over row by row as the last clause makes it, instead of collected: a client
// reading a million rows then costs the server one row at a time, not a million held at once.

/// What a streamed answer is handed to: each row once, in order. A receiver that wants no more
/// throws (a `Cancelled` error, say); the query stops where it is and rethrows it.
public protocol RowReceiver: AnyObject {
    func receive(_ row: [Value]) throws(QueryError)
}

/// A statement whose answer can be streamed, bound: its columns, and its one query with the final
/// RETURN as it runs and the scopes of its clauses (`Executor.streamPlan(of:)`).
public struct StreamPlan: Sendable {
    public let columns: [String]
    let query: SingleQuery
    let projection: Projection
    let scopes: [Set<String>]
}

/// The final RETURN of a streamed answer: projects each row it is given, applies SKIP and LIMIT as
/// the rows pass, and hands the rest to the receiver. Once LIMIT is reached it stops the query.
final class StreamedReturn {
    private let evaluator: Evaluator
    private let expressions: [Expression]
    private let receiver: any RowReceiver
    private var skipping: Int
    private var remaining: Int
    /// Whether the query was stopped because LIMIT was reached (the answer is then complete).
    private(set) var complete = false

    init(_ projection: Projection, _ evaluator: Evaluator, into receiver: any RowReceiver) throws(QueryError) {
        let projector = Projector(evaluator: evaluator)
        self.evaluator = evaluator
        expressions = projection.items.map(\.expression)
        self.receiver = receiver
        let window = try projector.window(of: projection)
        skipping = window.skip
        remaining = window.limit ?? .max
        if remaining == 0 { complete = true }
    }

    /// Projects `row` and hands it on, unless SKIP drops it; stops the query once LIMIT rows have gone.
    func add(_ row: some Bindings) throws(QueryError) {
        if complete { throw QueryError(.cancelled, "LIMIT reached") }
        if skipping > 0 {
            skipping -= 1
            return
        }
        var values: [Value] = []
        values.reserveCapacity(expressions.count)
        for expression in expressions { values.append(try evaluator.evaluate(expression, row)) }
        try receiver.receive(values)
        remaining -= 1
        if remaining == 0 {
            // Nothing after this row is wanted: stop the matching that would find the next.
            complete = true
            throw QueryError(.cancelled, "LIMIT reached")
        }
    }

    /// Whether a RETURN can hand its rows on as they come: it neither groups, drops duplicates nor
    /// orders (each of those needs every row before the first can go).
    static func streams(_ projection: Projection) -> Bool {
        !projection.star && !projection.distinct && projection.orderBy.isEmpty
            && !projection.items.contains { AggregateFunction.occurs(in: $0.expression) }
    }
}
