// Lexer: query text → tokens, each with its line and column. It consumes the whole text, skips
// whitespace and comments (`// …` and `/* … */`), and guarantees that every token it hands out is well
// formed: numbers fit their type, strings are closed and their escapes valid. A bad token is a
// SyntaxError at its position.

/// Splits a query into tokens.
public struct Lexer {
    private let scalars: [Unicode.Scalar]
    private var position = 0
    private var line = 1
    private var lineStart = 0

    public init(_ text: String) { scalars = Array(text.unicodeScalars) }

    /// Every token of the text, ending with `.end`.
    public static func tokenize(_ text: String) throws(QueryError) -> [Token] {
        var lexer = Lexer(text)
        var tokens: [Token] = []
        while true {
            let token = try lexer.next()
            tokens.append(token)
            if token.kind == .end { return tokens }
        }
    }

    private var location: SourceLocation {
        SourceLocation(line: line, column: position - lineStart + 1, offset: position)
    }

    private func peek(_ ahead: Int = 0) -> Unicode.Scalar? {
        position + ahead < scalars.count ? scalars[position + ahead] : nil
    }

    private mutating func advance() {
        if scalars[position] == "\n" {
            line += 1
            lineStart = position + 1
        }
        position += 1
    }

    /// The next token.
    public mutating func next() throws(QueryError) -> Token {
        try skipSpaceAndComments()
        let start = location
        let kind = try scan(at: start)
        return Token(kind, at: start, end: position)
    }

    /// The text between two scalar offsets (for the column name of an unaliased RETURN item).
    public func text(from start: Int, to end: Int) -> String {
        String(String.UnicodeScalarView(scalars[start..<min(end, scalars.count)]))
    }

    private mutating func scan(at start: SourceLocation) throws(QueryError) -> Token.Kind {
        guard let c = peek() else { return .end }
        if c == "`" { return try quotedName() }
        if isNameStart(c) { return .identifier(name(), quoted: false) }
        if ("0"..."9").contains(c) { return try number(at: start) }
        if c == ".", let d = peek(1), ("0"..."9").contains(d) { return try number(at: start) }
        if c == "'" || c == "\"" { return .string(try string(quote: c, at: start)) }
        if c == "$" { return try parameter(at: start) }
        return .symbol(try symbol(at: start))
    }

    private mutating func skipSpaceAndComments() throws(QueryError) {
        while let c = peek() {
            if c.properties.isWhitespace {
                advance()
            } else if c == "/" && peek(1) == "/" {
                while let d = peek(), d != "\n" { advance() }
            } else if c == "/" && peek(1) == "*" {
                let start = location
                advance()
                advance()
                while true {
                    guard let d = peek() else { throw QueryError(.syntaxError, "unterminated comment: expected '*/'", at: start) }
                    if d == "*" && peek(1) == "/" {
                        advance()
                        advance()
                        break
                    }
                    advance()
                }
            } else {
                return
            }
        }
    }

    private func isNameStart(_ c: Unicode.Scalar) -> Bool { c == "_" || c.properties.isAlphabetic }
    private func isNamePart(_ c: Unicode.Scalar) -> Bool { c == "_" || c.properties.isAlphabetic || ("0"..."9").contains(c) }

    private mutating func name() -> String {
        var text = String.UnicodeScalarView()
        while let c = peek(), isNamePart(c) {
            text.append(c)
            advance()
        }
        return String(text)
    }

    /// A `backtick-quoted` name; a doubled backtick stands for one.
    private mutating func quotedName() throws(QueryError) -> Token.Kind {
        let start = location
        advance()
        var text = String.UnicodeScalarView()
        while true {
            guard let c = peek() else { throw QueryError(.syntaxError, "unterminated quoted name: expected '`'", at: start) }
            advance()
            if c == "`" {
                if peek() == "`" {
                    text.append("`")
                    advance()
                    continue
                }
                break
            }
            text.append(c)
        }
        guard !text.isEmpty else { throw QueryError(.syntaxError, "a quoted name must not be empty", at: start) }
        return .identifier(String(text), quoted: true)
    }

    private mutating func number(at start: SourceLocation) throws(QueryError) -> Token.Kind {
        var text = ""
        if peek() == "0", let x = peek(1), x == "x" || x == "o" {
            advance()
            advance()
            let radix = x == "x" ? 16 : 8
            while let c = peek(), isNamePart(c) {
                text.unicodeScalars.append(c)
                advance()
            }
            // The magnitude of the smallest integer only follows a minus sign (`-0x8000000000000000`).
            if UInt64(text, radix: radix) == 1 << 63 { return .integerMinMagnitude }
            guard let value = Int64(text, radix: radix) else {
                throw QueryError(
                    .syntaxError, "invalid \(radix == 16 ? "hexadecimal" : "octal") integer '0\(x)\(text)'", at: start,
                    detail: .invalidNumberLiteral)
            }
            return .integer(value)
        }
        var isFloat = false
        func digits() {
            while let c = peek(), ("0"..."9").contains(c) {
                text.unicodeScalars.append(c)
                advance()
            }
        }
        digits()
        // A '.' followed by a digit is a fraction; `1..3` is a range, not a float.
        if peek() == ".", let d = peek(1), ("0"..."9").contains(d) {
            isFloat = true
            text.append(".")
            advance()
            digits()
        }
        if let e = peek(), e == "e" || e == "E" {
            let sign = peek(1)
            let hasSign = sign == "+" || sign == "-"
            if let d = peek(hasSign ? 2 : 1), ("0"..."9").contains(d) {
                isFloat = true
                text.append("e")
                advance()
                if hasSign {
                    text.unicodeScalars.append(sign!)
                    advance()
                }
                digits()
            }
        }
        if let c = peek(), isNameStart(c) {
            throw QueryError(.syntaxError, "invalid number: '\(text)' followed by '\(c)'", at: start)
        }
        if isFloat {
            guard let value = Double(text.hasPrefix(".") ? "0" + text : text), value.isFinite else {
                throw QueryError(.syntaxError, "the float \(text) is out of range", at: start)
            }
            return .float(value)
        }
        guard let value = Int64(text) else {
            if text.drop(while: { $0 == "0" }) == "9223372036854775808" { return .integerMinMagnitude }
            throw QueryError(.syntaxError, "the integer \(text) does not fit in 64 bits", at: start)
        }
        return .integer(value)
    }

    private mutating func string(quote: Unicode.Scalar, at start: SourceLocation) throws(QueryError) -> String {
        advance()
        var text = String.UnicodeScalarView()
        while true {
            guard let c = peek() else { throw QueryError(.syntaxError, "unterminated string: expected \(quote)", at: start) }
            if c == quote {
                advance()
                return String(text)
            }
            if c == "\\" {
                let escape = location
                advance()
                guard let e = peek() else { throw QueryError(.syntaxError, "unterminated string: expected \(quote)", at: start) }
                advance()
                switch e {
                case "\\", "'", "\"": text.append(e)
                case "n": text.append("\n")
                case "t": text.append("\t")
                case "r": text.append("\r")
                case "b": text.append("\u{08}")
                case "f": text.append("\u{0C}")
                case "u", "U":
                    let width = e == "u" ? 4 : 8
                    var hex = ""
                    for _ in 0..<width {
                        guard let h = peek(), h.properties.isASCIIHexDigit else {
                            throw QueryError(.syntaxError, "expected \(width) hex digits after '\\\(e)'", at: escape)
                        }
                        hex.unicodeScalars.append(h)
                        advance()
                    }
                    guard let value = UInt32(hex, radix: 16), let scalar = Unicode.Scalar(value) else {
                        throw QueryError(.syntaxError, "'\\\(e)\(hex)' is not a Unicode scalar", at: escape)
                    }
                    text.append(scalar)
                default:
                    throw QueryError(.syntaxError, "invalid escape '\\\(e)' in a string", at: escape)
                }
                continue
            }
            text.append(c)
            advance()
        }
    }

    private mutating func parameter(at start: SourceLocation) throws(QueryError) -> Token.Kind {
        advance()
        if peek() == "`", case .identifier(let name, _) = try quotedName() { return .parameter(name) }
        guard let c = peek(), isNamePart(c) else { throw QueryError(.syntaxError, "expected a parameter name after '$'", at: start) }
        return .parameter(name())
    }

    private static let twoCharacterSymbols: Set<String> = ["..", "<>", "!=", "<=", ">=", "=~", "+="]
    private static let singleSymbols: Set<Unicode.Scalar> = [
        "(", ")", "[", "]", "{", "}", ",", ".", ":", ";", "|", "+", "-", "*", "/", "%", "^", "=", "<", ">",
    ]

    private mutating func symbol(at start: SourceLocation) throws(QueryError) -> String {
        let c = peek()!
        if let d = peek(1) {
            let pair = String(String.UnicodeScalarView([c, d]))
            if Self.twoCharacterSymbols.contains(pair) {
                advance()
                advance()
                return pair
            }
        }
        guard Self.singleSymbols.contains(c) else {
            throw QueryError(.syntaxError, "unexpected character '\(c)'", at: start)
        }
        advance()
        return String(c)
    }
}
