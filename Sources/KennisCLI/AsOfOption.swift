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
