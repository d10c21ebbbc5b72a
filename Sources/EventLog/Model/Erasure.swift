// What an erasure does to the events that name an entity (docs/events.md, Erasure). Personal content
// goes; structure stays:
// - the entity's own events carry the pseudonym for its id, keep their kind and labels, and lose every
//   property but the valid-time bounds, and their `source` and `note`;
// - its relations' events name the pseudonym for it (a relation's id, too, where it names the entity);
//   with `relations`, they also lose every property but the valid-time bounds, and their source and note.
// `actor`, who recorded an event, and `recorded_at` stay. Applied in the log's order, because a
// relation's later events are known by the id its addition gave it.

/// The change an erasure makes to each event that names its entity.
public struct Erasure: Sendable {
    /// The entity's id before the erasure.
    public let id: String
    /// The id it carries from then on, everywhere.
    public let pseudonym: String
    /// Whether its relations' own content goes too.
    public let relations: Bool
    /// The relations of the entity seen so far, by old id: their id after.
    private var relationIDs: [String: String] = [:]

    public init(id: String, pseudonym: String, relations: Bool) {
        self.id = id
        self.pseudonym = pseudonym
        self.relations = relations
    }

    /// The valid-time keys: when something held is structure, and stays.
    public static let keptKeys: Set<String> = ["valid_from", "valid_until"]

    /// `event` as the erasure leaves it: the same event when it does not name the entity.
    public mutating func erased(_ event: Event) -> Event {
        switch event.body {
        case .entityCreated(id, let kind, let properties, let labels):
            return stripped(.entityCreated(id: pseudonym, kind: kind, properties: kept(properties), labels: labels), event)
        case .entityUpdated(id, let patch, let labels, let removesKind):
            return stripped(.entityUpdated(id: pseudonym, patch: kept(patch), labels: labels, removesKind: removesKind), event)
        case .entityRetired(id):
            return stripped(.entityRetired(id: pseudonym), event)
        case .relationAdded(let relation, let type, let from, let to, let properties) where from == id || to == id:
            let (newFrom, newTo) = (from == id ? pseudonym : from, to == id ? pseudonym : to)
            let newID = Event.erasedRelationID(relation, type: type, from: newFrom, to: newTo, replacing: id, with: pseudonym)
            relationIDs[relation] = newID
            let properties = relations ? kept(properties) : properties
            return relationEvent(.relationAdded(id: newID, type: type, from: newFrom, to: newTo, properties: properties), event)
        case .relationUpdated(let relation, let patch):
            guard let newID = relationIDs[relation] else { return event }
            return relationEvent(.relationUpdated(id: newID, patch: relations ? kept(patch) : patch), event)
        case .relationRemoved(let relation):
            guard let newID = relationIDs[relation] else { return event }
            return relationEvent(.relationRemoved(id: newID), event)
        default:
            return event
        }
    }

    /// A relation's event with the entity's id replaced; with `relations`, its source and note gone too.
    private func relationEvent(_ body: EventBody, _ event: Event) -> Event {
        relations ? stripped(body, event) : Event(body, actor: event.actor, source: event.source, note: event.note)
    }

    private func stripped(_ body: EventBody, _ event: Event) -> Event { Event(body, actor: event.actor) }

    private func kept(_ properties: Properties) -> Properties {
        Properties(sorted: properties.filter { Self.keptKeys.contains($0.key) })
    }

    private func kept(_ patch: PropertyPatch) -> PropertyPatch {
        PropertyPatch(sorted: patch.filter { Self.keptKeys.contains($0.key) })
    }
}
