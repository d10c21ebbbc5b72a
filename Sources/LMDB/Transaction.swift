// Transactions exist only inside `Environment.read` / `Environment.write` closures. LMDB's rule that
// values are valid only until their transaction ends is kept by API shape: raw buffers are handed to
// closures or returned from cursors that die with the transaction; `value(_:key:)` copies out.
internal import CLMDB

/// A read-only view of the environment at the moment the transaction began.
///
/// Not `Sendable`: a transaction belongs to the thread running its closure and must not escape it.
public class ReadTransaction {
    let handle: OpaquePointer
    private(set) var isOpen = true
    init(handle: OpaquePointer) { self.handle = handle }

    /// Marks the transaction closed; the caller then commits or aborts. (Cursors are closed by
    /// `withCursor` before this can happen.)
    func close() {
        isOpen = false
    }

    @inline(__always)
    func ensureOpen(_ operation: @autoclosure () -> String) throws {
        if !isOpen { throw LMDBError(rawCode: MDB_BAD_TXN, operation: operation() + " after the transaction ended") }
    }

    /// Calls `body` with the value stored under `key`, or returns nil if there is none.
    /// The buffer is valid only during `body`.
    public func withValue<R>(
        _ database: Database, key: UnsafeRawBufferPointer, _ body: (UnsafeRawBufferPointer) throws -> R
    ) throws -> R? {
        try ensureOpen("mdb_get(\(database.name))")
        var k = MDB_val(mv_size: key.count, mv_data: UnsafeMutableRawPointer(mutating: key.baseAddress))
        var v = MDB_val()
        let rc = mdb_get(handle, database.dbi, &k, &v)
        if rc == MDB_NOTFOUND { return nil }
        try check(rc, "mdb_get(\(database.name))")
        return try body(UnsafeRawBufferPointer(start: v.mv_data, count: v.mv_size))
    }

    /// Calls `body` with the value stored under `key`, or returns nil if there is none.
    public func withValue<R>(_ database: Database, key: [UInt8], _ body: (UnsafeRawBufferPointer) throws -> R) throws -> R? {
        try key.withUnsafeBytes { k in try withValue(database, key: k, body) }
    }

    /// A copy of the value stored under `key`, or nil.
    public func value(_ database: Database, key: [UInt8]) throws -> [UInt8]? {
        try withValue(database, key: key) { [UInt8]($0) }
    }

    /// Runs `body` with a new cursor over `database` and closes it afterwards.
    ///
    /// Prefer this to keeping cursors open: LMDB adjusts every open cursor of a write transaction on
    /// each write, so cursors left open make later writes slower and slower.
    public func withCursor<R>(_ database: Database, _ body: (Cursor) throws -> R) throws -> R {
        try ensureOpen("mdb_cursor_open(\(database.name))")
        var pointer: OpaquePointer?
        try check(mdb_cursor_open(handle, database.dbi, &pointer), "mdb_cursor_open(\(database.name))")
        let cursor = Cursor(handle: pointer!, database: database, writer: self as? WriteTransaction)
        defer { cursor.close() }
        return try body(cursor)
    }

    /// Entry count and shape of `database` as this transaction sees it.
    public func statistics(_ database: Database) throws -> DatabaseStatistics {
        try ensureOpen("mdb_stat(\(database.name))")
        var stat = MDB_stat()
        try check(mdb_stat(handle, database.dbi, &stat), "mdb_stat(\(database.name))")
        return DatabaseStatistics(stat)
    }
}

/// A read-write transaction: the only writer of its environment until it commits or aborts.
public final class WriteTransaction: ReadTransaction {
    /// Set when LMDB reported `MDB_MAP_FULL`: the environment then aborts, grows the map and reruns
    /// the transaction body, whatever the body did with the error.
    private(set) var sawMapFull = false

    /// Records `MDB_MAP_FULL` from a write made through a cursor of this transaction.
    func noteMapFull(_ rc: Int32) {
        if rc == MDB_MAP_FULL { sawMapFull = true }
    }

    @inline(__always)
    func checkWrite(_ rc: Int32, _ operation: @autoclosure () -> String) throws {
        if rc == MDB_MAP_FULL { sawMapFull = true }
        try check(rc, operation())
    }

    /// Stores `value` under `key`.
    public func put(
        _ database: Database, key: UnsafeRawBufferPointer, value: UnsafeRawBufferPointer, flags: PutFlags = []
    ) throws {
        try ensureOpen("mdb_put(\(database.name))")
        var k = MDB_val(mv_size: key.count, mv_data: UnsafeMutableRawPointer(mutating: key.baseAddress))
        var v = MDB_val(mv_size: value.count, mv_data: UnsafeMutableRawPointer(mutating: value.baseAddress))
        try checkWrite(mdb_put(handle, database.dbi, &k, &v, flags.rawValue), "mdb_put(\(database.name))")
    }

    /// Stores `value` under `key`.
    public func put(_ database: Database, key: [UInt8], value: [UInt8], flags: PutFlags = []) throws {
        try key.withUnsafeBytes { (k) in
            try value.withUnsafeBytes { (v) in try put(database, key: k, value: v, flags: flags) }
        }
    }

    /// Reserves `count` bytes under `key` and lets `fill` write them in place (`MDB_RESERVE`),
    /// saving the copy of a separately built value.
    public func reserve(
        _ database: Database, key: UnsafeRawBufferPointer, count: Int, flags: PutFlags = [],
        fill: (UnsafeMutableRawBufferPointer) -> Void
    ) throws {
        try ensureOpen("mdb_put(\(database.name), MDB_RESERVE)")
        var k = MDB_val(mv_size: key.count, mv_data: UnsafeMutableRawPointer(mutating: key.baseAddress))
        var v = MDB_val(mv_size: count, mv_data: nil)
        try checkWrite(
            mdb_put(handle, database.dbi, &k, &v, flags.rawValue | UInt32(MDB_RESERVE)),
            "mdb_put(\(database.name), MDB_RESERVE)")
        fill(UnsafeMutableRawBufferPointer(start: v.mv_data, count: count))
    }

    /// Deletes `key` (or, in a `duplicateSort` database, only the pair `key`/`value`).
    /// Returns false if there was nothing to delete.
    @discardableResult
    public func delete(_ database: Database, key: [UInt8], value: [UInt8]? = nil) throws -> Bool {
        try ensureOpen("mdb_del(\(database.name))")
        let rc = key.withUnsafeBytes { kb in
            var mk = MDB_val(mv_size: kb.count, mv_data: UnsafeMutableRawPointer(mutating: kb.baseAddress))
            guard let value else { return mdb_del(handle, database.dbi, &mk, nil) }
            return value.withUnsafeBytes { vb in
                var mv = MDB_val(mv_size: vb.count, mv_data: UnsafeMutableRawPointer(mutating: vb.baseAddress))
                return mdb_del(handle, database.dbi, &mk, &mv)
            }
        }
        if rc == MDB_NOTFOUND { return false }
        try checkWrite(rc, "mdb_del(\(database.name))")
        return true
    }

    /// Removes every entry of `database`, keeping the database itself.
    public func clear(_ database: Database) throws {
        try ensureOpen("mdb_drop(\(database.name))")
        try checkWrite(mdb_drop(handle, database.dbi, 0), "mdb_drop(\(database.name))")
    }
}
