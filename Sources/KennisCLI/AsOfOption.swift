import ArgumentParser
import Kennis

/// A `--as-of` value: a seq or an RFC 3339 time.
struct PositionArgument: ExpressibleByArgument {
    let position: LogPosition
    init?(argument: String) {
        guard let position = LogPosition(argument) else { return nil }
        self.position = position
    }
}

/// `--as-of SEQ|TIME`, shared by the commands that read the graph.
struct AsOfOption: ParsableArguments {
    @Option(
        name: .customLong("as-of"),
        help: ArgumentHelp("Read the graph as it stood after this seq, or at this RFC 3339 time.", valueName: "seq|time"))
    var argument: PositionArgument?

    var position: LogPosition? { argument?.position }
}

/// A `--valid-at` value: a date or date-time.
struct ValidTimeArgument: ExpressibleByArgument {
    let instant: ValidInstant
    init?(argument: String) {
        guard let instant = ValidInstant(iso8601: argument) else { return nil }
        self.instant = instant
    }
}

/// `--valid-at DATE|DATETIME`, shared by the commands that read the graph.
struct ValidAtOption: ParsableArguments {
    @Option(
        name: .customLong("valid-at"),
        help: ArgumentHelp(
            "Read the world as it was at this valid time: only what held then by its valid_from and valid_until.",
            valueName: "date|datetime"))
    var argument: ValidTimeArgument?

    var instant: ValidInstant? { argument?.instant }
}
