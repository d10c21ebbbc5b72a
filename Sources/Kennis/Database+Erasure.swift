// Erasure (docs/events.md, Erasure): an entity's personal content removed from every event, index and
// snapshot in one transaction that also appends the `entity.erased` event, the graph changed to match
// (the event applied to it), then the file's unused space zeroed so that no copy of the content is
// left in it. The chain still verifies: each link commits to its record's digest, which an erased
// event keeps.
import EventLog
import Graph

/// What an erasure did.
public struct ErasureReport: Sendable {
    /// The seq of the `entity.erased` event.
    public let seq: UInt64
    /// The id the entity carries now.
    public let pseudonym: String
    /// The seq of the event that created it.
    public let created: UInt64
    /// The events whose content changed, in order.
    public let changedEvents: [UInt64]
    /// Snapshots deleted (they held the graph as it was; one is written again on the next snapshot).
    public let snapshotsDeleted: Int
    /// Bytes of the file zeroed afterwards (free pages, and the unused room inside pages), or why they
    /// could not be yet (a reader of the state before held on past the patience): `scrub()` later.
    public let scrub: Result<ScrubSummary, ScrubFailure>
}

/// What a scrub of the database's file zeroed.
public struct ScrubSummary: Sendable, Equatable {
    /// Bytes written as zeros.
    public let bytes: Int
    /// Pages of the file looked at.
    public let pagesScanned: Int
    /// Pages that did not read as LMDB pages, left as they were: what they hold was not checked.
    public let pagesLeft: Int
}

/// A scrub that could not run.
public struct ScrubFailure: Error, Sendable, Equatable, CustomStringConvertible {
    public let description: String
}

extension Database {
    /// The prefix of every pseudonym: `erased:` and 32 random hex digits.
    public static let pseudonymPrefix = "erased:"

    /// Erases entity `id` for `reason`, recorded by `actor`; with `relations`, its relations' own content
    /// goes too. Waits up to `patience` for readers of older states before zeroing the file's unused
    /// space; the erasure is committed either way, and a scrub that could not run is in the report.
    public func erase(
        _ id: String, reason: String, relations: Bool = false, actor: String?, patience: Duration = .seconds(30)
    ) throws -> ErasureReport {
        guard !reason.allSatisfy(\.isWhitespace) else {
            throw EventLogError.rejected(EventInputError(field: "reason", message: "is required: why the content is erased"))
        }
        let receipt = try withWriterLock { lastSnapshot in
            let validator = GraphValidator(base: graph.latest)
            let erasure = Erasure(id: id, pseudonym: Self.newPseudonym(), relations: relations)
            let receipt = try log.erase(erasure, reason: reason, actor: actor, validator: validator)
            _ = publish(validator, after: receipt.append)
            // The snapshots are gone: the next commit past `snapshotEvery`, or `close`, writes one.
            lastSnapshot = 0
            return receipt
        }
        return ErasureReport(
            seq: receipt.seq, pseudonym: receipt.pseudonym, created: receipt.created, changedEvents: receipt.changed,
            snapshotsDeleted: receipt.snapshotsDeleted,
            scrub: Result { try scrub(patience: patience) }.mapError { ScrubFailure(description: "\($0)") })
    }

    /// Zeroes every byte of the database's file that no live page uses — where content an erasure removed
    /// may still lie — once no reader sees a state older than the last commit (waiting up to `patience`).
    /// An erasure does it itself; this is for when it could not (a long reader) or was interrupted.
    public func scrub(patience: Duration = .seconds(30)) throws -> ScrubSummary {
        let report = try log.scrubUnusedSpace(patience: patience)
        return ScrubSummary(bytes: report.bytesZeroed, pagesScanned: report.pagesScanned, pagesLeft: report.pagesNotUnderstood)
    }

    private static func newPseudonym() -> String {
        var generator = SystemRandomNumberGenerator()
        let digits = (0..<2).map { _ in String(generator.next() as UInt64, radix: 16) }.map {
            String(repeating: "0", count: 16 - $0.count) + $0
        }
        return pseudonymPrefix + digits.joined()
    }
}
