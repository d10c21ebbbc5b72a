// How temporal values compare, as openCypher has it: only values of one kind compare; times and
// date-times at different offsets compare (and are equal) by the instant they name; durations are
// equal when their months, days, seconds and nanoseconds are, and do not compare with `<` (a month
// is not a fixed number of days) — ORDER BY still puts them in an order, part by part.
import EventLog

extension TemporalValue {
    /// `self = other`: values of one kind naming the same day, time, instant or amount.
    func equals(_ other: TemporalValue) -> Bool {
        switch (self, other) {
        case (.duration(let a), .duration(let b)): a == b
        default: compare(other) == .equal
        }
    }

    /// `self < other` and friends; nil across kinds and for durations.
    func compare(_ other: TemporalValue) -> ComparisonResult? {
        switch (self, other) {
        case (.date(let a), .date(let b)): Self.order(a.epochDay, b.epochDay)
        case (.localTime(let a), .localTime(let b)): Self.order(a.nanosecondOfDay, b.nanosecondOfDay)
        case (.time(let a), .time(let b)): Self.order(a.utcNanoseconds, b.utcNanoseconds)
        case (.localDateTime(let a), .localDateTime(let b)): a < b ? .less : a == b ? .equal : .greater
        case (.dateTime(let a), .dateTime(let b)):
            Self.order(a.epochSeconds, b.epochSeconds).then(Self.order(a.nanosecond, b.nanosecond))
        default: nil
        }
    }

    /// ORDER BY among values of one rank: as `compare`, ties (one instant at two offsets) by offset,
    /// durations part by part.
    func order(_ other: TemporalValue) -> ComparisonResult {
        switch (self, other) {
        case (.duration(let a), .duration(let b)):
            return Self.order(a.months, b.months).then(Self.order(a.days, b.days)).then(Self.order(a.seconds, b.seconds))
                .then(Self.order(a.nanoseconds, b.nanoseconds))
        case (.time(let a), .time(let b)):
            return Self.order(a.utcNanoseconds, b.utcNanoseconds).then(Self.order(Int64(a.offset.seconds), Int64(b.offset.seconds)))
        case (.dateTime(let a), .dateTime(let b)):
            return compare(other)!.then(Self.order(Int64(a.offset.seconds), Int64(b.offset.seconds)))
        default:
            return compare(other) ?? .equal
        }
    }

    /// The kind's rank in ORDER BY across types (see Value+Comparison): datetime, localdatetime, date,
    /// time, localtime, duration — Neo4j's order.
    var orderRank: Int {
        switch self {
        case .dateTime: 5
        case .localDateTime: 6
        case .date: 7
        case .time: 8
        case .localTime: 9
        case .duration: 10
        }
    }

    /// Two numbers that equal values share (for hashing): the kind and what it is compared by.
    var equivalenceKey: (UInt64, UInt64) {
        switch self {
        case .date(let date): (11, UInt64(bitPattern: date.epochDay))
        case .localTime(let time): (12, UInt64(bitPattern: time.nanosecondOfDay))
        case .time(let time): (13, UInt64(bitPattern: time.utcNanoseconds))
        case .localDateTime(let dateTime): (14, UInt64(bitPattern: dateTime.localSeconds) ^ UInt64(dateTime.time.nanosecond) << 34)
        case .dateTime(let dateTime): (15, UInt64(bitPattern: dateTime.epochSeconds) ^ UInt64(dateTime.nanosecond) << 34)
        case .duration(let duration):
            (16, UInt64(bitPattern: duration.months &* 31 &+ duration.days) ^ UInt64(bitPattern: duration.seconds) << 20)
        }
    }

    private static func order(_ a: Int64, _ b: Int64) -> ComparisonResult { a < b ? .less : a == b ? .equal : .greater }
}

extension ComparisonResult {
    /// This order, or `next` when this one is a tie.
    func then(_ next: @autoclosure () -> ComparisonResult) -> ComparisonResult { self == .equal ? next() : self }
}
