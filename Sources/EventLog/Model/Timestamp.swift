// Times are UTC milliseconds since the Unix epoch, written as RFC 3339 with milliseconds
// (`2026-11-27T12:00:00.123Z`). Formatting and parsing are done here, by hand, because they sit on
// the hot paths of import and `kennis log`, and Foundation's formatters are slow and locale-bound.
#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// A point in time with millisecond precision, UTC.
public struct Timestamp: Sendable, Hashable, Comparable, CustomStringConvertible {
    /// Milliseconds since 1970-01-01T00:00:00Z.
    public let milliseconds: Int64

    public init(milliseconds: Int64) { self.milliseconds = milliseconds }

    /// The current wall-clock time.
    public static func now() -> Timestamp {
        var spec = timespec()
        clock_gettime(CLOCK_REALTIME, &spec)
        return Timestamp(milliseconds: Int64(spec.tv_sec) * 1000 + Int64(spec.tv_nsec) / 1_000_000)
    }

    public static func < (a: Timestamp, b: Timestamp) -> Bool { a.milliseconds < b.milliseconds }

    /// RFC 3339, UTC, with milliseconds: `2026-11-27T12:00:00.123Z`.
    public var description: String { rfc3339 }

    /// RFC 3339, UTC, with milliseconds: `2026-11-27T12:00:00.123Z`.
    public var rfc3339: String {
        let date = CalendarDate(containing: self)
        let msOfDay = CalendarDate.floorModulo(milliseconds, 86_400_000)
        let (year, month, day) = date.components
        let hour = msOfDay / 3_600_000, minute = msOfDay / 60_000 % 60
        let second = msOfDay / 1000 % 60, millis = msOfDay % 1000
        var out = [UInt8]()
        out.reserveCapacity(24)
        appendDigits(&out, year, 4)
        out.append(UInt8(ascii: "-"))
        appendDigits(&out, month, 2)
        out.append(UInt8(ascii: "-"))
        appendDigits(&out, day, 2)
        out.append(UInt8(ascii: "T"))
        appendDigits(&out, hour, 2)
        out.append(UInt8(ascii: ":"))
        appendDigits(&out, minute, 2)
        out.append(UInt8(ascii: ":"))
        appendDigits(&out, second, 2)
        out.append(UInt8(ascii: "."))
        appendDigits(&out, millis, 3)
        out.append(UInt8(ascii: "Z"))
        return String(decoding: out, as: UTF8.self)
    }

    /// Parses an RFC 3339 time (`2026-01-01T00:00:00Z`, `2026-01-01T01:00:00.5+01:00`, lower-case
    /// `t`/`z` and a space separator allowed), or a bare date `2026-01-01`, meaning its midnight UTC.
    /// Fractions beyond milliseconds are truncated. Returns nil for anything else.
    public init?(rfc3339 text: String) {
        let s = Array(text.utf8)
        var i = 0
        func number(_ width: Int) -> Int64? {
            guard i + width <= s.count else { return nil }
            var n: Int64 = 0
            for _ in 0..<width {
                let c = s[i]
                guard c >= 48 && c <= 57 else { return nil }
                n = n * 10 + Int64(c - 48)
                i += 1
            }
            return n
        }
        func expect(_ c: UInt8) -> Bool {
            guard i < s.count, s[i] == c else { return false }
            i += 1
            return true
        }
        guard let year = number(4), expect(UInt8(ascii: "-")), let month = number(2), expect(UInt8(ascii: "-")),
            let day = number(2), (1...12).contains(month), day >= 1, day <= CalendarDate.days(inMonth: month, of: year)
        else { return nil }
        let days = CalendarDate.epochDay(year: year, month: month, day: day)
        if i == s.count {
            milliseconds = days * 86_400_000
            return
        }
        guard i < s.count, [UInt8(ascii: "T"), UInt8(ascii: "t"), UInt8(ascii: " ")].contains(s[i]) else { return nil }
        i += 1
        guard let hour = number(2), expect(UInt8(ascii: ":")), let minute = number(2), expect(UInt8(ascii: ":")),
            let second = number(2), hour < 24, minute < 60, second < 60
        else { return nil }
        var millis: Int64 = 0
        if expect(UInt8(ascii: ".")) {
            var digits = 0
            while i < s.count, s[i] >= 48 && s[i] <= 57 {
                if digits < 3 { millis = millis * 10 + Int64(s[i] - 48) }
                digits += 1
                i += 1
            }
            guard digits > 0 else { return nil }
            for _ in digits..<max(digits, 3) { millis *= 10 }
        }
        var offsetMinutes: Int64 = 0
        if expect(UInt8(ascii: "Z")) || expect(UInt8(ascii: "z")) {
        } else if i < s.count, s[i] == UInt8(ascii: "+") || s[i] == UInt8(ascii: "-") {
            let sign: Int64 = s[i] == UInt8(ascii: "-") ? -1 : 1
            i += 1
            guard let oh = number(2), expect(UInt8(ascii: ":")), let om = number(2), oh < 24, om < 60 else { return nil }
            offsetMinutes = sign * (oh * 60 + om)
        } else {
            return nil
        }
        guard i == s.count else { return nil }
        let local = days * 86_400_000 + hour * 3_600_000 + minute * 60_000 + second * 1000 + millis
        milliseconds = local - offsetMinutes * 60_000
    }
}

private func appendDigits(_ out: inout [UInt8], _ value: Int64, _ width: Int) {
    var digits = [UInt8](repeating: UInt8(ascii: "0"), count: width)
    var v = value
    var i = width - 1
    while i >= 0 && v > 0 {
        digits[i] = UInt8(48 + v % 10)
        v /= 10
        i -= 1
    }
    out.append(contentsOf: digits)
}
