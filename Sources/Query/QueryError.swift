/// A query that cannot be run, with the openCypher TCK's error class, and where in the text when
/// the error has a place there.
public struct QueryError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The classes of spec/QUERY.md's Errors section.
    public enum Code: String, Sendable {
        case syntaxError = "SyntaxError"
        case semanticError = "SemanticError"
        case unsupportedFeature = "UnsupportedFeature"
        case typeError = "TypeError"
        case timeout = "Timeout"
        case limitExceeded = "LimitExceeded"
        /// Integer overflow and integer division by zero (the TCK's ArithmeticError; an addition to spec/QUERY.md's list).
        case arithmeticError = "ArithmeticError"
        /// A write the log's rules refuse (an id already taken, a kind the schema does not allow, a node
        /// deleted with its relationships): an addition to spec/QUERY.md's list; `rule` names the rule.
        case constraintViolation = "ConstraintViolation"
        /// A query that writes, run where only reading is allowed (an addition to spec/QUERY.md's list).
        case forbidden = "Forbidden"
    }

    public let code: Code
    public let message: String
    /// Where in the query text, when the error has a place there.
    public let location: SourceLocation?
    /// For a `ConstraintViolation`: the state rule of spec/EVENTS.md it breaks (as `EventInputError.rule`).
    public let rule: String?

    public init(_ code: Code, _ message: String, at location: SourceLocation? = nil, rule: String? = nil) {
        self.code = code
        self.message = message
        self.location = location
        self.rule = rule
    }

    public var description: String {
        guard let location else { return "\(code.rawValue): \(message)" }
        return "\(code.rawValue) at line \(location.line), column \(location.column): \(message)"
    }
}
