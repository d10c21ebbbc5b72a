// What one query may cost. Variable-length patterns are where a query can run away (the number of
// paths grows with the branching factor to the power of the depth), so their depth is bounded.

/// Bounds on one query's work; each gives its `LimitExceeded` error when passed.
public struct QueryLimits: Sendable, Equatable {
    /// The upper bound of `*` and `*2..` when the query gives none.
    public var defaultDepth: Int
    /// The largest upper bound a query may ask for.
    public var maximumDepth: Int

    public init(defaultDepth: Int = 8, maximumDepth: Int = 32) {
        self.defaultDepth = defaultDepth
        self.maximumDepth = maximumDepth
    }
}
