// An amount of time as openCypher counts it — its `duration` — in four parts that do not convert into
// each other exactly: months (a month has 28 to 31 days), days (a day has 23 to 25 hours across a
// change of clocks), seconds and nanoseconds. Hours and minutes fold into seconds, years into months,
// weeks into days. The nanoseconds are kept in 0..<1e9 and the seconds carry the sign.

/// Months, days, seconds and nanoseconds.
public struct CalendarDuration: Hashable, Sendable {
    public let months: Int64
    public let days: Int64
    public let seconds: Int64
    /// In 0..<1,000,000,000.
    public let nanoseconds: Int64

    public static let zero = CalendarDuration(normalizedMonths: 0, days: 0, seconds: 0, nanoseconds: 0)
    /// The average month of the Gregorian calendar (365.2425 / 12 days), in seconds: how a fraction
    /// of a month becomes days and seconds.
    public static let secondsPerAverageMonth: Double = 2_629_746

    private init(normalizedMonths months: Int64, days: Int64, seconds: Int64, nanoseconds: Int64) {
        self.months = months
        self.days = days
        self.seconds = seconds
        self.nanoseconds = nanoseconds
    }

    /// The duration of these parts, nanoseconds carried into seconds; nil when the seconds overflow.
    public init?(months: Int64, days: Int64, seconds: Int64, nanoseconds: Int64) {
        let nanosPerSecond = LocalTime.nanosecondsPerSecond
        let carried = CalendarDate.floorDivide(nanoseconds, nanosPerSecond)
        let (total, overflow) = seconds.addingReportingOverflow(carried)
        guard !overflow else { return nil }
        self.init(normalizedMonths: months, days: days, seconds: total, nanoseconds: nanoseconds - carried * nanosPerSecond)
    }

    /// The duration of fractional parts: each part's fraction goes down into the next (a month as an
    /// average month, a day as 86,400 seconds), the nanoseconds truncated — as Neo4j approximates.
    /// Nil when a part does not fit.
    public init?(approximateMonths months: Double, days: Double, seconds: Double, nanoseconds: Double) {
        func whole(_ x: Double) -> Int64? {
            let truncated = x.rounded(.towardZero)
            return truncated.isFinite && abs(truncated) < 9.2e18 ? Int64(truncated) : nil
        }
        guard let wholeMonths = whole(months) else { return nil }
        let allDays = days + (months - Double(wholeMonths)) * Self.secondsPerAverageMonth / 86_400
        guard let wholeDays = whole(allDays) else { return nil }
        let allSeconds = seconds + (allDays - Double(wholeDays)) * 86_400
        guard let wholeSeconds = whole(allSeconds), let nanos = whole(nanoseconds + (allSeconds - Double(wholeSeconds)) * 1e9) else {
            return nil
        }
        self.init(months: wholeMonths, days: wholeDays, seconds: wholeSeconds, nanoseconds: nanos)
    }

    /// All of the seconds and nanoseconds as nanoseconds; nil when they do not fit in 64 bits.
    public var totalNanoseconds: Int64? {
        let (scaled, overflow) = seconds.multipliedReportingOverflow(by: LocalTime.nanosecondsPerSecond)
        guard !overflow else { return nil }
        let (sum, overflowAgain) = scaled.addingReportingOverflow(nanoseconds)
        return overflowAgain ? nil : sum
    }
}
