// Events as JSON, the way docs/events.md gives them back: the input object plus `seq`,
// `recorded_at`, the assigned `id` of a relation, and `hash`.

extension JSONWriter {
    /// Writes `event` as the JSON object that would append it.
    public mutating func event(_ event: Event) {
        beginObject()
        eventMembers(event)
        endObject()
    }

    /// Writes a recorded event: its input object plus `seq`, `recorded_at` and `hash`.
    public mutating func recordedEvent(_ recorded: RecordedEvent) {
        beginObject()
        key("seq")
        unsigned(recorded.seq)
        key("recorded_at")
        string(recorded.recordedAt.rfc3339)
        eventMembers(recorded.event)
        if let erasedBy = recorded.erasedBy {
            key("erased_by")
            unsigned(erasedBy)
        }
        key("hash")
        string(recorded.hash.hex)
        endObject()
    }

    private mutating func eventMembers(_ event: Event) {
        key("type")
        string(event.type.rawValue)
        key("id")
        string(event.id)
        switch event.body {
        case .entityCreated(_, let kind, let properties, let labels):
            if let kind {
                key("kind")
                string(kind)
            }
            if !labels.isEmpty {
                key("labels")
                strings(labels)
            }
            key("props")
            propertyObject(properties.map { ($0.key, $0.value) })
        case .entityUpdated(_, let patch, let labels, let removesKind):
            if removesKind {
                key("kind")
                null()
            }
            if let labels {
                key("labels")
                strings(labels)
            }
            if !patch.isEmpty {
                key("props")
                propertyObject(patch.map { ($0.key, $0.value) })
            }
        case .entityRetired, .relationRemoved:
            break
        case .relationAdded(_, let type, let from, let to, let properties):
            key("rel")
            string(type)
            key("from")
            string(from)
            key("to")
            string(to)
            key("props")
            propertyObject(properties.map { ($0.key, $0.value) })
        case .relationUpdated(_, let patch):
            key("props")
            propertyObject(patch.map { ($0.key, $0.value) })
        case .schemaDefined(_, let schema):
            key("props")
            beginObject()
            key("kinds")
            strings(schema.kinds)
            key("relations")
            beginArray()
            for rule in schema.relations {
                beginObject()
                key("rel")
                string(rule.type)
                key("from")
                strings(rule.from)
                key("to")
                strings(rule.to)
                endObject()
            }
            endArray()
            endObject()
        case .entityErased(_, let created, let relations, let reason):
            key("created")
            unsigned(created)
            key("relations")
            boolean(relations)
            key("reason")
            string(reason)
        }
        for (name, value) in [("actor", event.actor), ("source", event.source), ("note", event.note)] {
            if let value {
                key(name)
                string(value)
            }
        }
    }

    private mutating func propertyObject(_ entries: [(String, PropertyValue?)]) {
        beginObject()
        for (name, value) in entries {
            key(name)
            self.value(value)
        }
        endObject()
    }
}
