// A date and a time of day without a zone — openCypher's `localdatetime`.

/// A calendar date with a time of day, in no zone.
public struct LocalDateTime: Hashable, Comparable, Sendable {
    public let date: CalendarDate
    public let time: LocalTime

    public init(date: CalendarDate, time: LocalTime) {
        self.date = date
        self.time = time
    }

    /// The date-time `seconds` (and `nanosecond`) after 1970-01-01T00:00 on the same clock; nil
    /// outside the years a date may have.
    public init?(localSeconds seconds: Int64, nanosecond: Int64 = 0) {
        guard let date = CalendarDate(checkingEpochDay: CalendarDate.floorDivide(seconds, 86_400)) else { return nil }
        self.date = date
        time = LocalTime(nanosecondOfDay: CalendarDate.floorModulo(seconds, 86_400) * LocalTime.nanosecondsPerSecond + nanosecond)
    }

    public static func < (a: LocalDateTime, b: LocalDateTime) -> Bool { (a.date, a.time) < (b.date, b.time) }

    /// Seconds since 1970-01-01T00:00 on the same clock (as if the date-time were UTC).
    public var localSeconds: Int64 { date.epochDay * 86_400 + time.secondOfDay }

    /// The date-time `seconds` and `nanoseconds` later on the same clock; nil past the years allowed.
    public func adding(seconds: Int64, nanoseconds: Int64) -> LocalDateTime? {
        let total = Int64(time.nanosecond) + nanoseconds % LocalTime.nanosecondsPerSecond
        let (carried, overflow) = seconds.addingReportingOverflow(
            nanoseconds / LocalTime.nanosecondsPerSecond + CalendarDate.floorDivide(total, LocalTime.nanosecondsPerSecond))
        guard !overflow else { return nil }
        let (shifted, overflowAgain) = localSeconds.addingReportingOverflow(carried)
        guard !overflowAgain else { return nil }
        return LocalDateTime(localSeconds: shifted, nanosecond: CalendarDate.floorModulo(total, LocalTime.nanosecondsPerSecond))
    }

    /// `2015-07-21T21:40:32.142`: the date, `T`, the time as `LocalTime` writes it.
    public var iso8601: String { date.iso8601 + "T" + time.iso8601 }

    /// The date-time `text` names: a date in any form `CalendarDate` reads, then `T` and a time.
    public init?(iso8601 text: some StringProtocol) {
        var scanner = TemporalScanner(text)
        guard let value = Self.read(&scanner), scanner.isAtEnd else { return nil }
        self = value
    }

    /// Reads a date-time from the front of `scanner`; a date alone is at midnight.
    static func read(_ scanner: inout TemporalScanner) -> LocalDateTime? {
        guard let date = CalendarDate.read(&scanner) else { return nil }
        guard scanner.takeLetter("T") else { return LocalDateTime(date: date, time: .midnight) }
        return LocalTime.read(&scanner).map { LocalDateTime(date: date, time: $0) }
    }
}
