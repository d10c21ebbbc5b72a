// The offset of a local time from UTC, in whole seconds east of Greenwich: what a `time` carries and
// what a `datetime` has at its instant (a named zone's offset changes with the instant; this does not).

/// An offset from UTC between −18:00 and +18:00.
public struct UTCOffset: Hashable, Comparable, Sendable {
    public static let utc = UTCOffset(checkedSeconds: 0)
    /// The range java.time and openCypher allow.
    public static let range: ClosedRange<Int64> = -64_800...64_800

    /// Seconds east of UTC.
    public let seconds: Int32

    /// The offset of `seconds`; nil outside ±18:00.
    public init?(seconds: Int64) {
        guard Self.range.contains(seconds) else { return nil }
        self.seconds = Int32(seconds)
    }

    init(checkedSeconds seconds: Int32) { self.seconds = seconds }

    public static func < (a: UTCOffset, b: UTCOffset) -> Bool { a.seconds < b.seconds }

    /// `Z` for UTC, else `±HH:MM`, with `:SS` when the offset has seconds (local mean times of old dates).
    public var iso8601: String {
        guard seconds != 0 else { return "Z" }
        let magnitude = Int64(seconds.magnitude)
        var text = (seconds < 0 ? "-" : "+") + CalendarDate.twoDigits(magnitude / 3_600) + ":"
        text += CalendarDate.twoDigits(magnitude / 60 % 60)
        if magnitude % 60 != 0 { text += ":" + CalendarDate.twoDigits(magnitude % 60) }
        return text
    }

    /// The offset `text` names: `Z`, `±HH`, `±HHMM`, `±HH:MM`, `±HH:MM:SS` or `±HHMMSS`.
    public init?(iso8601 text: some StringProtocol) {
        var scanner = TemporalScanner(text)
        guard let offset = Self.read(&scanner), scanner.isAtEnd else { return nil }
        self = offset
    }

    /// Reads an offset from the front of `scanner`; nil (having read nothing useful) when none is there.
    static func read(_ scanner: inout TemporalScanner) -> UTCOffset? {
        if scanner.takeLetter("Z") { return .utc }
        let negative = scanner.take(UInt8(ascii: "-"))
        guard negative || scanner.take(UInt8(ascii: "+")), let hours = scanner.digits(2) else { return nil }
        var minutes: Int64 = 0, seconds: Int64 = 0
        let colons = scanner.take(UInt8(ascii: ":"))
        if colons || scanner.digitCount >= 2 {
            guard let value = scanner.digits(2) else { return nil }
            minutes = value
            if colons ? scanner.take(UInt8(ascii: ":")) : scanner.digitCount >= 2 {
                guard let value = scanner.digits(2) else { return nil }
                seconds = value
            }
        }
        guard hours <= 18, minutes < 60, seconds < 60 else { return nil }
        let total = hours * 3_600 + minutes * 60 + seconds
        return UTCOffset(seconds: negative ? -total : total)
    }
}
