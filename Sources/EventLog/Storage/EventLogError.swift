public import LMDB

/// Why the log could not do what was asked.
public enum EventLogError: Error, Sendable, CustomStringConvertible {
    /// LMDB failed (disk full, permissions, a damaged file).
    case storage(LMDBError)
    /// An event of the batch broke a rule; nothing was written.
    case rejected(EventInputError)
    /// A stored record is damaged or out of place.
    case corrupt(seq: UInt64, reason: String)
    /// The directory holds a log of a format this version cannot read.
    case unsupportedFormat(found: UInt32, expected: UInt32)
    /// An error of a kind the log does not expect from its own parts (a bug, reported as is).
    case unexpected(String)

    /// `error` as an `EventLogError`: kept if it is one, mapped if it is an LMDB or input error.
    init(wrapping error: any Error) {
        switch error {
        case let error as EventLogError: self = error
        case let error as LMDBError: self = .storage(error)
        case let error as EventInputError: self = .rejected(error)
        case let error as CanonicalDecodingError: self = .unexpected("undecodable record: \(error)")
        default: self = .unexpected("\(error)")
        }
    }

    public var description: String {
        switch self {
        case .storage(let error): "storage: \(error)"
        case .rejected(let error): error.description
        case .corrupt(let seq, let reason): "seq \(seq): \(reason)"
        case .unexpected(let text): text
        case .unsupportedFormat(let found, let expected) where found < expected:
            "the log has format version \(found); this kennis reads version \(expected): upgrade it with `kennis upgrade`, which verifies it and backs it up first"
        case .unsupportedFormat(let found, let expected):
            "the log has format version \(found); this kennis reads version \(expected)"
        }
    }
}
