// A time of day at an offset from UTC — openCypher's `time`.

/// A time of day and the offset its clock keeps from UTC.
public struct OffsetTime: Hashable, Sendable {
    public let time: LocalTime
    public let offset: UTCOffset

    public init(time: LocalTime, offset: UTCOffset) {
        self.time = time
        self.offset = offset
    }

    /// Nanoseconds since midnight UTC, not wrapped (what times at different offsets compare by).
    public var utcNanoseconds: Int64 { time.nanosecondOfDay - Int64(offset.seconds) * LocalTime.nanosecondsPerSecond }

    /// The same instant on the clock of `offset`.
    public func at(_ offset: UTCOffset) -> OffsetTime {
        OffsetTime(
            time: time.adding(nanoseconds: Int64(offset.seconds - self.offset.seconds) * LocalTime.nanosecondsPerSecond), offset: offset)
    }

    /// `21:40:32.142+01:00`: the time as `LocalTime` writes it, then the offset (`Z` for UTC).
    public var iso8601: String { time.iso8601 + offset.iso8601 }

    /// The time `text` names, with its offset or, when it has none, `defaultOffset`.
    public init?(iso8601 text: some StringProtocol, defaultOffset: UTCOffset = .utc) {
        var scanner = TemporalScanner(text)
        guard let time = LocalTime.read(&scanner) else { return nil }
        let offset = scanner.isAtEnd ? defaultOffset : UTCOffset.read(&scanner)
        guard let offset, scanner.isAtEnd else { return nil }
        self.init(time: time, offset: offset)
    }
}
