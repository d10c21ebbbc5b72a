// Builds temporal values from the maps openCypher's constructors take: `datetime({year: 1984,
// week: 10, dayOfWeek: 3, hour: 12, timezone: 'Europe/Stockholm'})`, or from other temporal values
// with some fields replaced — `{date: d, day: 28}`, `{time: t, second: 42}`, `{datetime: dt,
// timezone: '+05:00'}`. The fields given replace the base's (or, without a base, the smaller ones
// start at their first value); a new `timezone` converts a base that has a zone to the same instant
// there, and puts one that has none into it.
import EventLog

/// The parts a map names, before they are made a value of one kind.
struct TemporalConstruction {
    let function: String
    let at: SourceLocation
    var baseDate: CalendarDate?
    var baseTime: LocalTime?
    /// The base's zone and the offset it had (from a `time` or `datetime` base).
    var baseZone: TemporalZone?
    var baseOffset: UTCOffset?
    var dateFields: [String: Int64] = [:]
    var timeFields: [String: Int64] = [:]
    var timezone: TemporalZone?
    /// Whether any key was given besides `timezone`.
    var namesAnything = false

    static let timeFieldNames: Set<String> = ["hour", "minute", "second", "millisecond", "microsecond", "nanosecond"]

    /// Reads the map's entries.
    init(_ entries: [(key: String, value: Value)], function: String, at: SourceLocation) throws(QueryError) {
        self.function = function
        self.at = at
        for (key, value) in entries {
            try read(key, value)
        }
    }

    private mutating func read(_ key: String, _ value: Value) throws(QueryError) {
        if key != "timezone" { namesAnything = true }
        switch key {
        case "date":
            guard let date = try temporal(value, key).datePart else { throw typeError(key, "a value with a date", value) }
            baseDate = date
        case "time":
            let temporal = try temporal(value, key)
            guard let time = temporal.timePart else { throw typeError(key, "a value with a time", value) }
            baseTime = time
            (baseZone, baseOffset) = (temporal.zonePart, temporal.offsetPart)
        case "datetime":
            let temporal = try temporal(value, key)
            guard let date = temporal.datePart else { throw typeError(key, "a value with a date", value) }
            (baseDate, baseTime) = (date, temporal.timePart ?? .midnight)
            (baseZone, baseOffset) = (temporal.zonePart, temporal.offsetPart)
        case "timezone":
            guard case .string(let name) = value else { throw typeError(key, "a STRING", value) }
            timezone = try Self.zone(name, function: function, at: at)
        default:
            guard CalendarDate.fieldNames.contains(key) || key == "weekDay" || Self.timeFieldNames.contains(key) else {
                throw QueryError(.argumentError, "\(function)(): no field `\(key)`", at: at, detail: .invalidArgumentValue)
            }
            guard case .integer(let number) = value else { throw typeError(key, "an INTEGER", value) }
            if Self.timeFieldNames.contains(key) {
                timeFields[key] = number
            } else {
                dateFields[key == "weekDay" ? "dayOfWeek" : key] = number
            }
        }
    }

    private func temporal(_ value: Value, _ key: String) throws(QueryError) -> TemporalValue {
        guard case .temporal(let temporal) = value else { throw typeError(key, "a temporal value", value) }
        return temporal
    }

    private func typeError(_ key: String, _ expected: String, _ value: Value) -> QueryError {
        QueryError(.typeError, "\(function)(): `\(key)` must be \(expected), got \(value.typeName)", at: at, detail: .invalidArgumentType)
    }

    func invalid(_ why: String) -> QueryError {
        QueryError(.argumentError, "\(function)(): \(why)", at: at, detail: .invalidArgumentValue)
    }

    /// The zone `name` names: an offset or a zone of the tz database.
    static func zone(_ name: String, function: String, at: SourceLocation) throws(QueryError) -> TemporalZone {
        guard let zone = TemporalZone(name) else {
            throw QueryError(
                .argumentError, "\(function)(): '\(name)' is neither an offset (+01:00) nor a time zone of the tz database", at: at,
                detail: .invalidArgumentValue)
        }
        return zone
    }

    // MARK: The parts

    /// The date the fields and base name.
    func date() throws(QueryError) -> CalendarDate {
        if dateFields.isEmpty, let baseDate { return baseDate }
        try checkDateUnits()
        guard let date = CalendarDate.from(fields: dateFields, base: baseDate) else {
            throw invalid("the fields \(dateFields.keys.sorted()) name no day")
        }
        return date
    }

    /// The time of day the fields and base name.
    func time() throws(QueryError) -> LocalTime {
        if timeFields.isEmpty, let baseTime { return baseTime }
        let fields = timeFields
        if baseTime == nil {
            // A smaller unit needs the larger ones: {hour: 12, second: 5} names no time.
            let order = ["hour", "minute", "second"]
            for (index, name) in order.enumerated().dropFirst() where fields[name] != nil && fields[order[index - 1]] == nil {
                throw invalid("`\(name)` needs `\(order[index - 1])`")
            }
            if fields["hour"] == nil && !fields.isEmpty { throw invalid("a time needs an `hour`") }
        }
        let subsecond = try subsecondNanos(fields, base: baseTime?.nanosecond ?? 0)
        guard
            let time = LocalTime(
                hour: fields["hour"] ?? baseTime?.hour ?? 0, minute: fields["minute"] ?? baseTime?.minute ?? 0,
                second: fields["second"] ?? baseTime?.second ?? 0, nanosecond: subsecond)
        else { throw invalid("the fields \(fields.keys.sorted()) name no time of day") }
        return time
    }

    /// The nanoseconds of the second: each of `millisecond`, `microsecond` and `nanosecond` given
    /// replaces the digits it names of the base's (a `nanosecond` under 1,000 the last three, one under
    /// 1,000,000 the last six, a larger one all nine), so `{millisecond: 123, microsecond: 456,
    /// nanosecond: 789}` is .123456789 and `{nanosecond: 2}` on .645 is .645000002.
    private func subsecondNanos(_ fields: [String: Int64], base: Int64) throws(QueryError) -> Int64 {
        var nanos = base
        for (name, scale, limit) in [
            ("millisecond", 1_000_000 as Int64, 1_000 as Int64), ("microsecond", 1_000, 1_000_000), ("nanosecond", 1, 1_000_000_000),
        ] {
            guard let amount = fields[name] else { continue }
            guard (0..<limit).contains(amount) else { throw invalid("`\(name)` must be in 0..<\(limit), got \(amount)") }
            // The digits the amount covers: from its own place up to where it reaches.
            var span = scale * 1_000
            while span < 1_000_000_000 && amount * scale >= span { span *= 1_000 }
            nanos = nanos - nanos % span + amount * scale
        }
        return nanos
    }

    /// The fields must be of one set (a month with a week is no date), and without a date to take the
    /// rest from, a year given and a day's month (or week, or quarter).
    private func checkDateUnits() throws(QueryError) {
        let fields = dateFields
        let sets: [Set<String>] = [["month", "day"], ["week", "dayOfWeek"], ["ordinalDay"], ["quarter", "dayOfQuarter"]]
        guard sets.filter({ !$0.isDisjoint(with: fields.keys) }).count <= 1 else {
            throw invalid("the fields \(fields.keys.sorted()) mix ways of naming a day")
        }
        guard baseDate == nil else { return }
        guard fields["year"] != nil else { throw invalid("a date needs a `year`") }
        if fields["day"] != nil && fields["month"] == nil || fields["dayOfWeek"] != nil && fields["week"] == nil
            || fields["dayOfQuarter"] != nil && fields["quarter"] == nil
        {
            throw invalid("a day needs the month, week or quarter it is in")
        }
    }
}

extension TemporalValue {
    /// The calendar date of a value that has one (a date-time's on its own clock).
    var datePart: CalendarDate? {
        switch self {
        case .date(let date): date
        case .localDateTime(let dateTime): dateTime.date
        case .dateTime(let dateTime): dateTime.local.date
        default: nil
        }
    }

    /// The time of day of a value that has one, on its own clock.
    var timePart: LocalTime? {
        switch self {
        case .localTime(let time): time
        case .time(let time): time.time
        case .localDateTime(let dateTime): dateTime.time
        case .dateTime(let dateTime): dateTime.local.time
        default: nil
        }
    }

    /// The zone of a time (its offset) or a date-time.
    var zonePart: TemporalZone? {
        switch self {
        case .time(let time): .offset(time.offset)
        case .dateTime(let dateTime): dateTime.zone
        default: nil
        }
    }

    var offsetPart: UTCOffset? {
        switch self {
        case .time(let time): time.offset
        case .dateTime(let dateTime): dateTime.offset
        default: nil
        }
    }
}
