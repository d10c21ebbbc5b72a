// The graph's side of the log's validation hook: a batch is checked by applying it to a copy of the
// graph, event by event, in order. What passes is exactly the state to publish once the log has
// committed the batch, so checking and projecting can never disagree.
public import EventLog

/// A validator that ends with the graph to publish once the log has committed the batch.
public protocol StagingValidator: BatchValidator {
    /// The base with the whole batch applied.
    var staged: GraphState { get }
}

/// Checks batches against the state rules by applying them to a copy of `base`.
public final class GraphValidator: StagingValidator {
    private let base: GraphState
    /// The base with every event validated so far applied: the state to publish after the commit.
    public private(set) var staged: GraphState
    private var nextSeq: UInt64 = 0

    /// A validator for one append on top of `base`.
    public init(base: GraphState) {
        self.base = base
        self.staged = base
    }

    public func begin(firstSeq: UInt64) {
        staged = base
        nextSeq = firstSeq
    }

    public func validate(_ part: EventBatch, offset: Int) throws(EventInputError) {
        if nextSeq != staged.head + 1 {
            // The log holds events this graph has not seen (another process appended): refuse, so the
            // caller catches up and tries again.
            throw EventInputError(
                field: nil, message: "the graph is at seq \(staged.head) but the log at \(nextSeq - 1); reopen or retry", index: 0)
        }
        for (index, event) in part.events.enumerated() {
            do {
                try staged.apply(event, at: nextSeq)
            } catch {
                throw EventInputError(field: error.field, message: error.message, index: index, rule: error.rule.rawValue)
            }
            nextSeq += 1
        }
    }
}

/// The log's validation hook for a batch already applied to a staged graph (a Cypher write query
/// applies each event as it makes it, so that later clauses see it): the staged state is the state to
/// publish, provided the log appends the batch right after the state it was staged on.
public final class StagedBatchValidator: StagingValidator {
    /// The staged graph: the base with every event of the batch applied.
    public let staged: GraphState
    private let baseHead: UInt64
    private var expectedFirstSeq: UInt64 = 0

    /// A validator for a batch of `staged.head - base.head` events staged on top of `base`.
    public init(base: GraphState, staged: GraphState) {
        self.baseHead = base.head
        self.staged = staged
    }

    public func begin(firstSeq: UInt64) {
        expectedFirstSeq = firstSeq
    }

    public func validate(_ part: EventBatch, offset: Int) throws(EventInputError) {
        // Another process appended since the batch was staged: its events were checked against a
        // state that is no longer the log's, so the batch is refused rather than trusted.
        guard expectedFirstSeq == baseHead + 1, baseHead + UInt64(offset + part.count) <= staged.head else {
            throw EventInputError(
                field: nil,
                message: "the log moved on while the query ran (graph at seq \(baseHead), log at \(expectedFirstSeq - 1)); retry",
                index: 0)
        }
    }
}
