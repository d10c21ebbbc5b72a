// A day of the proleptic Gregorian calendar — openCypher's `date` — kept as days since 1970-01-01,
// the form that orders, compares and counts without a calendar. The calendar is worked out from the
// day count when asked (the civil-from-days algorithm of Howard Hinnant's "chrono-compatible low-level
// date algorithms": integer arithmetic on 400-year eras, exact for every year Neo4j allows,
// −999,999,999 to +999,999,999), and ISO 8601's week dates and ordinal dates from it.

/// A date without a time or a zone, from year −999,999,999 to +999,999,999.
public struct CalendarDate: Hashable, Comparable, Sendable {
    /// Days since 1970-01-01 (negative before it).
    public let epochDay: Int64

    /// The years a date may have, as openCypher's implementations allow.
    public static let years: ClosedRange<Int64> = -999_999_999...999_999_999

    /// The day numbers of the years allowed: −999,999,999-01-01 to +999,999,999-12-31.
    public static let epochDays: ClosedRange<Int64> =
        epochDay(year: years.lowerBound, month: 1, day: 1)...epochDay(year: years.upperBound, month: 12, day: 31)

    /// The date of a day number (its calendar is computed for days in `epochDays` only).
    public init(epochDay: Int64) { self.epochDay = epochDay }

    /// The date of a day number from outside (a Bolt client's): nil outside the years allowed.
    public init?(checkingEpochDay epochDay: Int64) {
        guard Self.epochDays.contains(epochDay) else { return nil }
        self.epochDay = epochDay
    }

    /// The day (in UTC) of `timestamp`.
    public init(containing timestamp: Timestamp) {
        epochDay = Self.floorDivide(timestamp.milliseconds, 86_400_000)
    }

    /// The date of `year`-`month`-`day`; nil when there is no such day (2023-02-30) or the year is out of range.
    public init?(year: Int64, month: Int64, day: Int64) {
        guard Self.years.contains(year), (1...12).contains(month), (1...Self.days(inMonth: month, of: year)).contains(day) else {
            return nil
        }
        epochDay = Self.epochDay(year: year, month: month, day: day)
    }

    /// The `ordinal`th day of `year` (1 is 1 January).
    public init?(year: Int64, ordinalDay ordinal: Int64) {
        guard Self.years.contains(year), (1...Self.days(inYear: year)).contains(ordinal) else { return nil }
        epochDay = Self.epochDay(year: year, month: 1, day: 1) + ordinal - 1
    }

    /// Day `dayOfWeek` (1 Monday … 7 Sunday) of ISO week `week` of the week-based year `weekYear`.
    public init?(weekYear: Int64, week: Int64, dayOfWeek: Int64) {
        guard Self.years.contains(weekYear), (1...Self.weeks(inWeekYear: weekYear)).contains(week), (1...7).contains(dayOfWeek)
        else { return nil }
        // The first week of the first year begins in the year before it, which is not allowed.
        let day = Self.firstDayOfWeekYear(weekYear) + (week - 1) * 7 + dayOfWeek - 1
        guard Self.epochDays.contains(day) else { return nil }
        epochDay = day
    }

    public static func < (a: CalendarDate, b: CalendarDate) -> Bool { a.epochDay < b.epochDay }

    // MARK: The calendar of the day

    /// Year, month (1–12) and day of the month (1–31).
    public var components: (year: Int64, month: Int64, day: Int64) {
        // Days since 0000-03-01, in eras of 400 years (146,097 days) whose years begin in March, so
        // that the leap day is the last day of a year.
        let z = epochDay + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let dayOfEra = z - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1_460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let shiftedMonth = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * shiftedMonth + 2) / 5 + 1
        let month = shiftedMonth < 10 ? shiftedMonth + 3 : shiftedMonth - 9
        return (yearOfEra + era * 400 + (month <= 2 ? 1 : 0), month, day)
    }

    public var year: Int64 { components.year }
    public var month: Int64 { components.month }
    public var day: Int64 { components.day }
    public var quarter: Int64 { (month - 1) / 3 + 1 }
    /// The day of the year, 1 on 1 January.
    public var ordinalDay: Int64 { epochDay - Self.epochDay(year: year, month: 1, day: 1) + 1 }
    /// The day of the quarter, 1 on its first day.
    public var dayOfQuarter: Int64 {
        let (year, month, _) = components
        return epochDay - Self.epochDay(year: year, month: (month - 1) / 3 * 3 + 1, day: 1) + 1
    }
    /// ISO 8601's day of the week: 1 Monday … 7 Sunday (1970-01-01 was a Thursday).
    public var dayOfWeek: Int64 { Self.floorModulo(epochDay + 3, 7) + 1 }

    /// ISO 8601's week-based year and week (1–53): week 1 is the week with the year's first Thursday.
    public var isoWeek: (weekYear: Int64, week: Int64) {
        // The week's Thursday decides its year.
        let thursday = CalendarDate(epochDay: epochDay - dayOfWeek + 4)
        let weekYear = thursday.year
        return (weekYear, (thursday.epochDay - Self.epochDay(year: weekYear, month: 1, day: 1)) / 7 + 1)
    }

    // MARK: Arithmetic

    /// The date `months` calendar months and then `days` days later (earlier when negative); a day
    /// past the end of the month lands on its last day (2024-01-31 + 1 month = 2024-02-29), as in
    /// openCypher. Nil when it falls outside the years allowed.
    public func adding(months: Int64, days: Int64) -> CalendarDate? {
        let (year, month, day) = components
        let (totalMonths, overflow) = (year * 12 + month - 1).addingReportingOverflow(months)
        guard !overflow else { return nil }
        let newYear = Self.floorDivide(totalMonths, 12), newMonth = Self.floorModulo(totalMonths, 12) + 1
        guard Self.years.contains(newYear) else { return nil }
        let clamped = min(day, Self.days(inMonth: newMonth, of: newYear))
        let (shifted, dayOverflow) = Self.epochDay(year: newYear, month: newMonth, day: clamped).addingReportingOverflow(days)
        guard !dayOverflow else { return nil }
        return CalendarDate(checkingEpochDay: shifted)
    }

    // MARK: Calendar rules

    public static func isLeap(_ year: Int64) -> Bool { year % 4 == 0 && (year % 100 != 0 || year % 400 == 0) }

    public static func days(inYear year: Int64) -> Int64 { isLeap(year) ? 366 : 365 }

    public static func days(inMonth month: Int64, of year: Int64) -> Int64 {
        switch month {
        case 2: return isLeap(year) ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }

    /// How many ISO weeks the week-based year has: 53 when it begins on a Thursday, or on a
    /// Wednesday in a leap year; else 52.
    public static func weeks(inWeekYear year: Int64) -> Int64 {
        let firstDay = CalendarDate(epochDay: epochDay(year: year, month: 1, day: 1)).dayOfWeek
        return firstDay == 4 || (firstDay == 3 && isLeap(year)) ? 53 : 52
    }

    /// The Monday that begins week 1 of the week-based year `year`.
    public static func firstDayOfWeekYear(_ year: Int64) -> Int64 {
        let fourthOfJanuary = CalendarDate(epochDay: epochDay(year: year, month: 1, day: 4))
        return fourthOfJanuary.epochDay - fourthOfJanuary.dayOfWeek + 1
    }

    /// Days since 1970-01-01 of a valid year, month and day (days-from-civil, the inverse of `components`).
    public static func epochDay(year: Int64, month: Int64, day: Int64) -> Int64 {
        let shiftedYear = month <= 2 ? year - 1 : year
        let era = (shiftedYear >= 0 ? shiftedYear : shiftedYear - 399) / 400
        let yearOfEra = shiftedYear - era * 400
        let dayOfYear = (153 * (month > 2 ? month - 3 : month + 9) + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146_097 + dayOfEra - 719_468
    }

    public static func floorDivide(_ a: Int64, _ b: Int64) -> Int64 { (a - floorModulo(a, b)) / b }

    public static func floorModulo(_ a: Int64, _ b: Int64) -> Int64 {
        let remainder = a % b
        return remainder < 0 ? remainder + b : remainder
    }
}
