// A date's text in ISO 8601, both ways, in the forms openCypher reads: a calendar date (2015-07-21,
// 20150721), a year and month (2015-07, 201507), a week date (2015-W30-2, 2015W302, 2015-W30,
// 2015W30), an ordinal date (2015-202, 2015202) or a year alone (2015). A year outside 0000–9999 is
// written with its sign (+999999999-12-31, -0001-01-01), and is then read only in the forms with
// dashes: without them its digits cannot be told from the month's and day's.

extension CalendarDate {
    /// The date `text` names in one of the forms above; nil when it names none, or a day that does
    /// not exist (2023-02-30, week 53 of a year of 52).
    public init?(iso8601 text: some StringProtocol) {
        var scanner = TemporalScanner(text)
        guard let date = Self.read(&scanner), scanner.isAtEnd else { return nil }
        self = date
    }

    /// Reads a date from the front of `scanner`, leaving what follows it (a time's `T`).
    static func read(_ scanner: inout TemporalScanner) -> CalendarDate? {
        guard let year = yearField(&scanner) else { return nil }
        if scanner.isAtEnd || scanner.nextIs("T") { return CalendarDate(year: year.value, month: 1, day: 1) }
        let dashed = scanner.take(UInt8(ascii: "-"))
        guard dashed || !year.signed else { return nil }
        return rest(of: &scanner, year: year.value, dashed: dashed)
    }

    /// The part after the year: a week, an ordinal day, or a month (and day).
    private static func rest(of scanner: inout TemporalScanner, year: Int64, dashed: Bool) -> CalendarDate? {
        if scanner.take(UInt8(ascii: "W")) {
            guard let week = scanner.digits(2) else { return nil }
            if scanner.isAtEnd || scanner.nextIs("T") { return CalendarDate(weekYear: year, week: week, dayOfWeek: 1) }
            if dashed { guard scanner.take(UInt8(ascii: "-")) else { return nil } }
            guard let day = scanner.digits(1) else { return nil }
            return CalendarDate(weekYear: year, week: week, dayOfWeek: day)
        }
        // Three digits to the end are an ordinal day; two are a month.
        if scanner.digitCount == 3, let ordinal = scanner.digits(3) { return CalendarDate(year: year, ordinalDay: ordinal) }
        guard let month = scanner.digits(2) else { return nil }
        if scanner.isAtEnd || scanner.nextIs("T") { return CalendarDate(year: year, month: month, day: 1) }
        if dashed { guard scanner.take(UInt8(ascii: "-")) else { return nil } }
        guard let day = scanner.digits(2) else { return nil }
        return CalendarDate(year: year, month: month, day: day)
    }

    /// The date in ISO 8601's extended calendar form: `2015-07-21`, `+10000-01-01`, `-0001-12-31`.
    public var iso8601: String {
        let (year, month, day) = components
        return Self.yearText(year) + "-" + Self.twoDigits(month) + "-" + Self.twoDigits(day)
    }

    /// A year as ISO 8601 writes it: four digits at least, signed outside 0000–9999 (as java.time does).
    static func yearText(_ year: Int64) -> String {
        let digits = String(year.magnitude)
        let padded = String(repeating: "0", count: max(0, 4 - digits.count)) + digits
        if year < 0 { return "-" + padded }
        return year > 9_999 ? "+" + padded : padded
    }

    static func twoDigits(_ value: Int64) -> String { value < 10 ? "0\(value)" : "\(value)" }

    /// The year: four digits, or a sign and four to nine digits (up to the dash that follows).
    private static func yearField(_ scanner: inout TemporalScanner) -> (value: Int64, signed: Bool)? {
        let negative = scanner.take(UInt8(ascii: "-"))
        let signed = negative || scanner.take(UInt8(ascii: "+"))
        guard signed else { return scanner.digits(4).map { ($0, false) } }
        let count = scanner.digitCount
        guard (4...9).contains(count), let value = scanner.digits(count) else { return nil }
        return (negative ? -value : value, true)
    }
}
