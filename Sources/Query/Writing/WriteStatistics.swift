// What a write query changed, counted as openCypher clients expect (Neo4j's result summary), plus
// where its batch landed in the log.

/// The counts of a write query's changes and the seqs of the events it appended.
public struct WriteStatistics: Sendable, Equatable {
    public var nodesCreated = 0
    public var nodesDeleted = 0
    public var relationshipsCreated = 0
    public var relationshipsDeleted = 0
    public var propertiesSet = 0
    public var labelsAdded = 0
    public var labelsRemoved = 0
    /// The seq of the batch's first event; nil when the query wrote nothing.
    public var firstSeq: UInt64?
    /// The seq of the batch's last event; nil when the query wrote nothing.
    public var lastSeq: UInt64?

    public init() {}

    /// The counts by their names in JSON (snake case, as the rest of the HTTP API), in a fixed order.
    public var counts: [(name: String, value: Int)] {
        [
            ("nodes_created", nodesCreated), ("nodes_deleted", nodesDeleted),
            ("relationships_created", relationshipsCreated), ("relationships_deleted", relationshipsDeleted),
            ("properties_set", propertiesSet), ("labels_added", labelsAdded), ("labels_removed", labelsRemoved),
        ]
    }

    /// One line for people: the counts that are not zero and the seqs, or that nothing changed.
    public var summary: String {
        let changed = counts.filter { $0.value != 0 }.map { count in
            // "1 node created", "2 nodes created": the first word is the noun.
            var words = count.name.split(separator: "_").map(String.init)
            if count.value == 1 { words[0] = words[0].hasSuffix("ies") ? words[0].dropLast(3) + "y" : String(words[0].dropLast()) }
            return "\(count.value) " + words.joined(separator: " ")
        }
        guard let firstSeq, let lastSeq else { return changed.isEmpty ? "no changes" : changed.joined(separator: ", ") }
        let events = lastSeq - firstSeq + 1
        let range = firstSeq == lastSeq ? "seq \(firstSeq)" : "seqs \(firstSeq)–\(lastSeq)"
        return (changed.isEmpty ? "" : changed.joined(separator: ", ") + "; ")
            + "\(events) event\(events == 1 ? "" : "s") appended at \(range)"
    }
}
