// Arithmetic with durations: a temporal value plus or minus a duration, durations added and
// subtracted part by part, and a duration multiplied or divided by a number. A duration is added to
// a value in its own parts, in order — months on the calendar (a day past the month's end lands on
// its last day), then days, then seconds and nanoseconds — each part only where the value has it:
// a date takes the whole days of the seconds, a time of day wraps around the clock, a date-time in a
// named zone takes months and days on its clock and seconds on the time line.
import EventLog

enum TemporalArithmetic {
    /// `value + duration`; nil when the result falls outside the years allowed.
    static func add(_ duration: CalendarDuration, to value: TemporalValue) -> TemporalValue? {
        switch value {
        case .date(let date):
            let (days, overflow) = duration.days.addingReportingOverflow(duration.seconds / 86_400)
            return overflow ? nil : date.adding(months: duration.months, days: days).map(TemporalValue.date)
        case .localTime(let time): return .localTime(time.adding(duration))
        case .time(let time): return .time(OffsetTime(time: time.time.adding(duration), offset: time.offset))
        case .localDateTime(let local): return add(duration, to: local).map(TemporalValue.localDateTime)
        case .dateTime(let dateTime):
            let zone = dateTime.zone
            guard let date = dateTime.local.date.adding(months: duration.months, days: duration.days),
                let moved = ZonedDateTime(
                    local: LocalDateTime(date: date, time: dateTime.local.time), zone: zone, preferring: dateTime.offset)
            else { return nil }
            let (seconds, overflow) = moved.epochSeconds.addingReportingOverflow(duration.seconds)
            guard !overflow else { return nil }
            let nanos = moved.nanosecond + duration.nanoseconds
            let (carried, overflowAgain) = seconds.addingReportingOverflow(nanos / LocalTime.nanosecondsPerSecond)
            guard !overflowAgain else { return nil }
            return ZonedDateTime(utcSeconds: carried, nanosecond: nanos % LocalTime.nanosecondsPerSecond, zone: zone).map(
                TemporalValue.dateTime)
        case .duration(let other): return sum(other, duration).map(TemporalValue.duration)
        }
    }

    private static func add(_ duration: CalendarDuration, to local: LocalDateTime) -> LocalDateTime? {
        guard let date = local.date.adding(months: duration.months, days: duration.days) else { return nil }
        return LocalDateTime(date: date, time: local.time).adding(seconds: duration.seconds, nanoseconds: duration.nanoseconds)
    }

    /// Two durations added part by part; nil on overflow.
    static func sum(_ a: CalendarDuration, _ b: CalendarDuration) -> CalendarDuration? {
        let (months, o1) = a.months.addingReportingOverflow(b.months)
        let (days, o2) = a.days.addingReportingOverflow(b.days)
        let (seconds, o3) = a.seconds.addingReportingOverflow(b.seconds)
        guard !o1, !o2, !o3 else { return nil }
        return CalendarDuration(months: months, days: days, seconds: seconds, nanoseconds: a.nanoseconds + b.nanoseconds)
    }

    /// A duration times a number: exact for an integer, approximated part by part for a float.
    static func multiply(_ duration: CalendarDuration, by factor: Value) -> CalendarDuration? {
        switch factor {
        case .integer(let n):
            let (months, o1) = duration.months.multipliedReportingOverflow(by: n)
            let (days, o2) = duration.days.multipliedReportingOverflow(by: n)
            let (seconds, o3) = duration.seconds.multipliedReportingOverflow(by: n)
            let (nanos, o4) = duration.nanoseconds.multipliedReportingOverflow(by: n)
            guard !o1, !o2, !o3, !o4 else { return nil }
            return CalendarDuration(months: months, days: days, seconds: seconds, nanoseconds: nanos)
        case .float(let x): return scaled(duration) { $0 * x }
        default: return nil
        }
    }

    /// A duration divided by a number (never exactly: 1 month / 2 is about 15.2 days); nil for zero.
    static func divide(_ duration: CalendarDuration, by divisor: Value) -> CalendarDuration? {
        guard let x = divisor.numeric, x != 0 else { return nil }
        return scaled(duration) { $0 / x }
    }

    private static func scaled(_ duration: CalendarDuration, _ scale: (Double) -> Double) -> CalendarDuration? {
        CalendarDuration(
            approximateMonths: scale(Double(duration.months)), days: scale(Double(duration.days)), seconds: scale(Double(duration.seconds)),
            nanoseconds: scale(Double(duration.nanoseconds)))
    }
}

extension LocalTime {
    /// The time a duration's seconds and nanoseconds later, around the clock (months and days are no time of day).
    func adding(_ duration: CalendarDuration) -> LocalTime {
        adding(nanoseconds: duration.seconds % 86_400 * LocalTime.nanosecondsPerSecond + duration.nanoseconds)
    }
}
