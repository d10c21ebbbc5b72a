// What a door (HTTP, Bolt) tells whoever keeps the server's metrics, so that one `/metrics` reports
// every door without the doors knowing of each other.

/// Hears a door's connections and queries.
public protocol DoorObserver: Sendable {
    /// A connection of `door` opened (+1) or closed (-1).
    func connections(door: String, change: Int)
    /// A query of `door` finished: its outcome (`ok` or an error code), its time, the events it appended.
    func queryFinished(door: String, outcome: String, duration: Duration, eventsAppended: Int)
}
