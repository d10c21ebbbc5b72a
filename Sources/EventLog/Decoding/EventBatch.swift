/// Events to append as one all-or-nothing batch, each remembering where it came from so that a
/// rejection can name the file and line (or the index in a request).
public struct EventBatch: Sendable {
    /// The events, in order.
    public private(set) var events: [Event] = []
    /// The 1-based line of each event in its file; 0 means "not from text".
    private var lines: [Int32] = []
    private var files: [(name: String, firstIndex: Int)] = []

    public init() {}

    /// A batch of events that came from code rather than text.
    public init(_ events: [Event]) {
        self.events = events
        self.lines = Array(repeating: 0, count: events.count)
    }

    public var count: Int { events.count }
    public var isEmpty: Bool { events.isEmpty }

    /// Adds `event`, read from `line` of `file` (or from code when `location` is nil).
    public mutating func append(_ event: Event, from location: EventLocation?) {
        if let location, files.last?.name != location.file {
            files.append((location.file, events.count))
        }
        events.append(event)
        lines.append(Int32(clamping: location?.line ?? 0))
    }

    /// Marks the events appended from now on as coming from `file`.
    mutating func startFile(_ file: String) {
        files.append((file, events.count))
    }

    /// Adds `event`, read from `line` of the file last started (the decoder's fast path).
    mutating func append(_ event: Event, line: Int) {
        events.append(event)
        lines.append(Int32(clamping: line))
    }

    /// Adds every event of `other`, keeping their locations.
    public mutating func append(contentsOf other: EventBatch) {
        let offset = events.count
        for file in other.files where files.last?.name != file.name || offset + file.firstIndex != files.last?.firstIndex {
            files.append((file.name, offset + file.firstIndex))
        }
        events.append(contentsOf: other.events)
        lines.append(contentsOf: other.lines)
    }

    /// Where the event at `index` came from, if it came from text.
    public func location(of index: Int) -> EventLocation? {
        guard lines.indices.contains(index), lines[index] > 0 else { return nil }
        guard let file = files.last(where: { $0.firstIndex <= index }) else { return nil }
        return EventLocation(file: file.name, line: Int(lines[index]))
    }
}

extension EventBatch {
    /// The events in `range`, keeping their locations.
    public func slice(_ range: Range<Int>) -> EventBatch {
        var part = EventBatch()
        for index in range { part.append(events[index], from: location(of: index)) }
        return part
    }

    /// Changes every event in place, keeping locations.
    public mutating func mapEvents(_ change: (inout Event) -> Void) {
        for i in events.indices { change(&events[i]) }
    }
}
