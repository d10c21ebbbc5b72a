// A position in one database of one transaction. Keys and values it yields point into the map and
// are valid until the transaction ends; copy what must outlive it.
internal import CLMDB

/// One entry under a cursor: raw key and value, valid until the transaction ends.
public struct Entry {
    public let key: UnsafeRawBufferPointer
    public let value: UnsafeRawBufferPointer
}

/// A cursor over one database, lent to a `ReadTransaction.withCursor(_:_:)` closure and closed after it.
///
/// Not `Sendable`: it belongs to its transaction's thread.
public final class Cursor {
    private var handle: OpaquePointer?
    /// The database this cursor walks.
    public let database: Database

    /// The write transaction the cursor belongs to, if it is one (to report `MDB_MAP_FULL` to it).
    private unowned(unsafe) let writer: WriteTransaction?

    init(handle: OpaquePointer, database: Database, writer: WriteTransaction?) {
        self.handle = handle
        self.database = database
        self.writer = writer
    }

    func close() {
        if let handle { mdb_cursor_close(handle) }
        handle = nil
    }

    private func move(_ op: MDB_cursor_op, key: UnsafeRawBufferPointer? = nil) throws -> Entry? {
        guard let handle else {
            throw LMDBError(rawCode: MDB_BAD_TXN, operation: "mdb_cursor_get(\(database.name)) after the transaction ended")
        }
        var k = MDB_val(mv_size: key?.count ?? 0, mv_data: UnsafeMutableRawPointer(mutating: key?.baseAddress))
        var v = MDB_val()
        let rc = mdb_cursor_get(handle, &k, &v, op)
        if rc == MDB_NOTFOUND { return nil }
        try check(rc, "mdb_cursor_get(\(database.name))")
        return Entry(
            key: UnsafeRawBufferPointer(start: k.mv_data, count: k.mv_size),
            value: UnsafeRawBufferPointer(start: v.mv_data, count: v.mv_size))
    }

    /// The first entry of the database.
    public func first() throws -> Entry? { try move(MDB_FIRST) }
    /// The last entry of the database.
    public func last() throws -> Entry? { try move(MDB_LAST) }
    /// The entry after the current one (the next duplicate, or the first of the next key).
    public func next() throws -> Entry? { try move(MDB_NEXT) }
    /// The entry before the current one.
    public func previous() throws -> Entry? { try move(MDB_PREV) }
    /// The first entry of the next key, skipping the rest of this key's duplicates.
    public func nextKey() throws -> Entry? { try move(MDB_NEXT_NODUP) }
    /// The next duplicate of the current key, or nil after the last one.
    public func nextDuplicate() throws -> Entry? { try move(MDB_NEXT_DUP) }
    /// The last duplicate of the current key.
    public func lastDuplicate() throws -> Entry? { try move(MDB_LAST_DUP) }

    /// The first entry whose key is `key`, or nil.
    public func seek(exactly key: UnsafeRawBufferPointer) throws -> Entry? { try move(MDB_SET_KEY, key: key) }
    /// The first entry whose key is `key` or greater.
    public func seek(atLeast key: UnsafeRawBufferPointer) throws -> Entry? { try move(MDB_SET_RANGE, key: key) }

    /// The first entry whose key is `key`, or nil.
    public func seek(exactly key: [UInt8]) throws -> Entry? {
        try key.withUnsafeBytes { (k) in try seek(exactly: k) }
    }

    /// The first entry whose key is `key` or greater.
    public func seek(atLeast key: [UInt8]) throws -> Entry? {
        try key.withUnsafeBytes { (k) in try seek(atLeast: k) }
    }

    /// In a `duplicateFixed` database: up to a page of the current key's packed values, starting at the
    /// cursor (`MDB_GET_MULTIPLE`), then the following pages (`MDB_NEXT_MULTIPLE`).
    public func duplicatePage(first: Bool) throws -> UnsafeRawBufferPointer? {
        try move(first ? MDB_GET_MULTIPLE : MDB_NEXT_MULTIPLE)?.value
    }

    // MARK: Writing (in a write transaction)

    /// Stores `value` under `key` through the cursor. Cheaper than `WriteTransaction.put` for many
    /// writes in a row (no cursor is set up per call), especially with `.append` for keys in order.
    public func put(key: UnsafeRawBufferPointer, value: UnsafeRawBufferPointer, flags: PutFlags = []) throws {
        guard let handle else {
            throw LMDBError(rawCode: MDB_BAD_TXN, operation: "mdb_cursor_put(\(database.name)) after the transaction ended")
        }
        var k = MDB_val(mv_size: key.count, mv_data: UnsafeMutableRawPointer(mutating: key.baseAddress))
        var v = MDB_val(mv_size: value.count, mv_data: UnsafeMutableRawPointer(mutating: value.baseAddress))
        let rc = mdb_cursor_put(handle, &k, &v, flags.rawValue)
        writer?.noteMapFull(rc)
        try check(rc, "mdb_cursor_put(\(database.name))")
    }

    /// Reserves `count` bytes under `key` and lets `fill` write them in place (`MDB_RESERVE`).
    public func reserve(
        key: UnsafeRawBufferPointer, count: Int, flags: PutFlags = [], fill: (UnsafeMutableRawBufferPointer) -> Void
    ) throws {
        guard let handle else {
            throw LMDBError(rawCode: MDB_BAD_TXN, operation: "mdb_cursor_put(\(database.name)) after the transaction ended")
        }
        var k = MDB_val(mv_size: key.count, mv_data: UnsafeMutableRawPointer(mutating: key.baseAddress))
        var v = MDB_val(mv_size: count, mv_data: nil)
        let rc = mdb_cursor_put(handle, &k, &v, flags.rawValue | UInt32(MDB_RESERVE))
        writer?.noteMapFull(rc)
        try check(rc, "mdb_cursor_put(\(database.name), MDB_RESERVE)")
        fill(UnsafeMutableRawBufferPointer(start: v.mv_data, count: count))
    }
}
