// `duration(…)` from a string (ISO 8601), a map of units (`{years: 1, days: 1.5}`) or a duration, and
// `duration.between/inMonths/inDays/inSeconds` (TemporalDifference).
import EventLog

extension Functions {
    static let durationFunctions: Set<String> = [
        "duration", "duration.between", "duration.inmonths", "duration.indays", "duration.inseconds",
    ]

    static func duration(_ name: String, _ args: [Value], at: SourceLocation) throws(QueryError) -> Value {
        if name == "duration" { return try duration(args, at: at) }
        guard args.count == 2 else { throw QueryError(.semanticError, "\(name)() takes 2 arguments, got \(args.count)", at: at) }
        if args.contains(where: \.isNull) { return .null }
        guard case .temporal(let from) = args[0], case .temporal(let to) = args[1], from.kind != .duration, to.kind != .duration else {
            throw QueryError(
                .typeError, "\(name)() expects two temporal values, got \(args[0].typeName) and \(args[1].typeName)", at: at,
                detail: .invalidArgumentType)
        }
        let unit: TemporalDifference.Unit =
            switch name {
            case "duration.inmonths": .months
            case "duration.indays": .days
            case "duration.inseconds": .seconds
            default: .all
            }
        guard let duration = TemporalDifference.between(from, to, unit: unit) else {
            throw QueryError(.argumentError, "\(name)(): the duration does not fit", at: at, detail: .invalidArgumentValue)
        }
        return .temporal(.duration(duration))
    }

    private static func duration(_ args: [Value], at: SourceLocation) throws(QueryError) -> Value {
        guard args.count == 1 else { throw QueryError(.semanticError, "duration() takes 1 argument, got \(args.count)", at: at) }
        func invalid(_ why: String) -> QueryError {
            QueryError(.argumentError, "duration(): \(why)", at: at, detail: .invalidArgumentValue)
        }
        switch args[0] {
        case .null: return .null
        case .temporal(.duration): return args[0]
        case .string(let text):
            guard let duration = CalendarDuration(iso8601: text) else {
                throw invalid("cannot read '\(text)' as a duration (P1Y2M3DT4H5M6S)")
            }
            return .temporal(.duration(duration))
        case .map(let entries):
            var builder = DurationBuilder()
            for (key, value) in entries {
                guard let unit = DurationUnit(rawValue: key) else {
                    throw invalid("no unit `\(key)` (\(DurationUnit.allCases.map(\.rawValue).joined(separator: ", ")))")
                }
                switch value {
                case .integer(let n): builder.add(n, unit)
                case .float(let x) where x.isFinite: builder.add(x, unit)
                default:
                    throw QueryError(
                        .typeError, "duration(): `\(key)` must be a number, got \(value.typeName)", at: at, detail: .invalidArgumentType)
                }
            }
            guard let duration = builder.duration else { throw invalid("the duration does not fit in 64 bits") }
            return .temporal(.duration(duration))
        default:
            throw QueryError(
                .typeError, "duration() expects a STRING, a MAP or a DURATION, got \(args[0].typeName)", at: at,
                detail: .invalidArgumentType)
        }
    }
}
