// An instant with the date and time its zone's clock showed — openCypher's `datetime`. It keeps the
// local date-time, the offset in effect and, for a named zone, the zone's name: the offset is part of
// the value (a stored value reads back with the offset it was written with, whatever later tz data
// says), and the name is what arithmetic on the local clock resolves against.

/// A date-time at an offset, optionally in a named zone.
public struct ZonedDateTime: Hashable, Sendable {
    public let local: LocalDateTime
    public let offset: UTCOffset
    /// The named zone's name; nil for a fixed offset.
    public let zoneName: String?

    public init(local: LocalDateTime, offset: UTCOffset, zoneName: String?) {
        self.local = local
        self.offset = offset
        self.zoneName = zoneName
    }

    /// The date-time of the local clock `local` in `zone` (resolved as `TimeZoneRules.resolve` says);
    /// nil when the instant falls outside the years allowed.
    public init?(local: LocalDateTime, zone: TemporalZone, preferring: UTCOffset? = nil) {
        switch zone {
        case .offset(let offset): self.init(local: local, offset: offset, zoneName: nil)
        case .named(let rules):
            let (utc, offset) = rules.resolve(local: local.localSeconds, preferring: preferring)
            guard let shifted = LocalDateTime(localSeconds: utc + Int64(offset.seconds), nanosecond: local.time.nanosecond) else {
                return nil
            }
            self.init(local: shifted, offset: offset, zoneName: rules.name)
        }
    }

    /// The date-time at the instant `utcSeconds` (and `nanosecond`) in `zone`.
    public init?(utcSeconds: Int64, nanosecond: Int64, zone: TemporalZone) {
        // Outside the years allowed (with a day to spare for the offset) there is nothing to read.
        let limit = (CalendarDate.epochDays.upperBound + 1) * 86_400
        guard (-limit...limit).contains(utcSeconds) else { return nil }
        let offset = zone.offset(atUTC: utcSeconds)
        guard let local = LocalDateTime(localSeconds: utcSeconds + Int64(offset.seconds), nanosecond: nanosecond) else { return nil }
        self.init(local: local, offset: offset, zoneName: zone.name)
    }

    /// Seconds since 1970-01-01T00:00Z.
    public var epochSeconds: Int64 { local.localSeconds - Int64(offset.seconds) }
    /// The nanoseconds within the second.
    public var nanosecond: Int64 { local.time.nanosecond }

    /// The zone: the named one, or the fixed offset (also when the name is not in this machine's tz data).
    public var zone: TemporalZone {
        if let zoneName, let rules = TimeZoneRules.named(zoneName) { return .named(rules) }
        return .offset(offset)
    }

    /// `2015-07-21T21:40:32.142+02:00[Europe/Stockholm]`: the local date-time, the offset, the zone's name.
    public var iso8601: String { local.iso8601 + offset.iso8601 + (zoneName.map { "[" + $0 + "]" } ?? "") }

    /// The date-time `text` names: a local date-time, then an offset, a zone in brackets, or both; with
    /// neither it is in `defaultZone`. With both, the offset is kept if the zone has it at that time.
    public init?(iso8601 text: some StringProtocol, defaultZone: TemporalZone = .offset(.utc)) {
        var scanner = TemporalScanner(text)
        guard let local = LocalDateTime.read(&scanner) else { return nil }
        var offset: UTCOffset?
        if !scanner.isAtEnd && scanner.next != UInt8(ascii: "[") {
            guard let read = UTCOffset.read(&scanner) else { return nil }
            offset = read
        }
        var zone = offset.map(TemporalZone.offset) ?? defaultZone
        if scanner.take(UInt8(ascii: "[")) {
            let name = scanner.rest
            guard name.hasSuffix("]"), let named = TimeZoneRules.named(String(name.dropLast())) else { return nil }
            zone = .named(named)
            scanner.skipToEnd()
        }
        guard scanner.isAtEnd else { return nil }
        self.init(local: local, zone: zone, preferring: offset)
    }

    /// The date-time a stored text names, exactly: the local date-time, the offset and the zone's name
    /// as written, without asking the tz database — a value stored under older or newer tz data, or
    /// naming a zone this machine does not know, reads back as it was written. Nil for a text that is
    /// not `iso8601`'s form.
    public init?(storedText text: some StringProtocol) {
        var scanner = TemporalScanner(text)
        guard let local = LocalDateTime.read(&scanner), let offset = UTCOffset.read(&scanner) else { return nil }
        var zoneName: String?
        if scanner.take(UInt8(ascii: "[")) {
            let name = scanner.rest
            guard name.hasSuffix("]"), TimeZoneRules.isZoneName(String(name.dropLast())) else { return nil }
            zoneName = String(name.dropLast())
            scanner.skipToEnd()
        }
        guard scanner.isAtEnd else { return nil }
        self.init(local: local, offset: offset, zoneName: zoneName)
    }
}
