// Running a Cypher query that writes: under the writer lock, on a staged copy of the graph at the
// head, its clauses make events and apply them as they go; when the query has finished without an
// error, the events are appended as one batch and the staged graph is published. An error anywhere
// — a bad value, a rule of the log, the time limit — appends nothing.
import EventLog
import Graph
public import Query

extension Database {
    /// Runs `text`, which may write, as `actor`. A query without writing clauses runs as a read (at
    /// the head). The answer's result carries the write statistics, with the seqs of the batch.
    @discardableResult
    public func write(
        _ text: String, parameters: [String: Value] = [:], actor: String?, limits: QueryLimits = QueryLimits()
    ) throws -> QueryAnswer {
        try write(Parser.parse(text), parameters: parameters, actor: actor, limits: limits)
    }

    /// Runs a query parsed already, which may write, as `actor`.
    @discardableResult
    public func write(
        _ statement: Statement, parameters: [String: Value] = [:], actor: String?, limits: QueryLimits = QueryLimits()
    ) throws -> QueryAnswer {
        guard statement.firstUpdatingClause != nil else { return try query(statement, parameters: parameters, limits: limits) }
        if let asOf = statement.asOf {
            throw QueryError(
                .semanticError, "a query that writes runs at the head of the log, not AS OF a past position", at: asOf.location)
        }
        if let validAt = statement.validAt { throw Self.writeAtValidTime(validAt) }
        return try withWriterLock { lastSnapshot in
            let base = graph.latest
            let writes = GraphWrites(base: base, actor: actor)
            var result = try Executor(writing: writes, parameters: parameters, limits: withProvenance(limits)).run(statement)
            guard !writes.events.isEmpty else { return QueryAnswer(result: result, view: base.current) }
            var parts = WholeBatch(EventBatch(writes.events))
            let validator = StagedBatchValidator(base: base, staged: writes.state)
            let (receipt, state) = try commit(&parts, validator, lastSnapshot: &lastSnapshot)
            writes.appended(firstSeq: receipt.firstSeq, lastSeq: receipt.lastSeq)
            result.statistics = writes.statistics
            return QueryAnswer(result: result, view: state.current)
        }
    }

    /// A write sees every element whatever its valid time (it sets valid time as a property): VALID AT
    /// only reads.
    static func writeAtValidTime(_ validAt: Expression) -> QueryError {
        QueryError(
            .semanticError,
            "a query that writes sees the graph at every valid time (valid_from and valid_until are properties it may set); VALID AT only reads",
            at: validAt.location)
    }
}
