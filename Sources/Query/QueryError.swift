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
    }

    public let code: Code
    public let message: String
    /// Where in the query text, when the error has a place there.
    public let location: SourceLocation?

    public init(_ code: Code, _ message: String, at location: SourceLocation? = nil) {
        self.code = code
        self.message = message
        self.location = location
    }

    public var description: String {
        guard let location else { return "\(code.rawValue): \(message)" }
        return "\(code.rawValue) at line \(location.line), column \(location.column): \(message)"
    }
}
