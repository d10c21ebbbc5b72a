// Proving the derived state: the graph loaded from the newest snapshot plus the tail of the log must
// equal the graph rebuilt from the whole log. Both are encoded the same way and compared by digest.
public import EventLog
import Graph

/// What a graph verification compared.
public struct GraphVerification: Sendable {
    /// The snapshot the first graph started from (nil if there is none: then both are full replays).
    public let snapshotSeq: UInt64?
    /// Digest of the full replay.
    public let replayDigest: Digest
    /// Digest of the snapshot plus tail.
    public let snapshotDigest: Digest
    /// Snapshots that could not be read.
    public let skippedSnapshots: [String]

    /// Whether the two graphs are the same.
    public var matches: Bool { replayDigest == snapshotDigest }
}

extension Database {
    /// Rebuilds the graph from the whole log and from the newest snapshot plus the tail, and compares.
    public func verifyGraph() throws -> GraphVerification {
        let (replayed, _) = try GraphReplay.open(log, useSnapshots: false)
        let (loaded, opening) = try GraphReplay.open(log, useSnapshots: true)
        return GraphVerification(
            snapshotSeq: opening.snapshotSeq, replayDigest: GraphSnapshot.digest(of: replayed),
            snapshotDigest: GraphSnapshot.digest(of: loaded), skippedSnapshots: opening.skippedSnapshots)
    }
}
