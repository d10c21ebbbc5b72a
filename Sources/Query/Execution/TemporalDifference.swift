// `duration.between(a, b)` and `duration.inMonths/inDays/inSeconds`: the duration from one temporal
// value to another, as openCypher (after java.time) has it. First the two are made alike: a value
// without a time of day is at midnight where the other has one (or where whole seconds are asked
// for); one without a date takes the other's date; one without a zone takes the other's. Then whole
// months are counted on the calendar (a month is counted once its day and time are reached), whole
// days after them, and the rest exactly — on the zone's clock for months and days, between instants
// for the rest, so a day across a change of clocks is 23 or 25 hours.
import EventLog

enum TemporalDifference {
    enum Unit { case all, months, days, seconds }

    /// The duration from `from` to `to` in `unit`; nil when the two cannot be made alike (never for
    /// temporal values) or the amount does not fit.
    static func between(_ from: TemporalValue, _ to: TemporalValue, unit: Unit) -> CalendarDuration? {
        let (a, b) = alike(from, to, timeBased: unit == .seconds)
        switch unit {
        case .months: return CalendarDuration(months: months(a, b), days: 0, seconds: 0, nanoseconds: 0)
        case .days: return CalendarDuration(months: 0, days: days(a, b), seconds: 0, nanoseconds: 0)
        case .seconds: return exact(a, b)
        case .all:
            // Whole months, then whole days from where they end, then the rest exactly.
            let wholeMonths = months(a, b)
            guard let afterMonths = plus(a, months: wholeMonths, days: 0) else { return nil }
            let wholeDays = days(afterMonths, b)
            guard let afterDays = plus(afterMonths, months: 0, days: wholeDays), let rest = exact(afterDays, b) else { return nil }
            return CalendarDuration(months: wholeMonths, days: wholeDays, seconds: rest.seconds, nanoseconds: rest.nanoseconds)
        }
    }

    // MARK: Making the two alike

    private static func alike(_ from: TemporalValue, _ to: TemporalValue, timeBased: Bool) -> (TemporalValue, TemporalValue) {
        var (a, b) = (from, to)
        if timeBased {
            (a, b) = (atMidnight(a), atMidnight(b))
        } else if a.timePart != nil && b.timePart == nil {
            b = atMidnight(b)
        } else if b.timePart != nil && a.timePart == nil {
            a = atMidnight(a)
        }
        if let date = a.datePart, b.datePart == nil {
            b = on(date, b)
        } else if let date = b.datePart, a.datePart == nil {
            a = on(date, a)
        }
        if let zone = a.zonePart, b.zonePart == nil {
            b = within(zone, b, offset: a.offsetPart)
        } else if let zone = b.zonePart, a.zonePart == nil {
            a = within(zone, a, offset: b.offsetPart)
        }
        return (a, b)
    }

    /// A date at midnight; anything else as it is.
    private static func atMidnight(_ value: TemporalValue) -> TemporalValue {
        guard case .date(let date) = value else { return value }
        return .localDateTime(LocalDateTime(date: date, time: .midnight))
    }

    /// A time on `date`.
    private static func on(_ date: CalendarDate, _ value: TemporalValue) -> TemporalValue {
        switch value {
        case .localTime(let time): return .localDateTime(LocalDateTime(date: date, time: time))
        case .time(let time):
            return .dateTime(ZonedDateTime(local: LocalDateTime(date: date, time: time.time), offset: time.offset, zoneName: nil))
        default: return value
        }
    }

    /// A value without a zone put in `zone` as its clock reads.
    private static func within(_ zone: TemporalZone, _ value: TemporalValue, offset: UTCOffset?) -> TemporalValue {
        switch value {
        case .localTime(let time): return .time(OffsetTime(time: time, offset: offset ?? .utc))
        case .localDateTime(let local): return ZonedDateTime(local: local, zone: zone).map(TemporalValue.dateTime) ?? value
        default: return value
        }
    }

    // MARK: Counting

    /// The two as date-times on one clock (the first's zone), when both have dates.
    private static func clocks(_ a: TemporalValue, _ b: TemporalValue) -> (LocalDateTime, LocalDateTime)? {
        switch (a, b) {
        case (.dateTime(let x), .dateTime(let y)):
            let sameInstant = ZonedDateTime(utcSeconds: y.epochSeconds, nanosecond: y.nanosecond, zone: x.zone)
            return sameInstant.map { (x.local, $0.local) }
        default:
            guard let x = a.datePart, let y = b.datePart else { return nil }
            return (LocalDateTime(date: x, time: a.timePart ?? .midnight), LocalDateTime(date: y, time: b.timePart ?? .midnight))
        }
    }

    /// The end date for counting whole days or months: a day back (or on) when the end's time of day
    /// has not reached the start's.
    private static func countedEnd(_ start: LocalDateTime, _ end: LocalDateTime) -> CalendarDate {
        if end.date > start.date && end.time < start.time { return CalendarDate(epochDay: end.date.epochDay - 1) }
        if end.date < start.date && end.time > start.time { return CalendarDate(epochDay: end.date.epochDay + 1) }
        return end.date
    }

    private static func months(_ a: TemporalValue, _ b: TemporalValue) -> Int64 {
        guard let (start, end) = clocks(a, b) else { return 0 }
        let endDate = countedEnd(start, end)
        let (y1, m1, d1) = start.date.components, (y2, m2, d2) = endDate.components
        let packed1 = (y1 * 12 + m1 - 1) * 32 + d1, packed2 = (y2 * 12 + m2 - 1) * 32 + d2
        return (packed2 - packed1) / 32
    }

    private static func days(_ a: TemporalValue, _ b: TemporalValue) -> Int64 {
        guard let (start, end) = clocks(a, b) else { return 0 }
        return countedEnd(start, end).epochDay - start.date.epochDay
    }

    /// `value` moved by whole months and days on its own clock.
    private static func plus(_ value: TemporalValue, months: Int64, days: Int64) -> TemporalValue? {
        guard let duration = CalendarDuration(months: months, days: days, seconds: 0, nanoseconds: 0) else { return nil }
        return TemporalArithmetic.add(duration, to: value)
    }

    /// The exact time from `a` to `b` as seconds and nanoseconds (between instants where there are zones).
    private static func exact(_ a: TemporalValue, _ b: TemporalValue) -> CalendarDuration? {
        let seconds: Int64, nanoseconds: Int64
        switch (a, b) {
        case (.dateTime(let x), .dateTime(let y)):
            (seconds, nanoseconds) = (y.epochSeconds - x.epochSeconds, y.nanosecond - x.nanosecond)
        case (.time(let x), .time(let y)): (seconds, nanoseconds) = (0, y.utcNanoseconds - x.utcNanoseconds)
        case (.localTime(let x), .localTime(let y)): (seconds, nanoseconds) = (0, y.nanosecondOfDay - x.nanosecondOfDay)
        default:
            guard let (x, y) = clocks(a, b) else { return .zero }
            (seconds, nanoseconds) = (y.localSeconds - x.localSeconds, y.time.nanosecond - x.time.nanosecond)
        }
        return CalendarDuration(months: 0, days: 0, seconds: seconds, nanoseconds: nanoseconds)
    }
}
