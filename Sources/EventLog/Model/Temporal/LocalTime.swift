// A time of day without a zone — openCypher's `localtime` — to the nanosecond, kept as nanoseconds
// since midnight: the form that orders, compares and adds without a clock face.

/// A time of day from 00:00 to 23:59:59.999999999.
public struct LocalTime: Hashable, Comparable, Sendable {
    public static let nanosecondsPerSecond: Int64 = 1_000_000_000
    public static let nanosecondsPerDay: Int64 = 86_400 * nanosecondsPerSecond
    public static let midnight = LocalTime(nanosecondOfDay: 0)

    /// Nanoseconds since midnight, in `0..<nanosecondsPerDay`.
    public let nanosecondOfDay: Int64

    /// The time `nanoseconds` after midnight, wrapped into one day (negative counts back from midnight).
    public init(nanosecondOfDay nanoseconds: Int64) {
        let remainder = nanoseconds % Self.nanosecondsPerDay
        nanosecondOfDay = remainder < 0 ? remainder + Self.nanosecondsPerDay : remainder
    }

    /// The time of a clock face; nil when a field is out of its range.
    public init?(hour: Int64, minute: Int64 = 0, second: Int64 = 0, nanosecond: Int64 = 0) {
        guard (0...23).contains(hour), (0...59).contains(minute), (0...59).contains(second),
            (0..<Self.nanosecondsPerSecond).contains(nanosecond)
        else { return nil }
        nanosecondOfDay = ((hour * 60 + minute) * 60 + second) * Self.nanosecondsPerSecond + nanosecond
    }

    public static func < (a: LocalTime, b: LocalTime) -> Bool { a.nanosecondOfDay < b.nanosecondOfDay }

    public var hour: Int64 { nanosecondOfDay / (3_600 * Self.nanosecondsPerSecond) }
    public var minute: Int64 { nanosecondOfDay / (60 * Self.nanosecondsPerSecond) % 60 }
    public var second: Int64 { nanosecondOfDay / Self.nanosecondsPerSecond % 60 }
    /// The nanoseconds within the second.
    public var nanosecond: Int64 { nanosecondOfDay % Self.nanosecondsPerSecond }
    /// Whole seconds since midnight.
    public var secondOfDay: Int64 { nanosecondOfDay / Self.nanosecondsPerSecond }

    /// The time `nanoseconds` later (earlier when negative), around the clock.
    public func adding(nanoseconds: Int64) -> LocalTime {
        LocalTime(nanosecondOfDay: nanosecondOfDay + nanoseconds % Self.nanosecondsPerDay)
    }

    // MARK: ISO 8601 text

    /// `HH:MM`, then `:SS` when there are seconds, then a fraction of 3, 6 or 9 digits when there are
    /// nanoseconds — java.time's form, which openCypher's results use.
    public var iso8601: String {
        var text = CalendarDate.twoDigits(hour) + ":" + CalendarDate.twoDigits(minute)
        let (second, nanosecond) = (second, nanosecond)
        guard second != 0 || nanosecond != 0 else { return text }
        text += ":" + CalendarDate.twoDigits(second)
        guard nanosecond != 0 else { return text }
        let digits = nanosecond % 1_000_000 == 0 ? 3 : nanosecond % 1_000 == 0 ? 6 : 9
        let padded = String(nanosecond + Self.nanosecondsPerSecond).dropFirst()
        return text + "." + padded.prefix(digits)
    }

    /// The time `text` names: `21`, `2140`, `21:40`, `214032`, `21:40:32`, with a fraction of up to
    /// nine digits after the seconds (`21:40:32.142`, `214032,142`). Nil for anything else.
    public init?(iso8601 text: some StringProtocol) {
        var scanner = TemporalScanner(text)
        guard let time = Self.read(&scanner), scanner.isAtEnd else { return nil }
        self = time
    }

    /// Reads a time from the front of `scanner`, leaving what follows it (an offset or a zone).
    static func read(_ scanner: inout TemporalScanner) -> LocalTime? {
        guard let hour = scanner.digits(2) else { return nil }
        let colons = scanner.take(UInt8(ascii: ":"))
        guard colons || scanner.digitCount >= 2 else { return LocalTime(hour: hour) }
        guard let minute = scanner.digits(2) else { return nil }
        let more = colons ? scanner.take(UInt8(ascii: ":")) : scanner.digitCount >= 2
        guard more else { return LocalTime(hour: hour, minute: minute) }
        guard let second = scanner.digits(2) else { return nil }
        var valid = true
        let nanosecond = scanner.fractionNanoseconds(valid: &valid) ?? 0
        guard valid else { return nil }
        return LocalTime(hour: hour, minute: minute, second: second, nanosecond: nanosecond)
    }
}
