// The fields Cypher reads off a temporal value (`d.year`, `t.offsetMinutes`, `dur.monthsOfYear`), with
// openCypher's names: a date's calendar fields, a time's clock fields, a zone's name and offset, an
// instant's epoch counts, and a duration's totals in each unit and remainders within the next.
import EventLog

extension TemporalValue {
    /// The field `name`, nil for a name this kind has not.
    func field(named name: String) -> Value? {
        switch self {
        case .date(let date): return date.field(named: name).map(Value.integer)
        case .localTime(let time): return time.field(named: name).map(Value.integer)
        case .time(let time): return time.time.field(named: name).map(Value.integer) ?? Self.offsetField(name, time.offset, zoneName: nil)
        case .localDateTime(let dateTime):
            return (dateTime.date.field(named: name) ?? dateTime.time.field(named: name)).map(Value.integer)
        case .dateTime(let dateTime):
            if let field = dateTime.local.date.field(named: name) ?? dateTime.local.time.field(named: name) { return .integer(field) }
            switch name {
            case "epochSeconds": return .integer(dateTime.epochSeconds)
            case "epochMillis":
                let (millis, overflow) = dateTime.epochSeconds.multipliedReportingOverflow(by: 1_000)
                return overflow ? .null : .integer(millis + dateTime.nanosecond / 1_000_000)
            default: return Self.offsetField(name, dateTime.offset, zoneName: dateTime.zoneName)
            }
        case .duration(let duration): return duration.field(named: name).map(Value.integer)
        }
    }

    /// The names `field(named:)` answers for this kind, for messages.
    var fieldNames: [String] {
        let date = CalendarDate.fieldNames, time = LocalTime.fieldNames, zone = ["timezone", "offset", "offsetMinutes", "offsetSeconds"]
        switch self {
        case .date: return date
        case .localTime: return time
        case .time: return time + zone
        case .localDateTime: return date + time
        case .dateTime: return date + time + zone + ["epochSeconds", "epochMillis"]
        case .duration: return CalendarDuration.fieldNames
        }
    }

    private static func offsetField(_ name: String, _ offset: UTCOffset, zoneName: String?) -> Value? {
        switch name {
        case "timezone": .string(zoneName ?? offset.iso8601)
        case "offset": .string(offset.iso8601)
        case "offsetMinutes": .integer(Int64(offset.seconds / 60))
        case "offsetSeconds": .integer(Int64(offset.seconds))
        default: nil
        }
    }
}

extension LocalTime {
    static let fieldNames = ["hour", "minute", "second", "millisecond", "microsecond", "nanosecond"]

    func field(named name: String) -> Int64? {
        switch name {
        case "hour": hour
        case "minute": minute
        case "second": second
        case "millisecond": nanosecond / 1_000_000
        case "microsecond": nanosecond / 1_000
        case "nanosecond": nanosecond
        default: nil
        }
    }
}

extension CalendarDuration {
    static let fieldNames = [
        "years", "quarters", "months", "weeks", "days", "hours", "minutes", "seconds", "milliseconds", "microseconds", "nanoseconds",
        "quartersOfYear", "monthsOfQuarter", "monthsOfYear", "daysOfWeek", "minutesOfHour", "secondsOfMinute", "millisecondsOfSecond",
        "microsecondsOfSecond", "nanosecondsOfSecond",
    ]

    /// Totals truncate toward zero (−90 s is −1 minute); sub-second totals are nil when they overflow.
    func field(named name: String) -> Int64? {
        switch name {
        case "years": months / 12
        case "quarters": months / 3
        case "months": months
        case "weeks": days / 7
        case "days": days
        case "hours": seconds / 3_600
        case "minutes": seconds / 60
        case "seconds": seconds
        case "milliseconds": total(scale: 1_000, divisor: 1_000_000)
        case "microseconds": total(scale: 1_000_000, divisor: 1_000)
        case "nanoseconds": totalNanoseconds
        case "quartersOfYear": months / 3 % 4
        case "monthsOfQuarter": months % 3
        case "monthsOfYear": months % 12
        case "daysOfWeek": days % 7
        case "minutesOfHour": seconds / 60 % 60
        case "secondsOfMinute": seconds % 60
        case "millisecondsOfSecond": nanoseconds / 1_000_000
        case "microsecondsOfSecond": nanoseconds / 1_000
        case "nanosecondsOfSecond": nanoseconds
        default: nil
        }
    }

    private func total(scale: Int64, divisor: Int64) -> Int64? {
        let (scaled, overflow) = seconds.multipliedReportingOverflow(by: scale)
        return overflow ? nil : scaled + nanoseconds / divisor
    }
}
