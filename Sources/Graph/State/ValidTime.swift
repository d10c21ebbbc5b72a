// Valid time: when a fact held in the world, as the entity or relation says it in two properties,
// `valid_from` (inclusive) and `valid_until` (exclusive), each a date, a local date-time (read in UTC)
// or a date-time, either left out for an open end. They are set and corrected by ordinary events, so
// every earlier belief stays visible AS OF the position it was held at: transaction time and valid
// time are two independent axes (bitemporal, as XTDB has it).

public import EventLog

/// A point of valid time: seconds since 1970-01-01T00:00Z and the nanoseconds within the second.
public struct ValidInstant: Comparable, Sendable {
    public let seconds: Int64
    public let nanosecond: Int64

    /// The keys valid time is read from.
    public static let fromKey = "valid_from", untilKey = "valid_until"

    /// The instant a value of valid time names: a date's midnight UTC, a local date-time read in UTC, a
    /// date-time's instant; nil for any other value.
    public init?(_ value: TemporalValue) {
        switch value {
        case .date(let date): (seconds, nanosecond) = (date.epochDay * 86_400, 0)
        case .localDateTime(let local): (seconds, nanosecond) = (local.localSeconds, local.time.nanosecond)
        case .dateTime(let dateTime): (seconds, nanosecond) = (dateTime.epochSeconds, dateTime.nanosecond)
        default: return nil
        }
    }

    /// The instant ISO 8601 text names, as `--valid-at` and `valid_at` take it: a date (its midnight
    /// UTC) or a date-time, with an offset or zone or else in UTC.
    public init?(iso8601 text: String) {
        guard let dateTime = ZonedDateTime(iso8601: text) else { return nil }
        self.init(.dateTime(dateTime))
    }

    init?(_ property: PropertyValue?) {
        guard case .temporal(let value)? = property else { return nil }
        self.init(value)
    }

    init(seconds: Int64, nanosecond: Int64) {
        self.seconds = seconds
        self.nanosecond = nanosecond
    }

    /// Before and after every instant a valid time can name: the open ends.
    static let earliest = ValidInstant(seconds: .min, nanosecond: 0)
    static let latest = ValidInstant(seconds: .max, nanosecond: 0)

    public static func < (a: ValidInstant, b: ValidInstant) -> Bool { (a.seconds, a.nanosecond) < (b.seconds, b.nanosecond) }

    /// Whether an element with these bounds held at this instant: from ≤ it < until, an absent bound open.
    public func isWithin(from: PropertyValue?, until: PropertyValue?) -> Bool {
        if let start = ValidInstant(from), self < start { return false }
        if let end = ValidInstant(until), !(self < end) { return false }
        return true
    }

    /// Checks the bounds an element would have: each a date, local date-time or date-time, and the
    /// until after the from.
    static func check(from: PropertyValue?, until: PropertyValue?) throws(RuleViolation) {
        for (key, value) in [(fromKey, from), (untilKey, until)] {
            guard let value else { continue }
            guard ValidInstant(value) != nil else {
                throw RuleViolation(
                    rule: .validTime, field: "props.\(key)",
                    message: "valid time is a date, localdatetime or datetime ({\"date\": \"2023-05-11\"}), not a \(value.typeName)")
            }
        }
        if let start = ValidInstant(from), let end = ValidInstant(until), !(start < end) {
            throw RuleViolation(
                rule: .validTime, field: "props.\(untilKey)",
                message: "valid_until (\(Self.text(until))) must be after valid_from (\(Self.text(from)))")
        }
    }

    private static func text(_ value: PropertyValue?) -> String {
        if case .temporal(let temporal)? = value { return temporal.iso8601 }
        return "?"
    }
}
