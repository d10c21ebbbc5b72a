// Every `mdb_*` return code passes through `check(_:_:)`, which turns a failure into an `LMDBError`
// carrying LMDB's own name and text for the code and the operation that failed.
internal import CLMDB

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// A failed LMDB call: which operation, LMDB's code, its symbolic name and its message.
public struct LMDBError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The LMDB (or errno) codes Kennis reacts to by name; everything else is `.other`.
    public enum Code: Sendable, Equatable {
        case notFound, keyExists, mapFull, mapResized, readersFull, txnFull, corrupted, panic
        case versionMismatch, invalid, badTransaction, badValueSize, badDBI, incompatible
        case permissionDenied, noSpace, noSuchFile
        case other(Int32)
    }

    /// The named code.
    public let code: Code
    /// The raw return code of the failed call.
    public let rawCode: Int32
    /// The `mdb_*` call (or the wrapper operation) that failed, e.g. `mdb_env_open(/tmp/db)`.
    public let operation: String

    /// LMDB's symbolic name for the code, e.g. `MDB_MAP_FULL`, or the errno name.
    public var name: String { Self.name(of: rawCode) }

    /// LMDB's message for the code (`mdb_strerror`).
    public var message: String { String(cString: mdb_strerror(rawCode)) }

    public var description: String { "\(operation): \(name): \(message)" }

    init(rawCode: Int32, operation: String) {
        self.rawCode = rawCode
        self.operation = operation
        self.code = Self.code(of: rawCode)
    }

    static func code(of raw: Int32) -> Code {
        switch raw {
        case MDB_NOTFOUND: .notFound
        case MDB_KEYEXIST: .keyExists
        case MDB_MAP_FULL: .mapFull
        case MDB_MAP_RESIZED: .mapResized
        case MDB_READERS_FULL: .readersFull
        case MDB_TXN_FULL: .txnFull
        case MDB_CORRUPTED: .corrupted
        case MDB_PANIC: .panic
        case MDB_VERSION_MISMATCH: .versionMismatch
        case MDB_INVALID: .invalid
        case MDB_BAD_TXN: .badTransaction
        case MDB_BAD_VALSIZE: .badValueSize
        case MDB_BAD_DBI: .badDBI
        case MDB_INCOMPATIBLE: .incompatible
        case EACCES: .permissionDenied
        case ENOSPC: .noSpace
        case ENOENT: .noSuchFile
        default: .other(raw)
        }
    }

    static func name(of raw: Int32) -> String {
        switch raw {
        case MDB_KEYEXIST: "MDB_KEYEXIST"
        case MDB_NOTFOUND: "MDB_NOTFOUND"
        case MDB_PAGE_NOTFOUND: "MDB_PAGE_NOTFOUND"
        case MDB_CORRUPTED: "MDB_CORRUPTED"
        case MDB_PANIC: "MDB_PANIC"
        case MDB_VERSION_MISMATCH: "MDB_VERSION_MISMATCH"
        case MDB_INVALID: "MDB_INVALID"
        case MDB_MAP_FULL: "MDB_MAP_FULL"
        case MDB_DBS_FULL: "MDB_DBS_FULL"
        case MDB_READERS_FULL: "MDB_READERS_FULL"
        case MDB_TLS_FULL: "MDB_TLS_FULL"
        case MDB_TXN_FULL: "MDB_TXN_FULL"
        case MDB_CURSOR_FULL: "MDB_CURSOR_FULL"
        case MDB_PAGE_FULL: "MDB_PAGE_FULL"
        case MDB_MAP_RESIZED: "MDB_MAP_RESIZED"
        case MDB_INCOMPATIBLE: "MDB_INCOMPATIBLE"
        case MDB_BAD_RSLOT: "MDB_BAD_RSLOT"
        case MDB_BAD_TXN: "MDB_BAD_TXN"
        case MDB_BAD_VALSIZE: "MDB_BAD_VALSIZE"
        case MDB_BAD_DBI: "MDB_BAD_DBI"
        case EACCES: "EACCES"
        case ENOENT: "ENOENT"
        case ENOSPC: "ENOSPC"
        case ENOMEM: "ENOMEM"
        case EINVAL: "EINVAL"
        case EIO: "EIO"
        case EAGAIN: "EAGAIN"
        case EBUSY: "EBUSY"
        default: "error \(raw)"
        }
    }
}

/// Turns an `mdb_*` return code into a thrown `LMDBError` unless it is `MDB_SUCCESS`.
@inline(__always)
func check(_ code: Int32, _ operation: @autoclosure () -> String) throws(LMDBError) {
    if code != MDB_SUCCESS { throw LMDBError(rawCode: code, operation: operation()) }
}
