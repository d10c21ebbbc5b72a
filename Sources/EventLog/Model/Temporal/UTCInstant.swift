// A point on the UTC time line to the nanosecond: the clock temporal functions read, and what a
// `datetime` is compared by.
#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Seconds and nanoseconds since 1970-01-01T00:00Z.
public struct UTCInstant: Hashable, Sendable {
    public let seconds: Int64
    /// In 0..<1,000,000,000.
    public let nanosecond: Int64

    public init(seconds: Int64, nanosecond: Int64) {
        self.seconds = seconds
        self.nanosecond = nanosecond
    }

    /// The system's real-time clock now.
    public static func now() -> UTCInstant {
        var now = timespec()
        clock_gettime(CLOCK_REALTIME, &now)
        return UTCInstant(seconds: Int64(now.tv_sec), nanosecond: Int64(now.tv_nsec))
    }
}
