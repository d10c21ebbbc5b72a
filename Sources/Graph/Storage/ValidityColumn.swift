// The newest valid time of each node and relation, by handle: what a query at a valid time reads at the
// head instead of two property lookups per element (a relation's properties are a chain of versions).
// A relation's entry is its bounds narrowed to its ends' (a relationship holds only while both its
// ends do), so an expansion reads one entry per relationship and none for the node at its other end;
// a change of a node's bounds narrows its relations' entries again. A node's adjacency lists keep a
// copy of their relations' entries beside them (`NodeRecord.outgoingDays`), read in order as an
// expansion walks the list: the column itself, by relation handle, is a jump per relationship.
// Bounds are nearly always dates, whose midnights UTC are whole days, so an entry is two day numbers —
// 8 bytes, so that a scan of many relationships stays in cache; bounds finer than a day (date-times)
// or beyond ±5.8 million years are kept exactly in a table beside it. Empty, and no memory, until some
// element has a valid time; then it reaches as far as the last element given one (those past its end,
// and those never given one, hold at every valid time).

import EventLog

/// Valid-time bounds, exactly: from (inclusive) and until (exclusive), open ends at the extremes.
struct ValidBounds: Sendable, Equatable {
    let from: ValidInstant
    let until: ValidInstant

    static let always = ValidBounds(from: .earliest, until: .latest)

    init(from: ValidInstant, until: ValidInstant) {
        self.from = from
        self.until = until
    }

    init(from: PropertyValue?, until: PropertyValue?) {
        self.from = ValidInstant(from) ?? .earliest
        self.until = ValidInstant(until) ?? .latest
    }

    func contains(_ instant: ValidInstant) -> Bool { !(instant < from) && instant < until }

    /// The instants both hold at (empty, from ≥ until, when they share none).
    func narrowed(to other: ValidBounds) -> ValidBounds {
        ValidBounds(from: max(from, other.from), until: min(until, other.until))
    }
}

/// A valid instant as the column compares it: its day (since 1970-01-01, UTC) for day-granular
/// bounds, and the instant itself for the exact ones.
struct ValidDay: Sendable {
    let day: Int64
    let instant: ValidInstant

    init(_ instant: ValidInstant) {
        self.instant = instant
        day = instant.seconds == .min || instant.seconds == .max ? instant.seconds : CalendarDate.floorDivide(instant.seconds, 86_400)
    }
}

/// An element's valid time as the column keeps it: two day numbers; `exact` marks one whose bounds are
/// in the column's table. A node's adjacency lists keep their relations' beside their entries.
struct ValidDays: Sendable, Equatable {
    fileprivate let from: Int32
    fileprivate let until: Int32
    fileprivate static let open = (from: Int32.min, until: Int32.max), exact = Int32.min + 1
    static let always = ValidDays(from: open.from, until: open.until)

    fileprivate init(from: Int32, until: Int32) {
        self.from = from
        self.until = until
    }

    var isExact: Bool { from == Self.exact }

    /// Whether day-granular bounds hold at `at` (an exact element's are in the table).
    @inline(__always)
    fileprivate func holds(_ at: ValidDay) -> Bool {
        // A day-granular bound is a midnight UTC: an instant is at or after it when its day is. (An
        // instant may be beyond the days an entry can hold: the open ends pass it whatever its day.)
        (from == Self.open.from || Int64(from) <= at.day) && (until == Self.open.until || at.day < Int64(until))
    }
}

/// The head's valid-time bounds of every node and relation that has had some.
struct ValidityColumn: Sendable {
    private typealias Entry = ValidDays

    private var nodes = ChunkedArray<Entry>()
    private var relations = ChunkedArray<Entry>()
    private var exactNodes: [UInt32: ValidBounds] = [:]
    private var exactRelations: [UInt32: ValidBounds] = [:]

    @inline(__always)
    func node(_ handle: UInt32, holdsAt at: ValidDay) -> Bool {
        guard Int(handle) < nodes.count else { return true }
        return Self.holds(nodes[Int(handle)], at) { exactNodes[handle] }
    }

    @inline(__always)
    func relation(_ handle: UInt32, holdsAt at: ValidDay) -> Bool {
        guard Int(handle) < relations.count else { return true }
        return Self.holds(relations[Int(handle)], at) { exactRelations[handle] }
    }

    /// Whether relation `handle`, whose entry is `days` (as its ends' adjacency lists keep it), holds at `at`.
    @inline(__always)
    func relation(_ handle: UInt32, days: ValidDays, holdsAt at: ValidDay) -> Bool {
        Self.holds(days, at) { exactRelations[handle] }
    }

    /// Relation `handle`'s entry.
    func days(ofRelation handle: UInt32) -> ValidDays { Int(handle) < relations.count ? relations[Int(handle)] : .always }

    @inline(__always)
    private static func holds(_ entry: Entry, _ at: ValidDay, exact: () -> ValidBounds?) -> Bool {
        entry.isExact ? exact()?.contains(at.instant) ?? true : entry.holds(at)
    }

    /// Whether any node has bounds (else no relation needs narrowing to its ends).
    var hasNodes: Bool { nodes.count > 0 }

    /// The exact bounds of node `handle`.
    func bounds(ofNode handle: UInt32) -> ValidBounds {
        guard Int(handle) < nodes.count else { return .always }
        let entry = nodes[Int(handle)]
        if entry.isExact { return exactNodes[handle] ?? .always }
        func instant(_ day: Int32, open: ValidInstant) -> ValidInstant {
            day == Entry.open.from || day == Entry.open.until ? open : ValidInstant(seconds: Int64(day) * 86_400, nanosecond: 0)
        }
        return ValidBounds(from: instant(entry.from, open: .earliest), until: instant(entry.until, open: .latest))
    }

    mutating func set(node handle: UInt32, _ bounds: ValidBounds) {
        Self.set(&nodes, &exactNodes, handle, bounds)
    }

    mutating func set(relation handle: UInt32, _ bounds: ValidBounds) {
        Self.set(&relations, &exactRelations, handle, bounds)
    }

    private static func set(
        _ column: inout ChunkedArray<Entry>, _ exact: inout [UInt32: ValidBounds], _ handle: UInt32, _ bounds: ValidBounds
    ) {
        // Elements before this one that never had a valid time hold always.
        while column.count <= Int(handle) { column.append(.always) }
        if let from = day(bounds.from, open: Entry.open.from), let until = day(bounds.until, open: Entry.open.until) {
            column[Int(handle)] = Entry(from: from, until: until)
            exact[handle] = nil
        } else {
            column[Int(handle)] = Entry(from: Entry.exact, until: 0)
            exact[handle] = bounds
        }
    }

    /// The day number of a bound that is a midnight UTC within ±5.8 million years; `open` for an open
    /// end; nil for any other bound.
    private static func day(_ instant: ValidInstant, open: Int32) -> Int32? {
        if instant.seconds == .min || instant.seconds == .max { return open }
        guard instant.nanosecond == 0, instant.seconds % 86_400 == 0 else { return nil }
        let day = instant.seconds / 86_400
        guard day > Int64(Entry.exact), day < Int64(Int32.max) else { return nil }
        return Int32(day)
    }
}
