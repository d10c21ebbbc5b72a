/// A point in the log's history, as people name one: a seq, or a time (meaning the last event
/// recorded at or before it).
public import EventLog
public import Graph

public enum LogPosition: Sendable, Hashable, CustomStringConvertible {
    case seq(UInt64)
    case time(Timestamp)

    /// Parses `120` or an RFC 3339 time (`2026-01-01T00:00:00Z`, or a bare date).
    public init?(_ text: String) {
        if let seq = UInt64(text) {
            self = .seq(seq)
        } else if let time = Timestamp(rfc3339: text) {
            self = .time(time)
        } else {
            return nil
        }
    }

    public var description: String {
        switch self {
        case .seq(let seq): "seq \(seq)"
        case .time(let time): time.rfc3339
        }
    }
}

/// A position that is not in the log.
public struct PositionError: Error, Sendable, CustomStringConvertible {
    public let description: String
}

extension Database {
    /// The seq a position names: a seq up to the head, or the last seq recorded at or before a time.
    public func seq(at position: LogPosition) throws -> UInt64 {
        switch position {
        case .seq(let seq):
            let head = try log.head().seq
            guard seq <= head else { throw PositionError(description: "seq \(seq) is past the head of the log (seq \(head))") }
            return seq
        case .time(let time):
            return try log.reading { try $0.seq(atOrBefore: time) }
        }
    }

    /// The graph as it stood at `position` (now, when nil).
    public func view(at position: LogPosition? = nil) throws -> GraphView {
        guard let position else { return graph.view() }
        return graph.view(at: try seq(at: position))
    }
}
