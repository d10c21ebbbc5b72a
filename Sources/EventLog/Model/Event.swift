/// The event types of docs/events.md, by their wire names.
public enum EventType: String, Sendable, Hashable, CaseIterable {
    case entityCreated = "entity.created"
    case entityUpdated = "entity.updated"
    case entityRetired = "entity.retired"
    case relationAdded = "relation.added"
    case relationUpdated = "relation.updated"
    case relationRemoved = "relation.removed"
    case schemaDefined = "schema.defined"
    case entityErased = "entity.erased"
}

/// What an event says, per type, with the fields docs/events.md gives it.
public enum EventBody: Sendable, Hashable {
    /// A new entity of `kind` (its primary label; nil for an entity without one) with extra `labels`.
    case entityCreated(id: String, kind: String?, properties: Properties, labels: [String])
    /// A merge patch on the entity's properties; `labels`, when present, replaces its extra labels;
    /// `removesKind` takes its primary label away (for good: a label can come back as an extra one).
    case entityUpdated(id: String, patch: PropertyPatch, labels: [String]?, removesKind: Bool = false)
    /// The entity, and its relations with it, are gone from here on.
    case entityRetired(id: String)
    /// A directed relation of type `type` between two live entities.
    case relationAdded(id: String, type: String, from: String, to: String, properties: Properties)
    /// A merge patch on the relation's properties.
    case relationUpdated(id: String, patch: PropertyPatch)
    /// The relation is gone from here on.
    case relationRemoved(id: String)
    /// The schema in force from here on.
    case schemaDefined(id: String, schema: Schema)
    /// The personal content of the entity created at seq `created` was removed from every earlier event
    /// (docs/events.md, Erasure); `id` is the pseudonym it carries everywhere instead of its old id, and
    /// `relations` says whether its relations' own content went too. Written by an erasure only.
    case entityErased(id: String, created: UInt64, relations: Bool, reason: String)

    /// The event's type.
    public var type: EventType {
        switch self {
        case .entityCreated: .entityCreated
        case .entityUpdated: .entityUpdated
        case .entityRetired: .entityRetired
        case .relationAdded: .relationAdded
        case .relationUpdated: .relationUpdated
        case .relationRemoved: .relationRemoved
        case .schemaDefined: .schemaDefined
        case .entityErased: .entityErased
        }
    }

    /// The entity, relation or schema id the event is about.
    public var id: String {
        switch self {
        case .entityCreated(let id, _, _, _), .entityUpdated(let id, _, _, _), .entityRetired(let id),
            .relationAdded(let id, _, _, _, _), .relationUpdated(let id, _), .relationRemoved(let id),
            .schemaDefined(let id, _), .entityErased(let id, _, _, _):
            id
        }
    }
}

/// One event as written by people and programs: what it says plus its provenance.
public struct Event: Sendable, Hashable {
    /// What the event says.
    public var body: EventBody
    /// Who recorded it (a person or system name).
    public var actor: String?
    /// Where the fact comes from: a URL or citation.
    public var source: String?
    /// Free text: why this change.
    public var note: String?

    public init(_ body: EventBody, actor: String? = nil, source: String? = nil, note: String? = nil) {
        self.body = body
        self.actor = actor
        self.source = source
        self.note = note
    }

    /// The event's type.
    public var type: EventType { body.type }
    /// The id the event is about.
    public var id: String { body.id }

    /// A relation's id once one of its ends, formerly `oldID`, was erased and given `pseudonym` (`from`
    /// and `to` are its ends' ids after that): a default id is made again from them, another id has
    /// every `oldID` in it replaced by the pseudonym.
    public static func erasedRelationID(
        _ id: String, type: String, from: String, to: String, replacing oldID: String, with pseudonym: String
    ) -> String {
        let (oldFrom, oldTo) = (from == pseudonym ? oldID : from, to == pseudonym ? oldID : to)
        if id == defaultRelationID(type: type, from: oldFrom, to: oldTo) { return defaultRelationID(type: type, from: from, to: to) }
        return id.contains(oldID) ? id.replacing(oldID, with: pseudonym) : id
    }

    /// The id a relation added without one gets: `REL:FROM->TO`.
    public static func defaultRelationID(type: String, from: String, to: String) -> String {
        // Built in one allocation (not by interpolation): it is made for most relations of a bulk import.
        var (type, from, to, colon, arrow) = (type, from, to, ":", "->")
        let count = type.utf8.count + from.utf8.count + to.utf8.count + 3
        return String(unsafeUninitializedCapacity: count) { out in
            var at = 0
            func put(_ bytes: UnsafeBufferPointer<UInt8>) {
                _ = UnsafeMutableBufferPointer(rebasing: out[at..<at + bytes.count]).initialize(from: bytes)
                at += bytes.count
            }
            type.withUTF8(put)
            colon.withUTF8(put)
            from.withUTF8(put)
            arrow.withUTF8(put)
            to.withUTF8(put)
            return at
        }
    }
}

/// An event as the log holds it: with its position, time and place in the hash chain.
public struct RecordedEvent: Sendable, Hashable {
    /// Position in the log: 1, 2, 3, … dense and never reused.
    public let seq: UInt64
    /// When it was appended (never decreasing with `seq`).
    public let recordedAt: Timestamp
    /// The event.
    public let event: Event
    /// `SHA-256(previous hash ‖ seq ‖ SHA-256(canonical bytes as recorded))`.
    public let hash: Digest
    /// The seq of the erasure that removed personal content from this event, nil while it is as recorded.
    public let erasedBy: UInt64?

    public init(seq: UInt64, recordedAt: Timestamp, event: Event, hash: Digest, erasedBy: UInt64? = nil) {
        self.seq = seq
        self.recordedAt = recordedAt
        self.event = event
        self.hash = hash
        self.erasedBy = erasedBy
    }
}
