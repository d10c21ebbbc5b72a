// The audit of who wrote the log: for each actor (the `actor` each event names — over HTTP, the write
// token's name), how many events and when, read from the whole log.
import EventLog

/// What one actor recorded.
public struct ActorActivity: Sendable, Equatable {
    /// The actor as events name it; nil for the events that name none.
    public let actor: String?
    public var events = 0
    public var firstSeq: UInt64 = 0
    public var lastSeq: UInt64 = 0
    public var firstRecordedAt = Timestamp(milliseconds: 0)
    public var lastRecordedAt = Timestamp(milliseconds: 0)
    /// Events by type.
    public var byType: [EventType: Int] = [:]
}

extension Database {
    /// Every actor's activity over the whole log, most events first (then by name).
    public func activityByActor() throws -> [ActorActivity] {
        var byActor: [String?: ActorActivity] = [:]
        try forEachEvent(matching: EventFilter()) { recorded in
            let actor = recorded.event.actor
            var activity = byActor[actor] ?? ActorActivity(actor: actor)
            if activity.events == 0 { (activity.firstSeq, activity.firstRecordedAt) = (recorded.seq, recorded.recordedAt) }
            activity.events += 1
            (activity.lastSeq, activity.lastRecordedAt) = (recorded.seq, recorded.recordedAt)
            activity.byType[recorded.event.type, default: 0] += 1
            byActor[actor] = activity
            return true
        }
        return byActor.values.sorted { ($1.events, $0.actor ?? "") < ($0.events, $1.actor ?? "") }
    }
}
