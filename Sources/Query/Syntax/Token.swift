// The tokens of the openCypher subset. Keywords are not reserved in every position in Cypher, so the
// lexer hands out words as identifiers and the parser decides, case-insensitively, which are keywords.

/// One token and where it starts.
public struct Token: Sendable, Equatable {
    /// What the token is.
    public enum Kind: Sendable, Equatable {
        /// A name or keyword; `quoted` for a `backtick` name, which is never a keyword.
        case identifier(String, quoted: Bool)
        case integer(Int64)
        /// 9223372036854775808: valid only after a minus sign (the parser checks), as -9223372036854775808.
        case integerMinMagnitude
        case float(Double)
        case string(String)
        /// `$name` or `$0`.
        case parameter(String)
        /// Punctuation and operators: ( ) [ ] { } , . .. : ; | + - * / % ^ = <> != < <= > >= =~ +=
        case symbol(String)
        case end
    }

    public let kind: Kind
    public let location: SourceLocation
    /// Scalar offset just past the token's last character (for quoting the text of an expression).
    public let end: Int

    public init(_ kind: Kind, at location: SourceLocation, end: Int? = nil) {
        self.kind = kind
        self.location = location
        self.end = end ?? location.offset
    }

    /// Whether the token is the (unquoted) keyword `word`, in any case.
    public func isKeyword(_ word: String) -> Bool {
        if case .identifier(let name, quoted: false) = kind { return name.uppercased() == word }
        return false
    }

    /// Whether the token is the symbol `text`.
    public func isSymbol(_ text: String) -> Bool {
        if case .symbol(let symbol) = kind { return symbol == text }
        return false
    }
}
