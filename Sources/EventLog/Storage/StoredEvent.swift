// One value of the `events` database, read in place. An event is stored as it was recorded until an
// erasure removes personal content from it; then the digest of the record as recorded stays beside the
// record as erased, so the chain (which commits to the digest, HashChain.swift) still verifies.
//
//   as recorded:  hash(32) ‖ record                                        (a record starts with 1)
//   erased:       hash(32) ‖ 0xE1 ‖ digest(32) ‖ erasedBy:u64be ‖ record   (the record as erased)

/// A stored event's parts, pointing into the stored bytes (valid while they are).
struct StoredEvent {
    /// The byte after the hash that marks an erased event (no record starts with it).
    static let erasedMarker: UInt8 = 0xE1
    /// The bytes an erased event stores before its record, after the hash.
    static let erasureHeaderBytes = 1 + LogLayout.hashBytes + 8

    let hash: UnsafeRawBufferPointer
    /// The record: as recorded, or as erased.
    let record: UnsafeRawBufferPointer
    /// The digest of the record as recorded, when it is stored (the event was erased).
    let recordedDigest: UnsafeRawBufferPointer?
    /// The seq of the erasure that changed the event.
    let erasedBy: UInt64?

    init(seq: UInt64, _ stored: UnsafeRawBufferPointer) throws(EventLogError) {
        let hashBytes = LogLayout.hashBytes
        guard stored.count > hashBytes else { throw .corrupt(seq: seq, reason: "the stored value is too short") }
        hash = UnsafeRawBufferPointer(rebasing: stored[0..<hashBytes])
        guard stored[hashBytes] == Self.erasedMarker else {
            record = UnsafeRawBufferPointer(rebasing: stored[hashBytes...])
            recordedDigest = nil
            erasedBy = nil
            return
        }
        let recordStart = hashBytes + Self.erasureHeaderBytes
        guard stored.count > recordStart else { throw .corrupt(seq: seq, reason: "an erased event's stored value is too short") }
        recordedDigest = UnsafeRawBufferPointer(rebasing: stored[(hashBytes + 1)..<(hashBytes + 1 + LogLayout.hashBytes)])
        erasedBy = LogLayout.seq(from: UnsafeRawBufferPointer(rebasing: stored[(recordStart - 8)..<recordStart]))
        record = UnsafeRawBufferPointer(rebasing: stored[recordStart...])
    }

    /// The record's `recorded_at`, read without decoding the rest (bytes 1–8 of a record).
    func recordedAt(seq: UInt64) throws(EventLogError) -> Timestamp {
        guard record.count > 9 else { throw .corrupt(seq: seq, reason: "the record is too short") }
        return Timestamp(milliseconds: Int64(bitPattern: LogLayout.seq(from: UnsafeRawBufferPointer(rebasing: record[1..<9]))))
    }

    /// Whether the record is an `entity.erased` event (its type code, byte 9).
    var isErasure: Bool { record.count > 9 && record[9] == CanonicalFormat.code(of: .entityErased) }

    /// The digest the chain commits to: the stored one of an erased event, else the record's.
    var contentDigest: Digest {
        if let recordedDigest { return Digest(bytes: recordedDigest) }
        return HashChain.digest(of: record)
    }

    /// The stored value of an event erased by the erasure at `erasedBy`: `hash`, the digest of the
    /// record as recorded, and the record as erased.
    static func erased(hash: Digest, recordedDigest: Digest, erasedBy: UInt64, record: [UInt8]) -> [UInt8] {
        var value = hash.bytes
        value.reserveCapacity(LogLayout.hashBytes + erasureHeaderBytes + record.count)
        value.append(erasedMarker)
        value += recordedDigest.bytes
        value += LogLayout.seqKey(erasedBy)
        value += record
        return value
    }
}
