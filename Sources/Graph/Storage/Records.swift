// The records the graph is made of. Every record knows the seq range in which it is live:
// from its `created` seq (inclusive) to its `retired`/`removed` seq (exclusive, `.max` while live).
// Property values and label sets are versions chained newest first, each live from its `from` seq
// until the next version of the same key (or label set) begins.
import EventLog

/// A node's seq at which it stops being live, `.max` while it is.
let live = UInt64.max

/// One entity.
struct NodeRecord: Sendable {
    /// Its id (a pseudonym once erased).
    var id: String
    /// The primary label (the entity's kind), as a label symbol; the empty name's symbol when the entity
    /// was created without one. Fixed: taking it away is a label version `withoutKind`.
    let kind: UInt32
    let created: UInt64
    var retired: UInt64 = live
    /// Newest version of the extra labels, -1 when there never were any.
    var labels: Int32 = -1
    /// Newest property version, -1 when there never were any.
    var properties: Int32 = -1
    /// Relations starting here and ending here, in the order they were added (live or not).
    var outgoing: [Adjacency] = []
    var incoming: [Adjacency] = []
    /// The valid time of each relation of `outgoing`/`incoming` (its column entry, narrowed to its
    /// ends'), beside its entry: an expansion at a valid time reads on along the node's list instead of
    /// jumping into the column once per relation. Empty while every relation of the list holds always.
    var outgoingDays: [ValidDays] = []
    var incomingDays: [ValidDays] = []

    func isLive(at seq: UInt64) -> Bool { created <= seq && seq < retired }
}

/// One relation in a node's adjacency list, with what an expansion asks of it — its type, the node at
/// its other end, whether it has been removed — so that an expansion of the graph as it is now reads
/// the list alone. (Read from the relation records, the same expansion took a cache miss per relation
/// of the node, of any type; a view of an earlier seq still reads the record, for when it was live.)
struct Adjacency: Sendable {
    let relation: UInt32
    let other: UInt32
    /// The type symbol, with `removedFlag` set once the relation is removed.
    private var typeAndFlag: UInt32
    private static var removedFlag: UInt32 { 1 << 31 }

    init(relation: UInt32, other: UInt32, type: UInt32, removed: Bool = false) {
        self.relation = relation
        self.other = other
        typeAndFlag = type | (removed ? Self.removedFlag : 0)
    }

    var type: UInt32 { typeAndFlag & ~Self.removedFlag }
    /// Whether the relation has been removed (at some seq up to the state's head).
    var isRemoved: Bool { typeAndFlag & Self.removedFlag != 0 }

    mutating func markRemoved() { typeAndFlag |= Self.removedFlag }
}

/// One relation.
struct RelationRecord: Sendable {
    /// Its id (naming its ends' pseudonyms once one is erased).
    var id: String
    let type: UInt32
    let from: UInt32
    let to: UInt32
    let created: UInt64
    var removed: UInt64 = live
    var properties: Int32 = -1

    func isLive(at seq: UInt64) -> Bool { created <= seq && seq < removed }
}

/// One value of one property of a node or relation, from `from` until the next version of the key.
struct PropertyVersion: Sendable {
    let key: UInt32
    let from: UInt64
    /// The value, or nil where the version removes the property.
    let value: PropertyValue?
    /// The owner's previous property version (of any key), -1 at the oldest.
    let previous: Int32
}

/// One version of a node's extra labels.
struct LabelVersion: Sendable {
    let from: UInt64
    let labels: [UInt32]
    let previous: Int32
    /// The node's kind is no longer one of its labels (from this version on: every later version keeps it).
    var withoutKind = false
}

/// The schema in force from a seq on.
struct SchemaVersion: Sendable {
    let from: UInt64
    let id: String
    let schema: Schema
}

/// The `recorded_at` of the events from `firstSeq` until the next entry.
struct RecordedTime: Sendable {
    let firstSeq: UInt64
    let milliseconds: Int64
}
