// Who may use a database through a door (HTTP, Bolt): bearer tokens, each with the name its writes are
// recorded under, read from token files; and the one check every door makes of a presented secret,
// in time that says nothing about any token.

/// A bearer token and the name it acts under (the `actor` of events appended with it).
public struct AccessToken: Sendable, Equatable {
    public let name: String
    public let secret: String

    public init(name: String, secret: String) {
        self.name = name
        self.secret = secret
    }

    /// Tokens from a token file or variable: one per line, `name:secret` or a bare `secret` (named
    /// `fallbackName`); blank lines and `#` comments are skipped.
    public static func parse(_ text: String, fallbackName: String) throws(TokenError) -> [AccessToken] {
        var tokens: [AccessToken] = []
        for (number, rawLine) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let line = String(rawLine.drop(while: \.isWhitespace).reversed().drop(while: \.isWhitespace).reversed())
            if line.isEmpty || line.hasPrefix("#") { continue }
            let parts = line.split(separator: ":", maxSplits: 1).map(String.init)
            let token = parts.count == 2 ? AccessToken(name: parts[0], secret: parts[1]) : AccessToken(name: fallbackName, secret: line)
            guard !token.name.isEmpty, token.secret.count >= 16, !token.secret.contains(where: \.isWhitespace) else {
                throw TokenError(line: number + 1, message: "a token must be at least 16 characters without spaces (name:secret or secret)")
            }
            tokens.append(token)
        }
        return tokens
    }
}

/// A token file or variable that cannot be read as tokens.
public struct TokenError: Error, Sendable, CustomStringConvertible {
    public let line: Int
    public let message: String
    public var description: String { "line \(line): \(message)" }
}

/// What a presented secret lets its holder do.
public enum AccessRole: Sendable, Equatable {
    /// An operator's token: everything a write token may, and the operations (a backup), under its name.
    case admin(String)
    /// A steward's token: a write token with the erase permission (an erasure removes personal content
    /// from the log: docs/events.md, Erasure), under its name.
    case steward(String)
    /// A write token, and the name its events are recorded under.
    case writer(String)
    /// A read token.
    case reader(String)

    /// The name writes are recorded under, for a role that may write.
    public var writerName: String? {
        switch self {
        case .admin(let name), .steward(let name), .writer(let name): name
        case .reader: nil
        }
    }

    /// The steward's name, for a role that may erase.
    public var stewardName: String? {
        if case .steward(let name) = self { return name }
        return nil
    }
}

/// The tokens of a door: admin tokens, steward (erase) tokens, write tokens, and read tokens (reads are
/// open when there are none).
public struct TokenAuthority: Sendable {
    public let adminTokens: [AccessToken]
    public let stewardTokens: [AccessToken]
    public let writeTokens: [AccessToken]
    public let readTokens: [AccessToken]

    public init(
        writeTokens: [AccessToken], readTokens: [AccessToken], adminTokens: [AccessToken] = [], stewardTokens: [AccessToken] = []
    ) {
        self.adminTokens = adminTokens
        self.stewardTokens = stewardTokens
        self.writeTokens = writeTokens
        self.readTokens = readTokens
    }

    /// Whether reading needs a token.
    public var readsNeedToken: Bool { !readTokens.isEmpty }

    /// What `presented` is, comparing it with every token in constant time; nil when it is none.
    public func role(of presented: [UInt8]) -> AccessRole? {
        // Every list is compared whatever the first says, so the time taken tells nothing either.
        let admin = Self.match(presented, adminTokens), steward = Self.match(presented, stewardTokens)
        let writer = Self.match(presented, writeTokens), reader = Self.match(presented, readTokens)
        if let admin { return .admin(admin) }
        if let steward { return .steward(steward) }
        if let writer { return .writer(writer) }
        return reader.map(AccessRole.reader)
    }

    private static func match(_ presented: [UInt8], _ tokens: [AccessToken]) -> String? {
        var found: String? = nil
        for token in tokens where constantTimeEqual(presented, Array(token.secret.utf8)) { found = found ?? token.name }
        return found
    }

    /// Equal byte strings, in time that depends on their lengths only.
    private static func constantTimeEqual(_ a: [UInt8], _ b: [UInt8]) -> Bool {
        var difference = UInt8(truncatingIfNeeded: a.count ^ b.count)
        for index in 0..<max(a.count, b.count) {
            difference |= (index < a.count ? a[index] : 0) ^ (index < b.count ? b[index] : 0)
        }
        return difference == 0
    }
}
