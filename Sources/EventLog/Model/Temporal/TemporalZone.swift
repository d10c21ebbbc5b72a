// The zone a `datetime` is in: a fixed offset (`+01:00`) or a named zone of the tz database
// (`Europe/Amsterdam`), whose offset depends on the instant.

/// A fixed offset or a named zone.
public enum TemporalZone: Sendable {
    case offset(UTCOffset)
    case named(TimeZoneRules)

    /// The zone `text` names: an offset in any form `UTCOffset` reads, or a zone of the tz database.
    public init?(_ text: String) {
        if let offset = UTCOffset(iso8601: text) {
            self = .offset(offset)
        } else if let rules = TimeZoneRules.named(text) {
            self = .named(rules)
        } else {
            return nil
        }
    }

    /// The zone's name as a datetime's text gives it in brackets; nil for a fixed offset.
    public var name: String? {
        if case .named(let rules) = self { return rules.name }
        return nil
    }

    /// The offset at `seconds` since 1970-01-01T00:00Z.
    public func offset(atUTC seconds: Int64) -> UTCOffset {
        switch self {
        case .offset(let offset): offset
        case .named(let rules): rules.offset(atUTC: seconds)
        }
    }
}
