// Counts that describe a log without decoding it: per type from the type byte of each record,
// ids from the history index, sizes from LMDB.

/// A summary of a log.
public struct LogStatistics: Sendable, Equatable {
    /// The newest position.
    public let head: LogHead
    /// `recorded_at` of the first event, nil for an empty log.
    public let firstRecordedAt: Timestamp?
    /// Events per type.
    public let countsByType: [EventType: Int]
    /// Distinct ids (entities, relations, schemas) with a history.
    public let ids: Int
    /// Bytes of the data file in use, and the size of the memory map.
    public let usedBytes: Int, mapSize: Int
    /// Bytes of stored event records (hash and canonical encoding).
    public let eventBytes: Int

    /// Total number of events.
    public var events: Int { countsByType.values.reduce(0, +) }
}

extension EventLog {
    /// Counts events by type (one scan of the record headers), ids and bytes.
    public func statistics() throws(EventLogError) -> LogStatistics {
        let byCode = Dictionary(uniqueKeysWithValues: EventType.allCases.map { (CanonicalFormat.code(of: $0), $0) })
        return try reading { reader in
            var counts: [EventType: Int] = [:]
            var first: Timestamp?
            try reader.forEachStored { seq, stored in
                if seq == 1 || first == nil { first = try LogReader.decode(seq: seq, stored: stored).recordedAt }
                guard let code = LogLayout.typeCode(ofStored: stored), let type = byCode[code] else {
                    throw EventLogError.corrupt(seq: seq, reason: "unknown event type code")
                }
                counts[type, default: 0] += 1
                return true
            }
            let eventBytes = try reader.txn.statistics(databases.events).bytes
            return LogStatistics(
                head: try reader.head, firstRecordedAt: first, countsByType: counts, ids: try reader.indexedIDCount(),
                usedBytes: environment.usedBytes, mapSize: environment.mapSize, eventBytes: eventBytes)
        }
    }
}
