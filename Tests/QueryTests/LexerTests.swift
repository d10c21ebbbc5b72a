import Testing

@testable import Query

struct LexerTests {
    private func kinds(_ text: String) throws -> [Token.Kind] {
        try Lexer.tokenize(text).map(\.kind).dropLast()
    }

    @Test func aQueryBecomesTokensWithPositions() throws {
        let tokens = try Lexer.tokenize("MATCH (p:Person {name: 'Carl Moons'})\n  -[:MEMBER_OF*1..3]->(l)\nRETURN p.name, count(*) AS n")
        #expect(tokens.first?.isKeyword("MATCH") == true)
        #expect(tokens.first?.location == SourceLocation(line: 1, column: 1, offset: 0))
        let dash = try #require(tokens.first { $0.isSymbol("-") })
        #expect(dash.location.line == 2 && dash.location.column == 3)
        let range = tokens.filter { if case .integer = $0.kind { return true } else { return false } }.map(\.kind)
        #expect(range == [.integer(1), .integer(3)])
        #expect(tokens.contains { $0.isSymbol("..") })
        let returnToken = try #require(tokens.first { $0.isKeyword("RETURN") })
        #expect(returnToken.location.line == 3 && returnToken.location.column == 1)
        #expect(tokens.last?.kind == .end)
    }

    @Test func keywordsAreWordsInAnyCase() throws {
        let tokens = try Lexer.tokenize("match Return `MATCH`")
        #expect(tokens[0].isKeyword("MATCH"))
        #expect(tokens[1].isKeyword("RETURN"))
        #expect(!tokens[2].isKeyword("MATCH"))
        #expect(tokens[2].kind == .identifier("MATCH", quoted: true))
    }

    /// Literals and what they lex to.
    static let literals: [(String, Token.Kind)] = [
        ("42", .integer(42)),
        ("0x1F", .integer(31)),
        ("0o17", .integer(15)),
        ("9223372036854775807", .integer(.max)),
        ("1.5", .float(1.5)),
        (".5", .float(0.5)),
        ("1e3", .float(1000)),
        ("2.5E-1", .float(0.25)),
        ("'it''s'", .string("it")),
        (#"'a\'b'"#, .string("a'b")),
        (#""tab\there""#, .string("tab\there")),
        (#"'\u00eb'"#, .string("ë")),
        (#"'\U0001F600'"#, .string("😀")),
        ("$name", .parameter("name")),
        ("$0", .parameter("0")),
        ("`odd name`", .identifier("odd name", quoted: true)),
        ("`a``b`", .identifier("a`b", quoted: true)),
        ("Straße", .identifier("Straße", quoted: false)),
    ]

    @Test(arguments: literals)
    func literalsLex(text: String, kind: Token.Kind) throws {
        #expect(try kinds(text).first == kind)
    }

    @Test func operatorsAndComments() throws {
        #expect(
            try kinds("a <> b != c <= d >= e =~ f += g // comment\n /* block\n comment */ h") == [
                .identifier("a", quoted: false), .symbol("<>"), .identifier("b", quoted: false), .symbol("!="),
                .identifier("c", quoted: false), .symbol("<="), .identifier("d", quoted: false), .symbol(">="),
                .identifier("e", quoted: false), .symbol("=~"), .identifier("f", quoted: false), .symbol("+="),
                .identifier("g", quoted: false), .identifier("h", quoted: false),
            ])
        #expect(try kinds("<--") == [.symbol("<"), .symbol("-"), .symbol("-")])
    }

    /// Bad tokens, where the error points and what it says.
    static let errors: [(String, Int, Int, String)] = [
        ("RETURN 'open", 1, 8, "unterminated string"),
        ("RETURN\n  \"x\\q\"", 2, 5, "invalid escape"),
        ("RETURN 9223372036854775809", 1, 8, "does not fit in 64 bits"),
        ("RETURN 12abc", 1, 8, "invalid number"),
        ("RETURN 0xZZ", 1, 8, "invalid hexadecimal integer"),
        ("RETURN 1e999", 1, 8, "out of range"),
        ("MATCH (n) RETURN n # x", 1, 20, "unexpected character '#'"),
        ("RETURN `open", 1, 8, "unterminated quoted name"),
        ("RETURN $", 1, 8, "expected a parameter name"),
        ("RETURN 1 /* never closed", 1, 10, "unterminated comment"),
        ("RETURN '\\u12'", 1, 9, "hex digits"),
    ]

    @Test(arguments: errors)
    func badTokensAreSyntaxErrorsAtTheirPlace(text: String, line: Int, column: Int, phrase: String) {
        let error = #expect(throws: QueryError.self) { _ = try Lexer.tokenize(text) }
        #expect(error?.code == .syntaxError)
        #expect(error?.location?.line == line)
        #expect(error?.location?.column == column)
        #expect(error?.message.contains(phrase) == true, "\(error?.message ?? "")")
    }

    @Test func randomTextNeverCrashesTheLexer() {
        var state: UInt64 = 7
        let alphabet = Array(
            "MATCH (n:L {k: 'v'})-[r*1..2]->() WHERE n.x <> 1.5e3 RETURN $p, `q` // /* \\ \" ' \n 0x é 😀 # ~".unicodeScalars)
        for _ in 0..<2000 {
            var text = String.UnicodeScalarView()
            for _ in 0..<40 {
                state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
                text.append(alphabet[Int(state >> 33) % alphabet.count])
            }
            do {
                let tokens = try Lexer.tokenize(String(text))
                #expect(tokens.last?.kind == .end)
            } catch {
                #expect(error.location != nil)
            }
        }
    }
}
