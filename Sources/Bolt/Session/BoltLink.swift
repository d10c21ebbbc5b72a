// The connection as a session sees it while it streams an answer: the rows a PULL asked for go out
// before the query has finished, and the client's next message is read while the query waits for it.

/// A session's way to its client in the middle of a message.
protocol BoltLink: AnyObject, Sendable {
    /// Sends `responses` now (after every answer given before them), waiting while the client is
    /// behind in reading: what a streamed answer holds is bounded by what the client reads.
    func send(_ responses: [BoltResponse])
    /// The client's next message, waiting for it until `deadline`; nil when none came by then or the
    /// connection closed.
    func nextMessage(before deadline: ContinuousClock.Instant?) -> [UInt8]?
}
