// A duration's text in ISO 8601, both ways. Written as Neo4j writes it: years and months from the
// months, days, then hours, minutes and seconds from the seconds, each part only when not zero,
// every part signed on its own (`P12Y5M-14DT16H`, `PT-1.999S`), `PT0S` for nothing. Read in the unit
// form (`P1Y2M3W4DT5H6M7.5S`, any part signed or fractional) or the date-time form
// (`P2012-02-02T14:37:21.545`).

extension CalendarDuration {
    public var iso8601: String {
        var text = "P"
        func part(_ amount: Int64, _ unit: String) { if amount != 0 { text += "\(amount)" + unit } }
        part(months / 12, "Y")
        part(months % 12, "M")
        part(days, "D")
        if seconds != 0 || nanoseconds != 0 {
            // A negative amount is written with negative seconds and fraction: −1.999 s is PT-1.999S.
            var (wholeSeconds, fraction) = (seconds, nanoseconds)
            if seconds < 0 && nanoseconds != 0 {
                wholeSeconds += 1
                fraction -= LocalTime.nanosecondsPerSecond
            }
            text += "T"
            part(wholeSeconds / 3_600, "H")
            part(wholeSeconds % 3_600 / 60, "M")
            let rest = wholeSeconds % 60
            if rest != 0 || fraction != 0 {
                text += (rest == 0 && fraction < 0 ? "-0" : "\(rest)") + Self.fractionText(fraction) + "S"
            }
        }
        return text == "P" ? "PT0S" : text
    }

    /// `.5`, `.000000001`: a fraction of a second without its trailing zeros; empty for none.
    private static func fractionText(_ nanoseconds: Int64) -> String {
        guard nanoseconds != 0 else { return "" }
        var digits = String(nanoseconds.magnitude + UInt64(LocalTime.nanosecondsPerSecond)).dropFirst()
        while digits.last == "0" { digits = digits.dropLast() }
        return "." + digits
    }

    /// The duration `text` names; nil for a text that is not one, or parts that do not fit.
    public init?(iso8601 text: some StringProtocol) {
        var scanner = TemporalScanner(text)
        let negative = scanner.take(UInt8(ascii: "-"))
        guard scanner.takeLetter("P"), !scanner.isAtEnd else { return nil }
        var builder = DurationBuilder()
        let read = Self.readDateTimeForm(&scanner, into: &builder) || Self.readUnitForm(&scanner, into: &builder)
        guard read, scanner.isAtEnd, let duration = builder.duration else { return nil }
        guard negative else {
            self = duration
            return
        }
        guard let negated = duration.negated else { return nil }
        self = negated
    }

    /// `P2012-02-02T14:37:21.545`: years, months and days, then a time of hours, minutes and seconds.
    private static func readDateTimeForm(_ scanner: inout TemporalScanner, into builder: inout DurationBuilder) -> Bool {
        var probe = scanner
        guard probe.digitCount == 4, let years = probe.digits(4), probe.take(UInt8(ascii: "-")), let months = probe.digits(2),
            probe.take(UInt8(ascii: "-")), let days = probe.digits(2)
        else { return false }
        builder.add(years, .years)
        builder.add(months, .months)
        builder.add(days, .days)
        if probe.takeLetter("T") {
            guard let time = LocalTime.read(&probe) else { return false }
            builder.add(time.secondOfDay, .seconds)
            builder.add(time.nanosecond, .nanoseconds)
        }
        scanner = probe
        return true
    }

    /// `nY nM nW nD` then, after `T`, `nH nM nS`: each optional, in this order, at least one.
    private static func readUnitForm(_ scanner: inout TemporalScanner, into builder: inout DurationBuilder) -> Bool {
        let dateUnits: [(Character, DurationUnit)] = [("Y", .years), ("M", .months), ("W", .weeks), ("D", .days)]
        let timeUnits: [(Character, DurationUnit)] = [("H", .hours), ("M", .minutes), ("S", .seconds)]
        guard readParts(&scanner, units: dateUnits, into: &builder) else { return false }
        guard scanner.takeLetter("T") else { return true }
        return !scanner.isAtEnd && readParts(&scanner, units: timeUnits, into: &builder)
    }

    /// Numbers each followed by one of `units`, the units in the order given.
    private static func readParts(
        _ scanner: inout TemporalScanner, units: [(Character, DurationUnit)], into builder: inout DurationBuilder
    ) -> Bool {
        var next = 0
        while !scanner.isAtEnd, !scanner.nextIs("T") {
            let negative = scanner.take(UInt8(ascii: "-"))
            let count = scanner.digitCount
            guard (1...18).contains(count), let whole = scanner.digits(count) else { return false }
            var valid = true
            let fraction = scanner.fractionNanoseconds(valid: &valid)
            guard valid, let index = units[next...].firstIndex(where: { scanner.takeLetter($0.0) }) else { return false }
            let unit = units[index].1
            next = index + 1
            let sign: Int64 = negative ? -1 : 1
            if let fraction, unit == .seconds {
                // Seconds keep every digit of their fraction: PT1.000000001S is exact.
                builder.add(sign * whole, .seconds)
                builder.add(sign * fraction, .nanoseconds)
            } else if let fraction {
                builder.add(Double(sign) * (Double(whole) + Double(fraction) / 1e9), unit)
            } else {
                builder.add(sign * whole, unit)
            }
        }
        return true
    }

    /// The duration with every part negated; nil when a part is the smallest 64-bit integer.
    public var negated: CalendarDuration? {
        guard months != .min, days != .min, seconds != .min else { return nil }
        return CalendarDuration(months: -months, days: -days, seconds: -seconds, nanoseconds: -nanoseconds)
    }
}
