// Adds up a duration from amounts of units — `duration({years: 1, days: 1.5})` and the parts of
// `P1Y1.5D` — exactly while every amount is an integer, and as Neo4j approximates once one is not.

/// The units a duration is given in, with the part each counts towards and how many of that part.
public enum DurationUnit: String, CaseIterable, Sendable {
    case years, quarters, months, weeks, days, hours, minutes, seconds, milliseconds, microseconds, nanoseconds

    /// Which of months (0), days (1), seconds (2) and nanoseconds (3) the unit counts, and how many.
    var part: (index: Int, scale: Int64) {
        switch self {
        case .years: (0, 12)
        case .quarters: (0, 3)
        case .months: (0, 1)
        case .weeks: (1, 7)
        case .days: (1, 1)
        case .hours: (2, 3_600)
        case .minutes: (2, 60)
        case .seconds: (2, 1)
        case .milliseconds: (3, 1_000_000)
        case .microseconds: (3, 1_000)
        case .nanoseconds: (3, 1)
        }
    }
}

/// Sums of the four parts of a duration.
public struct DurationBuilder: Sendable {
    private var exact: [Int64] = [0, 0, 0, 0]
    private var approximate: [Double] = [0, 0, 0, 0]
    private var fractional = false
    private var overflowed = false

    public init() {}

    /// Adds `amount` of `unit`.
    public mutating func add(_ amount: Int64, _ unit: DurationUnit) {
        let (index, scale) = unit.part
        let (scaled, overflow) = amount.multipliedReportingOverflow(by: scale)
        let (sum, overflowAgain) = exact[index].addingReportingOverflow(scaled)
        overflowed = overflowed || overflow || overflowAgain
        exact[index] = sum
        approximate[index] += Double(amount) * Double(scale)
    }

    /// Adds a fractional `amount` of `unit`: the duration is then approximated.
    public mutating func add(_ amount: Double, _ unit: DurationUnit) {
        let (index, scale) = unit.part
        fractional = true
        approximate[index] += amount * Double(scale)
    }

    /// The duration; nil when a part does not fit in 64 bits.
    public var duration: CalendarDuration? {
        if fractional {
            return CalendarDuration(
                approximateMonths: approximate[0], days: approximate[1], seconds: approximate[2], nanoseconds: approximate[3])
        }
        guard !overflowed else { return nil }
        return CalendarDuration(months: exact[0], days: exact[1], seconds: exact[2], nanoseconds: exact[3])
    }
}
