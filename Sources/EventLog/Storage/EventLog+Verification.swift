// `verify`: prove the log intact. Recompute every link of the hash chain from the stored records,
// decode every record strictly, and check that seqs are dense, times never go back, and the head
// names the last event. The first failure names its seq.
//
// An erased event's link is recomputed from the digest kept beside it: what verify proves of it is
// that an event with that digest was recorded there, and that an erasure later in the log, whose
// pseudonym the event now names, changed it; every other event is proved exactly as recorded.

/// What a successful verification covered.
public struct VerificationReport: Sendable, Equatable {
    /// Events checked.
    public let events: UInt64
    /// The head the chain ends in.
    public let head: LogHead
    /// Events an erasure changed, by the seq of that erasure (each an `entity.erased` event).
    public let erased: [UInt64: UInt64]

    /// Events an erasure changed, in all.
    public var erasedEvents: UInt64 { erased.values.reduce(0, +) }
}

extension EventLog {
    /// Checks the whole log; throws `.corrupt(seq:reason:)` naming the first bad seq.
    /// `progress` is called now and then with the seq reached and the head seq. `decoding` every record
    /// strictly is what `kennis verify` does; a copy of a verified log (a backup) needs only the chain
    /// proved over its bytes, and the erasures' checks (the records they name are decoded).
    public func verify(
        decoding: Bool = true, progress: ((UInt64, UInt64) -> Void)? = nil
    ) throws(EventLogError) -> VerificationReport {
        try reading { reader in
            let head = try reader.head
            var expected: UInt64 = 1
            var previous = Digest.genesis
            var lastTime = Timestamp(milliseconds: .min)
            var erasures = ErasureCheck()
            try reader.forEachStored { seq, value in
                guard seq == expected else {
                    throw EventLogError.corrupt(
                        seq: min(seq, expected),
                        reason: seq > expected ? "missing: the log jumps from seq \(expected - 1) to \(seq)" : "out of order")
                }
                let stored = try StoredEvent(seq: seq, value)
                // Decoded first when decoding: a damaged record is named as such, not as a bad link.
                let decoded = decoding ? try LogReader.decode(seq: seq, stored) : nil
                let hash = HashChain.link(previous: previous, seq: seq, content: stored.contentDigest)
                guard hash == Digest(bytes: stored.hash) else {
                    throw EventLogError.corrupt(seq: seq, reason: "hash mismatch: the record or the chain before it was altered")
                }
                let recordedAt = try decoded?.recordedAt ?? stored.recordedAt(seq: seq)
                guard recordedAt >= lastTime else {
                    throw EventLogError.corrupt(seq: seq, reason: "recorded_at \(recordedAt) is before the previous event's \(lastTime)")
                }
                if let recorded = try decoded ?? (stored.erasedBy != nil || stored.isErasure ? LogReader.decode(seq: seq, stored) : nil) {
                    try erasures.note(recorded)
                }
                previous = hash
                lastTime = recordedAt
                if seq % 65_536 == 0 { progress?(seq, head.seq) }
                expected += 1
                return true
            }
            let last = expected - 1
            guard last == head.seq else {
                throw EventLogError.corrupt(
                    seq: min(last, head.seq) + 1,
                    reason: "the log ends at seq \(last) but its head says \(head.seq): events were dropped or added")
            }
            guard previous == head.hash else {
                throw EventLogError.corrupt(seq: last, reason: "the head's hash does not match the last event's")
            }
            try erasures.checkComplete()
            progress?(last, head.seq)
            return VerificationReport(events: last, head: head, erased: erasures.counts)
        }
    }
}

/// Checks, as the log is read in order, that every erased event names an erasure after it, whose
/// pseudonym it carries.
private struct ErasureCheck {
    /// Erased events waiting for their erasure: by its seq, each event's seq and the ids it names.
    private var waiting: [UInt64: [(seq: UInt64, ids: [String], isRelationChange: Bool)]] = [:]
    private(set) var counts: [UInt64: UInt64] = [:]

    mutating func note(_ recorded: RecordedEvent) throws(EventLogError) {
        if let erasure = recorded.erasedBy {
            guard erasure > recorded.seq else {
                throw .corrupt(seq: recorded.seq, reason: "erased by seq \(erasure), which is not after it")
            }
            let body = recorded.event.body
            let isRelationChange = body.type == .relationUpdated || body.type == .relationRemoved
            waiting[erasure, default: []].append((recorded.seq, Self.ids(in: body), isRelationChange))
        }
        if case .entityErased(let pseudonym, _, _, _) = recorded.event.body {
            let events = waiting.removeValue(forKey: recorded.seq) ?? []
            for event in events where !event.isRelationChange && !event.ids.contains(where: { $0.contains(pseudonym) }) {
                throw .corrupt(seq: event.seq, reason: "erased by seq \(recorded.seq) but does not name its pseudonym \(pseudonym)")
            }
            counts[recorded.seq] = UInt64(events.count)
        } else if let orphan = waiting.removeValue(forKey: recorded.seq)?.first {
            throw .corrupt(seq: orphan.seq, reason: "erased by seq \(recorded.seq), which is not an erasure")
        }
    }

    /// Checked at the end: an erasure named by an event must be in the log.
    func checkComplete() throws(EventLogError) {
        if let (erasure, events) = waiting.min(by: { $0.key < $1.key }), let first = events.first {
            throw .corrupt(seq: first.seq, reason: "erased by seq \(erasure), which the log does not hold")
        }
    }

    /// The ids an erased event must name the pseudonym in. (An update or removal of a relation with an
    /// id of its own may have lost its content without naming it: it is not checked.)
    private static func ids(in body: EventBody) -> [String] {
        if case .relationAdded(let id, _, let from, let to, _) = body { return [id, from, to] }
        return [body.id]
    }
}
