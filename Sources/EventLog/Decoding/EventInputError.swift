/// Where an event came from: a line of a file (or of standard input, or of a request body), or a
/// position in a batch.
public struct EventLocation: Sendable, Hashable, CustomStringConvertible {
    /// File name as the user gave it (`<stdin>`, `<argument>`, `<request>` for other sources).
    public var file: String
    /// 1-based line number within `file`.
    public var line: Int

    public init(file: String, line: Int) {
        self.file = file
        self.line = line
    }

    public var description: String { "\(file):\(line)" }
}

/// Why an event was rejected before anything was written: where, which field, and what is wrong.
///
/// Rendered as `FILE:LINE: field: what is wrong` (or `FILE:LINE:COLUMN: …` for JSON syntax).
public struct EventInputError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The event's place in its input; nil when the event came from code, not text.
    public var location: EventLocation?
    /// 0-based position of the rejected event in its batch.
    public var index: Int?
    /// 1-based byte column in the line, for JSON syntax errors and field values.
    public var column: Int?
    /// The field at fault (`id`, `props.name`, `labels[1]`), or nil when the whole event or line is.
    public var field: String?
    /// What is wrong, as a short phrase.
    public var message: String
    /// The state rule of docs/events.md the event breaks (`already exists`, `not live`, …), when it
    /// is well formed but does not fit the log's state.
    public var rule: String?

    public init(
        field: String?, message: String, column: Int? = nil, location: EventLocation? = nil, index: Int? = nil, rule: String? = nil
    ) {
        self.field = field
        self.message = message
        self.rule = rule
        self.column = column
        self.location = location
        self.index = index
    }

    public var description: String {
        var parts: [String] = []
        if let location {
            parts.append(field == nil && column != nil ? "\(location):\(column!)" : location.description)
        } else if let index {
            parts.append("event \(index)")
        }
        if let field { parts.append(field) }
        parts.append(message)
        return parts.joined(separator: ": ")
    }
}
