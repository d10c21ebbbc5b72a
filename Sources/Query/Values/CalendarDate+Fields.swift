// The fields of a date as Cypher reads them (`d.year`, `d.week`, …) and as a map builds one
// (`date({year: 2015, week: 30, dayOfWeek: 2})`), with openCypher's names.
public import EventLog

extension CalendarDate {
    /// The names `field(named:)` answers, in openCypher's spelling.
    static let fieldNames = ["year", "quarter", "month", "week", "weekYear", "day", "ordinalDay", "dayOfWeek", "dayOfQuarter"]

    /// The field `name` (case as openCypher writes it), nil for a name a date has not.
    public func field(named name: String) -> Int64? {
        switch name {
        case "year": year
        case "quarter": quarter
        case "month": month
        case "week": isoWeek.week
        case "weekYear": isoWeek.weekYear
        case "day": day
        case "ordinalDay": ordinalDay
        case "dayOfWeek", "weekDay": dayOfWeek
        case "dayOfQuarter": dayOfQuarter
        default: nil
        }
    }

    /// The date a map of fields names, each given or taken from `base` (a date the map names under
    /// `date`) or else the first of its unit: `{year, month, day}`, `{year, week, dayOfWeek}`,
    /// `{year, ordinalDay}` or `{year, quarter, dayOfQuarter}`. Nil when the fields name no day; the
    /// caller has checked that each is an integer and that they are of one of these sets.
    static func from(fields: [String: Int64], base: CalendarDate?) -> CalendarDate? {
        let year = fields["year"]
        if fields["week"] != nil || fields["dayOfWeek"] != nil {
            let week = base?.isoWeek
            return CalendarDate(
                weekYear: year ?? week?.weekYear ?? 0, week: fields["week"] ?? week?.week ?? 1,
                dayOfWeek: fields["dayOfWeek"] ?? base?.dayOfWeek ?? 1)
        }
        if let ordinal = fields["ordinalDay"] { return CalendarDate(year: year ?? base?.year ?? 0, ordinalDay: ordinal) }
        if fields["quarter"] != nil || fields["dayOfQuarter"] != nil {
            let year = year ?? base?.year ?? 0
            let quarter = fields["quarter"] ?? base?.quarter ?? 1
            guard (1...4).contains(quarter), let start = CalendarDate(year: year, month: (quarter - 1) * 3 + 1, day: 1) else { return nil }
            let day = fields["dayOfQuarter"] ?? base?.dayOfQuarter ?? 1
            // The fourth quarter is 92 days in every year; the others end where the next begins.
            let next = quarter == 4 ? start.epochDay + 92 : epochDay(year: year, month: quarter * 3 + 1, day: 1)
            guard (1...(next - start.epochDay)).contains(day) else { return nil }
            return CalendarDate(epochDay: start.epochDay + day - 1)
        }
        let calendar = base?.components
        return CalendarDate(
            year: year ?? calendar?.year ?? 0, month: fields["month"] ?? calendar?.month ?? 1, day: fields["day"] ?? calendar?.day ?? 1)
    }
}
