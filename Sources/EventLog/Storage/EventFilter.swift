/// Which events of the log to read: a seq window, a time window, an entity, some types, an actor, a limit.
public struct EventFilter: Sendable, Equatable {
    /// Only events with a seq greater than this.
    public var after: UInt64 = 0
    /// At most this many events.
    public var limit: Int?
    /// Only events that touched this id (as subject, or as an end of a relation).
    public var entity: String?
    /// Only events of these types.
    public var types: Set<EventType>?
    /// Only events recorded at or after this time.
    public var since: Timestamp?
    /// Only events recorded at or before this time.
    public var until: Timestamp?
    /// Only events recorded by this actor (an audit: who wrote what).
    public var actor: String?

    public init(
        after: UInt64 = 0, limit: Int? = nil, entity: String? = nil, types: Set<EventType>? = nil,
        since: Timestamp? = nil, until: Timestamp? = nil, actor: String? = nil
    ) {
        self.after = after
        self.limit = limit
        self.entity = entity
        self.types = types
        self.since = since
        self.until = until
        self.actor = actor
    }
}

extension LogReader {
    /// Calls `body` with each event that `filter` selects, oldest first, until it returns false.
    /// Uses the history index for an entity and the time index for a time window; an actor is matched
    /// on each event read (no index: an audit reads the window it is given).
    public func forEach(matching filter: EventFilter, _ body: (RecordedEvent) throws -> Bool) throws {
        var lower = filter.after
        if let since = filter.since {
            lower = max(lower, try seq(atOrBefore: Timestamp(milliseconds: since.milliseconds - 1)))
        }
        let upper = try filter.until.map { try seq(atOrBefore: $0) } ?? .max
        let codes = filter.types.map { Set($0.map(CanonicalFormat.code(of:))) }
        var remaining = filter.limit ?? .max
        guard remaining > 0, lower < upper else { return }
        if let entity = filter.entity {
            for seq in try seqs(touching: entity) where seq > lower {
                guard seq <= upper else { return }
                guard let recorded = try event(at: seq) else { continue }
                if let types = filter.types, !types.contains(recorded.event.type) { continue }
                if let actor = filter.actor, recorded.event.actor != actor { continue }
                remaining -= 1
                if try !body(recorded) || remaining == 0 { return }
            }
            return
        }
        try forEachStored(after: lower) { seq, stored in
            guard seq <= upper else { return false }
            if let codes, let code = LogLayout.typeCode(ofStored: stored), !codes.contains(code) { return true }
            let recorded = try Self.decode(seq: seq, stored: stored)
            if let actor = filter.actor, recorded.event.actor != actor { return true }
            remaining -= 1
            return try body(recorded) && remaining > 0
        }
    }

    /// The events that `filter` selects, oldest first.
    public func events(matching filter: EventFilter) throws -> [RecordedEvent] {
        var found: [RecordedEvent] = []
        try forEach(matching: filter) {
            found.append($0)
            return true
        }
        return found
    }
}
