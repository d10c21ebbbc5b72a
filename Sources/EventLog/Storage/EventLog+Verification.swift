// `verify`: prove the log intact. Recompute every link of the hash chain from the stored records,
// decode every record strictly, and check that seqs are dense, times never go back, and the head
// names the last event. The first failure names its seq.

/// What a successful verification covered.
public struct VerificationReport: Sendable, Equatable {
    /// Events checked.
    public let events: UInt64
    /// The head the chain ends in.
    public let head: LogHead
}

extension EventLog {
    /// Checks the whole log; throws `.corrupt(seq:reason:)` naming the first bad seq.
    /// `progress` is called now and then with the seq reached and the head seq.
    public func verify(progress: ((UInt64, UInt64) -> Void)? = nil) throws(EventLogError) -> VerificationReport {
        try reading { reader in
            let head = try reader.head
            var expected: UInt64 = 1
            var previous = Digest.genesis
            var lastTime = Timestamp(milliseconds: .min)
            try reader.forEachStored { seq, stored in
                guard seq == expected else {
                    throw EventLogError.corrupt(
                        seq: min(seq, expected),
                        reason: seq > expected ? "missing: the log jumps from seq \(expected - 1) to \(seq)" : "out of order")
                }
                let recorded = try LogReader.decode(seq: seq, stored: stored)
                let record = UnsafeRawBufferPointer(rebasing: stored[LogLayout.hashBytes...])
                let hash = HashChain.link(previous: previous, seq: seq, record: record)
                guard hash == recorded.hash else {
                    throw EventLogError.corrupt(seq: seq, reason: "hash mismatch: the record or the chain before it was altered")
                }
                guard recorded.recordedAt >= lastTime else {
                    throw EventLogError.corrupt(
                        seq: seq, reason: "recorded_at \(recorded.recordedAt) is before the previous event's \(lastTime)")
                }
                previous = hash
                lastTime = recorded.recordedAt
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
            progress?(last, head.seq)
            return VerificationReport(events: last, head: head)
        }
    }
}
