// The facade every interface (CLI, server, tests) goes through: open a Kennis database, append
// batches, read the log. Later layers (graph, query) hang off this type; the interfaces hold no
// domain logic of their own.
public import EventLog

/// An open Kennis database: its event log and everything derived from it.
///
/// `Sendable`: it holds only `Sendable` parts.
public final class Database: Sendable {
    /// The append-only event log, the only source of truth.
    public let log: EventLog

    /// Opens the database in the directory `path`, creating it if `create` is set.
    public init(path: String, create: Bool = false, options: EventLogOptions = EventLogOptions()) throws {
        if !create && !Database.exists(at: path) {
            throw DatabaseError.notFound(path: path)
        }
        var options = options
        options.environment.createIfMissing = create
        log = try EventLog(path: path, options: options)
    }

    /// Whether `path` holds a Kennis (LMDB) database.
    public static func exists(at path: String) -> Bool {
        FileSystem.isRegularFile(path + "/data.mdb")
    }

    /// Appends a batch atomically and returns what was written.
    @discardableResult
    public func append(_ batch: EventBatch) throws -> AppendReceipt {
        try log.append(batch)
    }
}

/// Why a database could not be opened or used.
public enum DatabaseError: Error, Sendable, CustomStringConvertible {
    /// There is no database at the path.
    case notFound(path: String)
    /// An input file could not be read.
    case unreadable(path: String, reason: String)
    /// An input held no events.
    case noEvents(source: String)

    public var description: String {
        switch self {
        case .notFound(let path): "no Kennis database at \(path) (create one with `kennis init` or `kennis import`)"
        case .unreadable(let path, let reason): "\(path): \(reason)"
        case .noEvents(let source): "\(source): holds no events"
        }
    }
}
