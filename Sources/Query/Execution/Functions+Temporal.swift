// The temporal constructors: `date`, `localtime`, `time`, `localdatetime` and `datetime`, each from a
// string (ISO 8601), a map of fields (TemporalConstruction), another temporal value, or nothing (the
// statement's clock, in UTC); their clocks `.statement`, `.transaction` and `.realtime`, optionally in
// a zone; `.truncate`; and `datetime.fromepoch` / `datetime.fromepochmillis`.
import EventLog

extension Functions {
    /// The temporal functions `call` knows, lowercased.
    static let temporalFunctions: Set<String> = {
        var names: Set<String> = ["datetime.fromepoch", "datetime.fromepochmillis"]
        for kind in TemporalValue.Kind.allCases where kind != .duration {
            names.insert(kind.rawValue)
            for suffix in ["statement", "transaction", "realtime", "truncate"] { names.insert(kind.rawValue + "." + suffix) }
        }
        return names
    }()

    /// Calls the temporal function `name` (lowercased, one of `temporalFunctions`).
    static func temporal(_ name: String, _ args: [Value], evaluator: Evaluator, at: SourceLocation) throws(QueryError) -> Value {
        let parts = name.split(separator: ".", maxSplits: 1).map(String.init)
        guard let kind = TemporalValue.Kind(rawValue: parts[0]) else { throw QueryError(.semanticError, "no function \(name)()", at: at) }
        switch parts.count == 2 ? parts[1] : "" {
        case "":
            return try construct(kind, args, clock: evaluator.budget.statementTime, at: at)
        case "statement", "transaction", "realtime":
            guard args.count <= 1 else { throw QueryError(.semanticError, "\(name)() takes 0 to 1 arguments, got \(args.count)", at: at) }
            let instant = parts[1] == "realtime" ? UTCInstant.now() : evaluator.budget.statementTime
            guard let zoneName = args.first else { return now(kind, in: .offset(.utc), at: instant) }
            if zoneName.isNull { return .null }
            guard case .string(let text) = zoneName else {
                throw QueryError(
                    .typeError, "\(name)() expects a time zone STRING, got \(zoneName.typeName)", at: at, detail: .invalidArgumentType)
            }
            return now(kind, in: try TemporalConstruction.zone(text, function: name, at: at), at: instant)
        case "truncate":
            return try TemporalTruncation.truncate(kind, args, clock: evaluator.budget.statementTime, at: at)
        case "fromepoch", "fromepochmillis":
            return try fromEpoch(millis: parts[1] == "fromepochmillis", args, at: at)
        default:
            throw QueryError(.semanticError, "no function \(name)()", at: at)
        }
    }

    /// `kind(x)`: now, or the value a string, a map or another temporal value names.
    static func construct(_ kind: TemporalValue.Kind, _ args: [Value], clock: UTCInstant, at: SourceLocation) throws(QueryError) -> Value {
        let name = kind.rawValue
        guard args.count <= 1 else { throw QueryError(.semanticError, "\(name)() takes 0 to 1 arguments, got \(args.count)", at: at) }
        guard let argument = args.first else { return now(kind, in: .offset(.utc), at: clock) }
        switch argument {
        case .null: return .null
        case .string(let text):
            guard let value = TemporalValue(kind, iso8601: text) else {
                throw QueryError(
                    .argumentError, "\(name)() cannot read '\(text)' as a \(kind.typeName) in ISO 8601", at: at,
                    detail: .invalidArgumentValue)
            }
            return .temporal(value)
        case .map(let entries):
            let construction = try TemporalConstruction(entries, function: name, at: at)
            if !construction.namesAnything, let zone = construction.timezone { return now(kind, in: zone, at: clock) }
            return .temporal(try construction.make(kind, clock: clock))
        case .temporal(let value):
            guard let converted = value.converted(to: kind) else {
                throw QueryError(
                    .typeError, "\(name)() cannot make a \(kind.typeName) of a \(value.kind.typeName)", at: at, detail: .invalidArgumentType
                )
            }
            return .temporal(converted)
        default:
            throw QueryError(
                .typeError, "\(name)() expects a STRING, a MAP or a temporal value, got \(argument.typeName)", at: at,
                detail: .invalidArgumentType)
        }
    }

    /// The value of `kind` the clock reads at `instant` in `zone`.
    static func now(_ kind: TemporalValue.Kind, in zone: TemporalZone, at instant: UTCInstant) -> Value {
        // The clock's instant is within the years allowed.
        let current = ZonedDateTime(utcSeconds: instant.seconds, nanosecond: instant.nanosecond, zone: zone)!
        // The kind's part of the date-time the clock reads, as `date(datetime())` converts it.
        return TemporalValue.dateTime(current).converted(to: kind).map(Value.temporal) ?? .null
    }

    /// `datetime.fromepoch(seconds, nanoseconds)`, `datetime.fromepochmillis(milliseconds)`: an instant in UTC.
    private static func fromEpoch(millis: Bool, _ args: [Value], at: SourceLocation) throws(QueryError) -> Value {
        let name = millis ? "datetime.fromepochmillis" : "datetime.fromepoch"
        guard args.count == (millis ? 1 : 2) else {
            throw QueryError(.semanticError, "\(name)() takes \(millis ? 1 : 2) argument\(millis ? "" : "s"), got \(args.count)", at: at)
        }
        if args.contains(where: \.isNull) { return .null }
        guard case .integer(let first) = args[0] else {
            throw QueryError(
                .typeError, "\(name)() expects INTEGER arguments, got \(args[0].typeName)", at: at, detail: .invalidArgumentType)
        }
        var seconds = first, nanosecond: Int64 = 0
        if millis {
            (seconds, nanosecond) = (CalendarDate.floorDivide(first, 1_000), CalendarDate.floorModulo(first, 1_000) * 1_000_000)
        } else {
            guard case .integer(let nanos) = args[1] else {
                throw QueryError(
                    .typeError, "\(name)() expects INTEGER arguments, got \(args[1].typeName)", at: at, detail: .invalidArgumentType)
            }
            let (carried, overflow) = seconds.addingReportingOverflow(CalendarDate.floorDivide(nanos, 1_000_000_000))
            seconds = overflow ? .max : carried
            nanosecond = CalendarDate.floorModulo(nanos, 1_000_000_000)
        }
        guard let value = ZonedDateTime(utcSeconds: seconds, nanosecond: nanosecond, zone: .offset(.utc)) else {
            throw QueryError(.argumentError, "\(name)(): the instant is outside the years allowed", at: at, detail: .invalidArgumentValue)
        }
        return .temporal(.dateTime(value))
    }
}

extension TemporalConstruction {
    /// The value of `kind` the map names.
    func make(_ kind: TemporalValue.Kind, clock: UTCInstant) throws(QueryError) -> TemporalValue {
        if kind == .date, let field = timeFields.keys.sorted().first { throw invalid("a date has no field `\(field)`") }
        if kind == .localTime || kind == .time, let field = dateFields.keys.sorted().first {
            throw invalid("a time has no field `\(field)`")
        }
        switch kind {
        case .date: return .date(try date())
        case .localTime: return .localTime(try time())
        case .time:
            let time = try time()
            guard let timezone else {
                return .time(OffsetTime(time: time, offset: baseOffset ?? baseZone?.offset(atUTC: clock.seconds) ?? .utc))
            }
            let offset = timezone.offset(atUTC: clock.seconds)
            // A base with an offset moves to the same instant at the new one; one without takes it.
            guard let baseOffset else { return .time(OffsetTime(time: time, offset: offset)) }
            return .time(OffsetTime(time: time, offset: baseOffset).at(offset))
        case .localDateTime: return .localDateTime(LocalDateTime(date: try date(), time: try time()))
        case .dateTime:
            let local = LocalDateTime(date: try date(), time: try time())
            guard let value = ZonedDateTime(local: local, zone: baseZone ?? timezone ?? .offset(.utc), preferring: baseOffset) else {
                throw invalid("the date-time is outside the years allowed")
            }
            guard let timezone, baseZone != nil else { return .dateTime(value) }
            guard let moved = ZonedDateTime(utcSeconds: value.epochSeconds, nanosecond: value.nanosecond, zone: timezone) else {
                throw invalid("the date-time is outside the years allowed")
            }
            return .dateTime(moved)
        case .duration: throw invalid("a duration is not made of these fields")
        }
    }
}

extension TemporalValue {
    /// This value as a value of `kind` (`date(datetime)` is its date, `datetime(date)` midnight UTC);
    /// nil when it lacks a part the kind needs.
    func converted(to kind: TemporalValue.Kind) -> TemporalValue? {
        if self.kind == kind { return self }
        switch kind {
        case .date: return datePart.map(TemporalValue.date)
        case .localTime: return timePart.map(TemporalValue.localTime)
        case .time: return timePart.map { .time(OffsetTime(time: $0, offset: offsetPart ?? .utc)) }
        case .localDateTime: return datePart.map { .localDateTime(LocalDateTime(date: $0, time: timePart ?? .midnight)) }
        case .dateTime:
            guard let date = datePart else { return nil }
            let local = LocalDateTime(date: date, time: timePart ?? .midnight)
            return ZonedDateTime(local: local, zone: zonePart ?? .offset(.utc), preferring: offsetPart).map(TemporalValue.dateTime)
        case .duration: return nil
        }
    }
}
