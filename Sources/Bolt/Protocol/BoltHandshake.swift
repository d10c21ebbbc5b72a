// The opening of a Bolt connection: the client sends the magic preamble 0x6060B017 and four version
// proposals of four bytes each — [0, range, minor, major]: major.minor and the `range` minor versions
// below it — and the server answers the version it chooses (the highest both speak) or four zero bytes,
// and then closes.

/// A Bolt protocol version.
public struct BoltVersion: Sendable, Hashable, Comparable, CustomStringConvertible {
    public let major: UInt8
    public let minor: UInt8

    public init(_ major: UInt8, _ minor: UInt8) {
        self.major = major
        self.minor = minor
    }

    public static func < (a: BoltVersion, b: BoltVersion) -> Bool { (a.major, a.minor) < (b.major, b.minor) }

    public var description: String { "\(major).\(minor)" }

    /// As the handshake's answer writes it.
    public var bytes: [UInt8] { [0, 0, minor, major] }

    /// Since 5.1, authentication is a LOGON message of its own rather than part of HELLO.
    public var hasLogon: Bool { self >= BoltVersion(5, 1) }

    /// Since 5.0, nodes and relationships carry element ids.
    public var hasElementIds: Bool { major >= 5 }
}

public enum BoltHandshake {
    /// The four bytes a Bolt connection starts with.
    public static let preamble: [UInt8] = [0x60, 0x60, 0xB0, 0x17]
    /// What the handshake takes: the preamble and four proposals.
    public static let length = 20
    /// The versions this server speaks, the preferred first.
    public static let supported: [BoltVersion] = [
        BoltVersion(5, 4), BoltVersion(5, 3), BoltVersion(5, 2), BoltVersion(5, 1), BoltVersion(5, 0), BoltVersion(4, 4),
    ]
    /// The answer when no proposal can be met.
    public static let noVersion: [UInt8] = [0, 0, 0, 0]

    /// The version to speak for a 20-byte handshake; nil when it is not Bolt or proposes nothing this
    /// server speaks. Proposals are tried in the client's order (its preference), each for the highest
    /// version of its range that is supported.
    public static func negotiate(_ handshake: [UInt8]) -> BoltVersion? {
        guard handshake.count == length, Array(handshake.prefix(4)) == preamble else { return nil }
        for index in 0..<4 {
            let proposal = handshake[4 + 4 * index..<8 + 4 * index].map { $0 }
            let range = proposal[1], minor = proposal[2], major = proposal[3]
            // Bolt 5.7's manifest proposal (0x000001FF) and empty slots ask for nothing we speak.
            guard major != 0, major != 0xFF else { continue }
            let lowest = minor >= range ? minor - range : 0
            if let chosen = supported.first(where: { $0.major == major && $0.minor <= minor && $0.minor >= lowest }) {
                return chosen
            }
        }
        return nil
    }
}
