// The six temporal types of openCypher as one value: what a property may hold besides strings,
// numbers and booleans, and what a query computes with. Each kind has one text (ISO 8601) that reads
// back to the same value: the log's JSON and canonical bytes use it.

/// A date, a time, a date-time or a duration.
public enum TemporalValue: Hashable, Sendable {
    case date(CalendarDate)
    case localTime(LocalTime)
    case time(OffsetTime)
    case localDateTime(LocalDateTime)
    // The two large kinds are boxed, so that a value is at most 17 bytes and a property value holds
    // one inline: a date — the common kind, as valid time is — costs no allocation.
    indirect case dateTime(ZonedDateTime)
    indirect case duration(CalendarDuration)

    /// The kind's name in openCypher, lower case: what a log's JSON tags the value with.
    public var kind: Kind {
        switch self {
        case .date: .date
        case .localTime: .localTime
        case .time: .time
        case .localDateTime: .localDateTime
        case .dateTime: .dateTime
        case .duration: .duration
        }
    }

    /// The kinds, named as openCypher's constructor functions are.
    public enum Kind: String, CaseIterable, Sendable {
        case date, localTime = "localtime", time, localDateTime = "localdatetime", dateTime = "datetime", duration

        /// The type's name as Cypher's errors and `valueType` say it.
        public var typeName: String {
            switch self {
            case .date: "DATE"
            case .localTime: "LOCAL TIME"
            case .time: "ZONED TIME"
            case .localDateTime: "LOCAL DATETIME"
            case .dateTime: "ZONED DATETIME"
            case .duration: "DURATION"
            }
        }
    }

    /// The value's ISO 8601 text.
    public var iso8601: String {
        switch self {
        case .date(let date): date.iso8601
        case .localTime(let time): time.iso8601
        case .time(let time): time.iso8601
        case .localDateTime(let dateTime): dateTime.iso8601
        case .dateTime(let dateTime): dateTime.iso8601
        case .duration(let duration): duration.iso8601
        }
    }

    /// The value of `kind` that `text` names; nil when it names none. A time or date-time without an
    /// offset is at UTC.
    public init?(_ kind: Kind, iso8601 text: some StringProtocol) {
        switch kind {
        case .date:
            guard let value = CalendarDate(iso8601: text) else { return nil }
            self = .date(value)
        case .localTime:
            guard let value = LocalTime(iso8601: text) else { return nil }
            self = .localTime(value)
        case .time:
            guard let value = OffsetTime(iso8601: text) else { return nil }
            self = .time(value)
        case .localDateTime:
            guard let value = LocalDateTime(iso8601: text) else { return nil }
            self = .localDateTime(value)
        case .dateTime:
            guard let value = ZonedDateTime(iso8601: text) else { return nil }
            self = .dateTime(value)
        case .duration:
            guard let value = CalendarDuration(iso8601: text) else { return nil }
            self = .duration(value)
        }
    }

    /// The value of `kind` whose canonical text (`iso8601`) is `text`, read as stored: a date-time
    /// keeps its offset and zone name without the tz database. Nil for any other text, so that a
    /// stored value has one form only.
    public init?(_ kind: Kind, storedText text: String) {
        if kind == .dateTime {
            guard let value = ZonedDateTime(storedText: text) else { return nil }
            self = .dateTime(value)
        } else {
            guard let value = TemporalValue(kind, iso8601: text) else { return nil }
            self = value
        }
        guard iso8601 == text else { return nil }
    }
}
