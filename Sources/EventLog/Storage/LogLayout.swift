// How the log lies in LMDB. All integers in keys are big-endian, so LMDB's byte order is numeric
// order and appends hit the end of the B-tree (MDB_APPEND).
//
//   events    seq:u64be                → hash(32) ‖ canonical record         (the log itself; an
//                                         erased event keeps its record's digest too: StoredEvent.swift)
//   history   id-key ‖ seq:u64be        → (empty), one per event touching the id
//
// History keys need no separator: ids hold no control characters and a seq's first byte is 0 below
// 2^56 events, so one id's entries are contiguous and sorted by seq, and an entry belongs to `id` exactly
// when it is `id-key` plus 8 bytes.
//   times     recorded_at ms:u64be      → seq:u64be of the last event at that ms (AS OF a time)
//   meta      "format" → u32be;  "head" → seq:u64be ‖ hash(32) ‖ recorded_at ms:u64be
//   snapshots seq:u64be                → opaque snapshot bytes of a derived state (the graph's)
import LMDB

enum LogLayout {
    /// 2: the chain commits to each record's digest (1: to the record; upgraded by `EventLog.upgrade`).
    static let formatVersion: UInt32 = 2
    static let hashBytes = 32
    /// Index keys longer than this are replaced by 0xFF ‖ SHA-256(id): LMDB keys stop at 511 bytes,
    /// and a derived relation id (`REL:FROM->TO`) can be longer than that.
    static let maxRawIndexKey = 480

    static let formatKey = Array("format".utf8)
    static let headKey = Array("head".utf8)

    static func seqKey(_ seq: UInt64) -> [UInt8] {
        withUnsafeBytes(of: seq.bigEndian) { Array($0) }
    }

    static func seq(from bytes: UnsafeRawBufferPointer) -> UInt64 {
        var v: UInt64 = 0
        for i in 0..<8 { v = v << 8 | UInt64(bytes[i]) }
        return v
    }

    /// The entity-index key of an id.
    static func indexKey(_ id: String) -> [UInt8] {
        let raw = Array(id.utf8)
        if raw.count <= maxRawIndexKey { return raw }
        // Valid UTF-8 never holds 0xFF, so hashed keys cannot collide with raw ones.
        return [0xFF] + raw.withUnsafeBytes { HashChain.sha256($0) }
    }

    /// The event-type code stored in a record, read without decoding the rest.
    static func typeCode(ofStored value: UnsafeRawBufferPointer) -> UInt8? {
        let erased = value.count > hashBytes && value[hashBytes] == StoredEvent.erasedMarker
        let at = hashBytes + (erased ? StoredEvent.erasureHeaderBytes : 0) + 1 + 8
        return value.count > at ? value[at] : nil
    }
}

/// The named databases of one log.
struct LogDatabases: Sendable {
    let events: Database
    let history: Database
    let times: Database
    let meta: Database
    let snapshots: Database

    init(_ environment: Environment) throws {
        events = try environment.database(named: "events")
        history = try environment.database(named: "history")
        times = try environment.database(named: "times")
        meta = try environment.database(named: "meta")
        snapshots = try environment.database(named: "snapshots")
    }
}
