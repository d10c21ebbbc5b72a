// Parsed queries by their text, so that a query a client sends again and again with new parameters
// (what drivers and dashboards do) is parsed once: parsing is a good part of a point lookup's cost.
public import Query
import Synchronization

/// A bounded map from query text to its parsed statement.
public final class StatementCache: Sendable {
    /// The statements a server keeps; texts longer than `maximumTextBytes` are parsed each time.
    public static let shared = StatementCache(capacity: 1_024, maximumTextBytes: 16 << 10)

    private let capacity: Int
    private let maximumTextBytes: Int
    private let statements = Mutex<[String: Statement]>([:])

    public init(capacity: Int, maximumTextBytes: Int) {
        self.capacity = capacity
        self.maximumTextBytes = maximumTextBytes
    }

    /// `text` parsed, from the cache when it was parsed before. A text that does not parse throws
    /// each time (errors are not kept).
    public func statement(_ text: String) throws -> Statement {
        guard text.utf8.count <= maximumTextBytes else { return try Parser.parse(text) }
        if let known = statements.withLock({ $0[text] }) { return known }
        let statement = try Parser.parse(text)
        statements.withLock { statements in
            // Full: start again rather than track use; the queries in use come back at once.
            if statements.count >= capacity { statements.removeAll(keepingCapacity: true) }
            statements[text] = statement
        }
        return statement
    }
}
