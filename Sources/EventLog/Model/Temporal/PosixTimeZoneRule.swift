// The POSIX TZ rule that ends a TZif file and gives a zone's offsets after its last listed change:
// `CET-1CEST,M3.5.0,M10.5.0/3` is one hour east of UTC, two in summer from the last Sunday of March
// at 02:00 to the last Sunday of October at 03:00 (local). Offsets in the rule count west of UTC,
// the opposite sign of everything else; RFC 8536 allows transition hours from −167 to 167.

/// A zone's standard offset and, where it keeps summer time, the yearly rule for it.
struct PosixTimeZoneRule: Sendable {
    /// Seconds east of UTC outside summer time.
    let standardOffset: Int32
    /// Summer time: its offset and when it starts and ends, in the local time then in effect.
    let summer: (offset: Int32, start: Change, end: Change)?

    /// A day of the year and a time of it at which the offset changes.
    struct Change: Sendable {
        enum Day: Sendable {
            /// `Jn`: day 1–365, never counting 29 February.
            case julian(Int64)
            /// `n`: day 0–365, counting 29 February.
            case zeroBased(Int64)
            /// `Mm.w.d`: weekday `d` (0 Sunday) of week `w` (5: the last) of month `m`.
            case weekday(month: Int64, week: Int64, weekday: Int64)
        }
        let day: Day
        /// Seconds after local midnight (may be negative or past a day).
        let time: Int64
    }

    /// Parses a rule; nil when it is not one.
    init?(_ text: String) {
        var parser = Parser(Array(text.utf8))
        guard parser.name(), let standardWest = parser.offset() else { return nil }
        standardOffset = Int32(-standardWest)
        if parser.isAtEnd {
            summer = nil
            return
        }
        guard parser.name() else { return nil }
        let summerWest = parser.peekIsComma ? standardWest - 3_600 : parser.offset()
        guard let summerWest, parser.take(UInt8(ascii: ",")), let start = parser.change(), parser.take(UInt8(ascii: ",")),
            let end = parser.change(), parser.isAtEnd
        else { return nil }
        summer = (Int32(-summerWest), start, end)
    }

    /// The offset at `seconds` since 1970-01-01T00:00Z.
    func offset(atUTC seconds: Int64) -> Int32 {
        guard let summer else { return standardOffset }
        let year = CalendarDate(epochDay: CalendarDate.floorDivide(seconds + Int64(standardOffset), 86_400)).year
        // Summer starts at a time of the standard offset's clock and ends at one of summer's.
        let start = Self.localSeconds(summer.start, year: year) - Int64(standardOffset)
        let end = Self.localSeconds(summer.end, year: year) - Int64(summer.offset)
        let inSummer = start < end ? (start <= seconds && seconds < end) : !(end <= seconds && seconds < start)
        return inSummer ? summer.offset : standardOffset
    }

    /// The local seconds since the epoch at which `change` happens in `year`.
    private static func localSeconds(_ change: Change, year: Int64) -> Int64 {
        let january1 = CalendarDate.epochDay(year: year, month: 1, day: 1)
        let day: Int64
        switch change.day {
        case .julian(let n):
            // Day 60 is 1 March in every year: 29 February is never counted.
            day = january1 + n - 1 + (CalendarDate.isLeap(year) && n >= 60 ? 1 : 0)
        case .zeroBased(let n): day = january1 + n
        case .weekday(let month, let week, let weekday):
            let first = CalendarDate.epochDay(year: year, month: month, day: 1)
            let firstWeekday = CalendarDate(epochDay: first).dayOfWeek % 7  // 0 Sunday
            var dayOfMonth = 1 + (weekday - firstWeekday + 7) % 7 + (week - 1) * 7
            let length = CalendarDate.days(inMonth: month, of: year)
            while dayOfMonth > length { dayOfMonth -= 7 }
            day = first + dayOfMonth - 1
        }
        return day * 86_400 + change.time
    }

    /// Reads the parts of a rule from the front.
    private struct Parser {
        let bytes: [UInt8]
        var position = 0

        init(_ bytes: [UInt8]) { self.bytes = bytes }

        var isAtEnd: Bool { position == bytes.count }
        var peekIsComma: Bool { position < bytes.count && bytes[position] == UInt8(ascii: ",") }

        mutating func take(_ byte: UInt8) -> Bool {
            guard position < bytes.count, bytes[position] == byte else { return false }
            position += 1
            return true
        }

        /// A zone abbreviation: three or more letters, or anything between `<` and `>`.
        mutating func name() -> Bool {
            if take(UInt8(ascii: "<")) {
                guard let close = bytes[position...].firstIndex(of: UInt8(ascii: ">")), close - position >= 3 else { return false }
                position = close + 1
                return true
            }
            let start = position
            while position < bytes.count, (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(bytes[position] & 0xDF) { position += 1 }
            return position - start >= 3
        }

        /// `[+-]hh[:mm[:ss]]` as signed seconds.
        mutating func offset() -> Int64? {
            let negative = take(UInt8(ascii: "-"))
            if !negative { _ = take(UInt8(ascii: "+")) }
            guard let hours = number(maximumDigits: 3) else { return nil }
            var seconds = hours * 3_600
            if take(UInt8(ascii: ":")) {
                guard let minutes = number(maximumDigits: 2) else { return nil }
                seconds += minutes * 60
                if take(UInt8(ascii: ":")) {
                    guard let rest = number(maximumDigits: 2) else { return nil }
                    seconds += rest
                }
            }
            return negative ? -seconds : seconds
        }

        /// A change: a day (`Jn`, `n` or `Mm.w.d`), then `/time` (02:00 when left out).
        mutating func change() -> Change? {
            let day: Change.Day
            if take(UInt8(ascii: "J")) {
                guard let n = number(maximumDigits: 3), (1...365).contains(n) else { return nil }
                day = .julian(n)
            } else if take(UInt8(ascii: "M")) {
                guard let month = number(maximumDigits: 2), take(UInt8(ascii: ".")), let week = number(maximumDigits: 1),
                    take(UInt8(ascii: ".")), let weekday = number(maximumDigits: 1), (1...12).contains(month), (1...5).contains(week),
                    (0...6).contains(weekday)
                else { return nil }
                day = .weekday(month: month, week: week, weekday: weekday)
            } else {
                guard let n = number(maximumDigits: 3), (0...365).contains(n) else { return nil }
                day = .zeroBased(n)
            }
            guard take(UInt8(ascii: "/")) else { return Change(day: day, time: 7_200) }
            return offset().map { Change(day: day, time: $0) }
        }

        private mutating func number(maximumDigits: Int) -> Int64? {
            var value: Int64 = 0, count = 0
            while count < maximumDigits, position < bytes.count, TemporalScanner.isDigit(bytes[position]) {
                value = value * 10 + Int64(bytes[position] - UInt8(ascii: "0"))
                position += 1
                count += 1
            }
            return count > 0 ? value : nil
        }
    }
}
