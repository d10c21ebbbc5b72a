// Temporal values as Bolt's structures, both ways: Date (days since 1970-01-01), LocalTime and Time
// (nanoseconds of the day; Time with its offset), LocalDateTime (seconds and nanoseconds on the local
// clock), DateTime with an offset or a zone id, and Duration (months, days, seconds, nanoseconds).
// Bolt 5 sends a DateTime as its instant (seconds since the epoch in UTC, tags 0x49 and 0x69); 4.4
// as its local clock reading (0x46 and 0x66) — both are read whatever the version.
import Kennis

enum BoltTemporal {
    static let tags: Set<UInt8> = [0x44, 0x54, 0x74, 0x64, 0x49, 0x69, 0x46, 0x66, 0x45]

    static func pack(_ value: TemporalValue, version: BoltVersion) -> PackStreamValue {
        let utc = version.major >= 5
        switch value {
        case .date(let date): return .structure(tag: 0x44, fields: [.integer(date.epochDay)])
        case .localTime(let time): return .structure(tag: 0x74, fields: [.integer(time.nanosecondOfDay)])
        case .time(let time):
            return .structure(tag: 0x54, fields: [.integer(time.time.nanosecondOfDay), .integer(Int64(time.offset.seconds))])
        case .localDateTime(let local):
            return .structure(tag: 0x64, fields: [.integer(local.localSeconds), .integer(local.time.nanosecond)])
        case .dateTime(let dateTime):
            let seconds = PackStreamValue.integer(utc ? dateTime.epochSeconds : dateTime.local.localSeconds)
            let nanos = PackStreamValue.integer(dateTime.nanosecond)
            if let zoneName = dateTime.zoneName { return .structure(tag: utc ? 0x69 : 0x66, fields: [seconds, nanos, .string(zoneName)]) }
            return .structure(tag: utc ? 0x49 : 0x46, fields: [seconds, nanos, .integer(Int64(dateTime.offset.seconds))])
        case .duration(let duration):
            return .structure(
                tag: 0x45,
                fields: [.integer(duration.months), .integer(duration.days), .integer(duration.seconds), .integer(duration.nanoseconds)])
        }
    }

    /// The temporal value of a structure with one of `tags`.
    static func unpack(tag: UInt8, fields: [PackStreamValue]) throws(BoltFailure) -> TemporalValue {
        var integers: [Int64] = []
        var zoneName: String?
        for field in fields {
            switch field {
            case .integer(let n): integers.append(n)
            case .string(let name) where zoneName == nil && (tag == 0x69 || tag == 0x66): zoneName = name
            default: throw invalid(tag, "its fields must be integers (and a zone id)")
            }
        }
        guard let value = temporal(tag: tag, integers, zoneName: zoneName) else {
            throw invalid(
                tag, "its fields name no value Kennis can hold (years -999999999 to 999999999, offsets within ±18:00, a known zone)")
        }
        return value
    }

    private static func temporal(tag: UInt8, _ n: [Int64], zoneName: String?) -> TemporalValue? {
        let day = LocalTime.nanosecondsPerDay
        switch (tag, n.count) {
        case (0x44, 1): return CalendarDate(checkingEpochDay: n[0]).map(TemporalValue.date)
        case (0x74, 1) where (0..<day).contains(n[0]): return .localTime(LocalTime(nanosecondOfDay: n[0]))
        case (0x54, 2) where (0..<day).contains(n[0]):
            return UTCOffset(seconds: n[1]).map { .time(OffsetTime(time: LocalTime(nanosecondOfDay: n[0]), offset: $0)) }
        case (0x64, 2) where (0..<1_000_000_000).contains(n[1]):
            return LocalDateTime(localSeconds: n[0], nanosecond: n[1]).map(TemporalValue.localDateTime)
        case (0x49, 3), (0x46, 3), (0x69, 2), (0x66, 2):
            guard (0..<1_000_000_000).contains(n[1]) else { return nil }
            let zone: TemporalZone?
            if let zoneName {
                zone = TimeZoneRules.named(zoneName).map(TemporalZone.named)
            } else {
                zone = UTCOffset(seconds: n[2]).map(TemporalZone.offset)
            }
            guard let zone else { return nil }
            if tag == 0x49 || tag == 0x69 {
                return ZonedDateTime(utcSeconds: n[0], nanosecond: n[1], zone: zone).map(TemporalValue.dateTime)
            }
            return LocalDateTime(localSeconds: n[0], nanosecond: n[1]).flatMap { ZonedDateTime(local: $0, zone: zone) }.map(
                TemporalValue.dateTime)
        case (0x45, 4): return CalendarDuration(months: n[0], days: n[1], seconds: n[2], nanoseconds: n[3]).map(TemporalValue.duration)
        default: return nil
        }
    }

    private static func invalid(_ tag: UInt8, _ why: String) -> BoltFailure {
        BoltFailure(
            code: "Neo.ClientError.Statement.TypeError",
            message: "a temporal parameter (structure 0x\(String(tag, radix: 16, uppercase: true))) is not valid: \(why)")
    }
}
