// Explicit transactions (Bolt's BEGIN … COMMIT): the statements of a transaction run one after another
// on a staged copy of the graph as it stood when the transaction began, each seeing what the ones
// before it wrote; nothing is locked meanwhile. COMMIT appends all their events as one batch, under the
// writer lock, if the log has not moved since the transaction began; if it has, nothing is written and
// the caller is told to retry (optimistic concurrency: the staged events were checked against a graph
// that is no longer the log's). ROLLBACK, or dropping the transaction, writes nothing.
import EventLog
import Graph
public import Query
import Synchronization

/// The log moved on while a transaction ran: it wrote nothing, and may be run again.
public struct TransactionConflict: Error, Sendable, CustomStringConvertible {
    public let description: String
}

/// One explicit transaction. Its statements run one at a time (a connection runs one at a time).
public final class Transaction: Sendable {
    let database: Database
    private let base: GraphState
    // A transaction belongs to one connection, which runs its statements one after another; the lock
    // makes that a rule rather than a hope.
    private let writes: Mutex<GraphWrites>

    init(database: Database, actor: String?) {
        self.database = database
        base = database.graph.latest
        writes = Mutex(GraphWrites(base: base, actor: actor))
    }

    /// The seq of the graph the transaction reads (and writes on top of).
    public var seq: UInt64 { base.head }

    /// The graph as the transaction's writes so far have left it.
    var currentView: GraphView { writes.withLock { $0.state.current } }

    /// Runs a statement in the transaction: a read sees the transaction's writes so far; a statement
    /// with its own `AS OF` reads the log at that position (and may not write).
    public func run(_ statement: Statement, parameters: [String: Value] = [:], limits: QueryLimits = QueryLimits()) throws -> QueryAnswer {
        if statement.asOf != nil {
            guard statement.firstUpdatingClause == nil else {
                throw QueryError(.semanticError, "a query that writes runs at the head of the log, not AS OF a past position")
            }
            return try database.query(statement, parameters: parameters, limits: limits)
        }
        if let validAt = statement.validAt {
            guard statement.firstUpdatingClause == nil else { throw Database.writeAtValidTime(validAt) }
            let view = currentView.valid(at: try database.validInstant(for: statement, parameters, given: nil))
            return QueryAnswer(
                result: try Executor(view: view, parameters: parameters, limits: database.withProvenance(limits)).run(statement), view: view
            )
        }
        return try writes.withLock { writes in
            let result = try Executor(writing: writes, parameters: parameters, limits: database.withProvenance(limits)).run(statement)
            return QueryAnswer(result: result, view: writes.state.current)
        }
    }

    /// Appends the transaction's events as one batch; nil when it wrote nothing. Throws
    /// `TransactionConflict` when the log moved on since the transaction began.
    public func commit() throws -> (firstSeq: UInt64, lastSeq: UInt64)? {
        try writes.withLock { writes in
            guard !writes.events.isEmpty else { return nil }
            return try database.withWriterLock { lastSnapshot in
                let head = database.graph.latest.head
                guard head == base.head else {
                    throw TransactionConflict(
                        description:
                            "the log moved on while the transaction ran (it read seq \(base.head), the log is at \(head)); run it again")
                }
                var parts = WholeBatch(EventBatch(writes.events))
                let validator = StagedBatchValidator(base: base, staged: writes.state)
                let (receipt, _) = try database.commit(&parts, validator, lastSnapshot: &lastSnapshot)
                writes.appended(firstSeq: receipt.firstSeq, lastSeq: receipt.lastSeq)
                return (receipt.firstSeq, receipt.lastSeq)
            }
        }
    }
}

extension Database {
    /// A transaction on the graph as it stands now, whose writes are recorded as `actor`'s.
    public func beginTransaction(actor: String?) -> Transaction {
        Transaction(database: self, actor: actor)
    }
}
