// A date's text in ISO 8601, both ways, in the forms openCypher reads: a calendar date (2015-07-21,
// 20150721), a year and month (2015-07, 201507), a week date (2015-W30-2, 2015W302, 2015-W30,
// 2015W30), an ordinal date (2015-202, 2015202) or a year alone (2015). A year outside 0000–9999 is
// written with its sign (+999999999-12-31, -0001-01-01), and is then read only in the forms with
// dashes: without them its digits cannot be told from the month's and day's.

extension CalendarDate {
    /// The date `text` names in one of the forms above; nil when it names none, or a day that does
    /// not exist (2023-02-30, week 53 of a year of 52).
    public init?(iso8601 text: some StringProtocol) {
        var scanner = DateScanner(Array(text.utf8))
        guard let year = scanner.year() else { return nil }
        let date: CalendarDate?
        if scanner.isAtEnd {
            date = CalendarDate(year: year.value, month: 1, day: 1)
        } else {
            let dashed = scanner.take(UInt8(ascii: "-"))
            guard dashed || !year.signed else { return nil }
            date = Self.rest(of: &scanner, year: year.value, dashed: dashed)
        }
        guard let date, scanner.isAtEnd else { return nil }
        self = date
    }

    /// The part after the year: a week, an ordinal day, or a month (and day).
    private static func rest(of scanner: inout DateScanner, year: Int64, dashed: Bool) -> CalendarDate? {
        if scanner.take(UInt8(ascii: "W")) {
            guard let week = scanner.digits(2) else { return nil }
            if scanner.isAtEnd { return CalendarDate(weekYear: year, week: week, dayOfWeek: 1) }
            if dashed { guard scanner.take(UInt8(ascii: "-")) else { return nil } }
            guard let day = scanner.digits(1) else { return nil }
            return CalendarDate(weekYear: year, week: week, dayOfWeek: day)
        }
        // Three digits to the end are an ordinal day; two are a month.
        if scanner.remaining == 3, let ordinal = scanner.digits(3) { return CalendarDate(year: year, ordinalDay: ordinal) }
        guard let month = scanner.digits(2) else { return nil }
        if scanner.isAtEnd { return CalendarDate(year: year, month: month, day: 1) }
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
}

/// Reads a date's text from the front.
private struct DateScanner {
    private let bytes: [UInt8]
    private var position = 0

    init(_ bytes: [UInt8]) { self.bytes = bytes }

    var isAtEnd: Bool { position == bytes.count }
    var remaining: Int { bytes.count - position }

    /// Takes `byte` if it comes next.
    mutating func take(_ byte: UInt8) -> Bool {
        guard position < bytes.count, bytes[position] == byte else { return false }
        position += 1
        return true
    }

    /// Exactly `count` digits, as a number.
    mutating func digits(_ count: Int) -> Int64? {
        guard remaining >= count else { return nil }
        var value: Int64 = 0
        for byte in bytes[position..<position + count] {
            guard (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) else { return nil }
            value = value * 10 + Int64(byte - UInt8(ascii: "0"))
        }
        position += count
        return value
    }

    /// The year: four digits, or a sign and four to nine digits (up to the dash that follows).
    mutating func year() -> (value: Int64, signed: Bool)? {
        let negative = take(UInt8(ascii: "-"))
        let signed = negative || take(UInt8(ascii: "+"))
        guard signed else { return digits(4).map { ($0, false) } }
        var count = 0
        while position + count < bytes.count, (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(bytes[position + count]) { count += 1 }
        guard (4...9).contains(count), let value = digits(count) else { return nil }
        return (negative ? -value : value, true)
    }
}
