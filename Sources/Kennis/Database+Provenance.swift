// Where an entity's or relationship's facts come from, read from its own events in the log: the event
// that made it and, for each property it has at a position, the event that last set it — each with
// its seq, `source` and `actor` — and the distinct sources of those events, the ones that made the
// element what it is then. (An event that set a value later replaced is history, not provenance of
// the element now: `kennis history` has it.)
import EventLog
import Query

/// Which event a fact comes from.
public struct FactOrigin: Sendable, Equatable {
    public let seq: UInt64
    public let source: String?
    public let actor: String?
}

/// The erasure of an entity (docs/events.md, Erasure): its `entity.erased` event.
public struct ErasureOrigin: Sendable, Equatable {
    public let seq: UInt64
    public let actor: String?
    public let reason: String
}

/// The provenance of one element at a position.
public struct ElementProvenance: Sendable, Equatable {
    /// The event that created it.
    public let created: FactOrigin
    /// For each property it has, the event that last set it.
    public let properties: [String: FactOrigin]
    /// The erasure that removed its personal content, if one did by then.
    public var erasure: ErasureOrigin? = nil

    /// The distinct sources of the events that made the element what it is, oldest first.
    public var sources: [String] {
        var seen = Set<String>()
        return ([created] + properties.values.sorted { $0.seq < $1.seq }).compactMap(\.source).filter { seen.insert($0).inserted }
    }

    /// The events that set a property with no source.
    public var unsourced: [String] { properties.filter { $0.value.source == nil }.map(\.key).sorted() }
}

/// An element's provenance as its own events are applied, oldest first: one rule for `provenance`,
/// `sources()` and the JSON-LD export's `prov:wasDerivedFrom`.
struct ProvenanceBuilder {
    private var created: FactOrigin?
    private var properties: [String: FactOrigin] = [:]
    private var erasure: ErasureOrigin?

    /// Takes one of the element's own events.
    mutating func apply(_ recorded: RecordedEvent) {
        let event = recorded.event
        let origin = FactOrigin(seq: recorded.seq, source: event.source, actor: event.actor)
        switch event.body {
        case .entityCreated(_, _, let values, _), .relationAdded(_, _, _, _, let values):
            created = origin
            properties = [:]
            for property in values { properties[property.key] = origin }
        case .entityUpdated(_, let patch, _, _), .relationUpdated(_, let patch):
            // A builder may start after the creation when every event before had no source (the
            // export's pass keeps builders only from an element's first sourced event): that creation
            // is then one without a source.
            if created == nil { created = FactOrigin(seq: 0, source: nil, actor: nil) }
            for entry in patch { properties[entry.key] = entry.value == nil ? nil : origin }
        case .entityErased(_, _, _, let reason):
            erasure = ErasureOrigin(seq: recorded.seq, actor: event.actor, reason: reason)
        case .entityRetired, .relationRemoved, .schemaDefined: break
        }
    }

    /// The provenance so far; nil before the event that made the element.
    var provenance: ElementProvenance? {
        created.map { ElementProvenance(created: $0, properties: properties, erasure: erasure) }
    }
}

extension Database {
    /// The provenance of the entity or relationship `id` as of `seq`; nil when no event made it by then.
    public func provenance(of id: String, at seq: UInt64) throws -> ElementProvenance? {
        var builder = ProvenanceBuilder()
        try forEachEvent(matching: EventFilter(entity: id)) { recorded in
            guard recorded.seq <= seq else { return false }
            // The history of an entity holds its relations' events too: only its own count here.
            if recorded.event.id == id { builder.apply(recorded) }
            return true
        }
        return builder.provenance
    }
}

/// The log's provenance for a query's `sources()` and `provenance()`.
struct LogProvenanceReader: ProvenanceReader {
    let database: Database

    func sources(of id: String, at seq: UInt64) throws -> [String] {
        try database.provenance(of: id, at: seq)?.sources ?? []
    }

    func provenance(of id: String, at seq: UInt64) throws -> [(key: String, value: Value)] {
        guard let provenance = try database.provenance(of: id, at: seq) else { return [] }
        return provenance.properties.sorted { $0.key < $1.key }.map { key, origin in
            let fields: [(key: String, value: Value)] = [
                ("seq", .integer(Int64(origin.seq))), ("source", origin.source.map(Value.string) ?? .null),
                ("actor", origin.actor.map(Value.string) ?? .null),
            ]
            return (key, .map(fields))
        }
    }
}

extension Database {
    /// `limits` with the log's provenance, so that a query's `sources()` and `provenance()` can read it.
    func withProvenance(_ limits: QueryLimits) -> QueryLimits {
        var limits = limits
        limits.provenance = ProvenanceHook(LogProvenanceReader(database: self))
        return limits
    }
}
