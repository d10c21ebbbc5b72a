// `date.truncate(unit, value [, fields])` and its kin: the value's local date and time cut down to the
// start of the unit (millennium … microsecond), then the fields given set as a map would set them on
// it (`{day: 2}` after 'month' is the second of the month). A `timezone` among the fields puts the
// truncated clock reading in that zone as it is — truncation is of what the clock shows, not of the
// instant.
import EventLog

enum TemporalTruncation {
    static let units = [
        "millennium", "century", "decade", "year", "weekYear", "quarter", "month", "week", "day", "hour", "minute", "second",
        "millisecond", "microsecond",
    ]

    static func truncate(_ kind: TemporalValue.Kind, _ args: [Value], clock: UTCInstant, at: SourceLocation) throws(QueryError) -> Value {
        let function = kind.rawValue + ".truncate"
        guard (2...3).contains(args.count) else {
            throw QueryError(.semanticError, "\(function)() takes 2 to 3 arguments, got \(args.count)", at: at)
        }
        if args[0].isNull || args[1].isNull { return .null }
        guard case .string(let unit) = args[0], let unitIndex = units.firstIndex(of: unit) else {
            throw QueryError(
                .argumentError, "\(function)(): the unit must be one of \(units.joined(separator: ", ")), got \(args[0])", at: at,
                detail: .invalidArgumentValue)
        }
        guard case .temporal(let value) = args[1], value.kind != .duration else {
            throw QueryError(
                .typeError, "\(function)() truncates a temporal value, got \(args[1].typeName)", at: at, detail: .invalidArgumentType)
        }
        var fields: [(key: String, value: Value)] = []
        if args.count == 3 {
            switch args[2] {
            case .null: break
            case .map(let entries): fields = entries
            default:
                throw QueryError(
                    .typeError, "\(function)(): the fields must be a MAP, got \(args[2].typeName)", at: at, detail: .invalidArgumentType)
            }
        }
        let dateUnit = unitIndex <= units.firstIndex(of: "day")!
        if kind == .date && !dateUnit || (kind == .localTime || kind == .time) && unitIndex < units.firstIndex(of: "day")! {
            throw QueryError(.argumentError, "\(function)(): cannot truncate to a \(unit)", at: at, detail: .invalidArgumentValue)
        }
        return try truncated(value, to: unit, kind: kind, fields: fields, function: function, clock: clock, at: at)
    }

    private static func truncated(
        _ value: TemporalValue, to unit: String, kind: TemporalValue.Kind, fields: [(key: String, value: Value)], function: String,
        clock: UTCInstant, at: SourceLocation
    ) throws(QueryError) -> Value {
        var construction = try TemporalConstruction(fields, function: function, at: at)
        if let date = value.datePart {
            guard let truncated = truncate(date, to: unit) else {
                throw QueryError(
                    .argumentError, "\(function)(): the \(unit) of \(date.iso8601) begins before the years allowed", at: at,
                    detail: .invalidArgumentValue)
            }
            construction.baseDate = truncated
        }
        construction.baseTime = truncate(value.timePart ?? .midnight, to: unit)
        if kind == .dateTime || kind == .time {
            // Truncation keeps the clock reading: a new zone is the zone it is read in, not a move.
            let zone = construction.timezone ?? value.zonePart ?? .offset(.utc)
            construction.baseZone = zone
            construction.baseOffset = construction.timezone == nil ? value.offsetPart : nil
            construction.timezone = nil
        }
        if kind != .localTime && kind != .time && construction.baseDate == nil {
            throw QueryError(
                .typeError, "\(function)(): a \(value.kind.typeName) has no date to truncate", at: at, detail: .invalidArgumentType)
        }
        return .temporal(try construction.make(kind, clock: clock))
    }

    /// The first day of the `unit` the date is in (the date itself for smaller units); nil when that
    /// day is before the years allowed (the millennium of year −999,999,999).
    static func truncate(_ date: CalendarDate, to unit: String) -> CalendarDate? {
        let year = date.year
        func firstOfYear(_ year: Int64) -> CalendarDate? { CalendarDate(year: year, month: 1, day: 1) }
        switch unit {
        case "millennium": return firstOfYear(CalendarDate.floorDivide(year, 1_000) * 1_000)
        case "century": return firstOfYear(CalendarDate.floorDivide(year, 100) * 100)
        case "decade": return firstOfYear(CalendarDate.floorDivide(year, 10) * 10)
        case "year": return firstOfYear(year)
        case "weekYear": return CalendarDate(checkingEpochDay: CalendarDate.firstDayOfWeekYear(date.isoWeek.weekYear))
        case "quarter": return CalendarDate(epochDay: CalendarDate.epochDay(year: year, month: (date.quarter - 1) * 3 + 1, day: 1))
        case "month": return CalendarDate(epochDay: CalendarDate.epochDay(year: year, month: date.month, day: 1))
        case "week": return CalendarDate(checkingEpochDay: date.epochDay - date.dayOfWeek + 1)
        default: return date
        }
    }

    /// The time cut down to the `unit` (midnight for a day or more).
    static func truncate(_ time: LocalTime, to unit: String) -> LocalTime {
        let nanos = time.nanosecondOfDay
        let step: Int64
        switch unit {
        case "hour": step = 3_600_000_000_000
        case "minute": step = 60_000_000_000
        case "second": step = 1_000_000_000
        case "millisecond": step = 1_000_000
        case "microsecond": step = 1_000
        default: return .midnight
        }
        return LocalTime(nanosecondOfDay: nanos - nanos % step)
    }
}
