// `date(…)`: today's date (UTC), or the date a string in ISO 8601, a map of fields, or another date names.
import EventLog

extension Functions {
    /// The date `args` name: none (today, in UTC), a string, a map of fields, a date, or null.
    static func date(_ args: [Value], at: SourceLocation) throws(QueryError) -> Value {
        guard args.count <= 1 else {
            throw QueryError(.semanticError, "date() takes 0 to 1 arguments, got \(args.count)", at: at)
        }
        guard let argument = args.first else {
            return .date(CalendarDate(containing: .now()))
        }
        switch argument {
        case .null: return .null
        case .date: return argument
        case .string(let text):
            guard let date = CalendarDate(iso8601: text) else {
                throw QueryError(
                    .argumentError, "date() cannot read '\(text)' as a date (ISO 8601: 2015-07-21, 2015-W30-2, 2015-202, …)", at: at,
                    detail: .invalidArgumentValue)
            }
            return .date(date)
        case .map(let entries): return .date(try date(fromFields: entries, at: at))
        default:
            throw QueryError(
                .typeError, "date() expects a STRING, a MAP or a DATE, got \(argument.typeName)", at: at, detail: .invalidArgumentType)
        }
    }

    /// `date({year: 2015, month: 7, day: 21})` and the other sets of fields `CalendarDate.from` takes,
    /// optionally from `date: d` with some fields replaced.
    private static func date(fromFields entries: [(key: String, value: Value)], at: SourceLocation) throws(QueryError) -> CalendarDate {
        var fields: [String: Int64] = [:]
        var base: CalendarDate?
        for (key, value) in entries {
            if key == "date" {
                guard case .date(let date) = value else {
                    throw QueryError(
                        .typeError, "date(): `date` must be a DATE, got \(value.typeName)", at: at, detail: .invalidArgumentType)
                }
                base = date
                continue
            }
            guard CalendarDate.fieldNames.contains(key) || key == "weekDay" else {
                throw QueryError(.argumentError, "date(): a date has no field `\(key)`", at: at, detail: .invalidArgumentValue)
            }
            guard case .integer(let number) = value else {
                throw QueryError(
                    .typeError, "date(): `\(key)` must be an INTEGER, got \(value.typeName)", at: at, detail: .invalidArgumentType)
            }
            fields[key == "weekDay" ? "dayOfWeek" : key] = number
        }
        try checkUnits(fields, from: base, at: at)
        guard let date = CalendarDate.from(fields: fields, base: base) else {
            let given = entries.filter { $0.key != "date" }.map { "\($0.key): \($0.value.propertyText)" }.joined(separator: ", ")
            throw QueryError(.argumentError, "date(): {\(given)} names no day", at: at, detail: .invalidArgumentValue)
        }
        return date
    }

    /// The fields must be of one set (a month with a week is no date), and without a date to take the
    /// rest from, a year given and a day's month (or week, or quarter).
    private static func checkUnits(_ fields: [String: Int64], from base: CalendarDate?, at: SourceLocation) throws(QueryError) {
        let sets: [Set<String>] = [["month", "day"], ["week", "dayOfWeek"], ["ordinalDay"], ["quarter", "dayOfQuarter"]]
        let used = sets.filter { !$0.isDisjoint(with: fields.keys) }
        guard used.count <= 1 else {
            throw QueryError(
                .argumentError, "date(): the fields \(fields.keys.sorted()) mix ways of naming a day", at: at, detail: .invalidArgumentValue
            )
        }
        guard base == nil else { return }
        guard fields["year"] != nil else {
            throw QueryError(.argumentError, "date(): a map of fields needs a `year`", at: at, detail: .invalidArgumentValue)
        }
        // A day without its month (or week, or quarter) is not a date: {year: 2015, day: 3}.
        if fields["day"] != nil && fields["month"] == nil || fields["dayOfWeek"] != nil && fields["week"] == nil
            || fields["dayOfQuarter"] != nil && fields["quarter"] == nil
        {
            throw QueryError(
                .argumentError, "date(): a day needs the month, week or quarter it is in", at: at, detail: .invalidArgumentValue)
        }
    }
}

extension Value {
    /// A short text of a value for messages.
    fileprivate var propertyText: String {
        switch self {
        case .integer(let n): "\(n)"
        case .string(let s): "'\(s)'"
        default: typeName
        }
    }
}
