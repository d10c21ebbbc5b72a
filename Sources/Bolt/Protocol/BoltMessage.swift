// The messages of Bolt 4.4–5.4: what a client asks (a PackStream structure whose tag names the message
// and whose fields are checked here, so the session sees only well-formed requests) and what the
// server answers (SUCCESS with metadata, RECORD, IGNORED, FAILURE with a Neo4j status code).

/// A client's message.
public enum BoltRequest: Sendable, Equatable {
    case hello(extra: PackStreamValue)
    case logon(auth: PackStreamValue)
    case logoff
    case goodbye
    case reset
    case run(query: String, parameters: PackStreamValue, extra: PackStreamValue)
    case begin(extra: PackStreamValue)
    case commit
    case rollback
    case discard(extra: PackStreamValue)
    case pull(extra: PackStreamValue)
    case route(routing: PackStreamValue, bookmarks: PackStreamValue, extra: PackStreamValue)
    case telemetry(api: Int64)

    /// The message's name, for logs and errors.
    public var name: String {
        switch self {
        case .hello: "HELLO"
        case .logon: "LOGON"
        case .logoff: "LOGOFF"
        case .goodbye: "GOODBYE"
        case .reset: "RESET"
        case .run: "RUN"
        case .begin: "BEGIN"
        case .commit: "COMMIT"
        case .rollback: "ROLLBACK"
        case .discard: "DISCARD"
        case .pull: "PULL"
        case .route: "ROUTE"
        case .telemetry: "TELEMETRY"
        }
    }

    /// The request a message's bytes hold; a `PackStreamError` naming what is wrong when they hold
    /// none (an unknown tag, a wrong number or type of fields, bytes after the structure).
    public init(message bytes: [UInt8]) throws(PackStreamError) {
        var reader = PackStreamReader(bytes)
        guard case .structure(let tag, let fields) = try reader.read() else { throw PackStreamError("a message is not a structure") }
        guard reader.isAtEnd else { throw PackStreamError("bytes follow the message's structure") }
        self = try Self.request(tag, fields)
    }

    private static func request(_ tag: UInt8, _ fields: [PackStreamValue]) throws(PackStreamError) -> BoltRequest {
        func expect(_ count: ClosedRange<Int>, _ name: String) throws(PackStreamError) {
            guard count.contains(fields.count) else {
                throw PackStreamError(
                    "\(name) has \(fields.count) fields, not \(count.lowerBound == count.upperBound ? "\(count.lowerBound)" : "\(count)")")
            }
        }
        func map(_ index: Int, _ name: String) throws(PackStreamError) -> PackStreamValue {
            guard index < fields.count else { return .map([]) }
            guard case .map = fields[index] else { throw PackStreamError("\(name)'s field \(index + 1) is not a map") }
            return fields[index]
        }
        switch tag {
        case 0x01:
            try expect(1...1, "HELLO")
            return .hello(extra: try map(0, "HELLO"))
        case 0x6A:
            try expect(1...1, "LOGON")
            return .logon(auth: try map(0, "LOGON"))
        case 0x6B:
            try expect(0...0, "LOGOFF")
            return .logoff
        case 0x02:
            try expect(0...0, "GOODBYE")
            return .goodbye
        case 0x0F:
            try expect(0...0, "RESET")
            return .reset
        case 0x10:
            try expect(2...3, "RUN")
            guard case .string(let query) = fields[0] else { throw PackStreamError("RUN's query is not a string") }
            return .run(query: query, parameters: try map(1, "RUN"), extra: try map(2, "RUN"))
        case 0x11:
            try expect(0...1, "BEGIN")
            return .begin(extra: try map(0, "BEGIN"))
        case 0x12:
            try expect(0...0, "COMMIT")
            return .commit
        case 0x13:
            try expect(0...0, "ROLLBACK")
            return .rollback
        case 0x2F:
            try expect(0...1, "DISCARD")
            return .discard(extra: try map(0, "DISCARD"))
        case 0x3F:
            try expect(0...1, "PULL")
            return .pull(extra: try map(0, "PULL"))
        case 0x66:
            try expect(3...3, "ROUTE")
            // 4.4 names the database as a string (or null) where 5.x gives a map.
            let extra: PackStreamValue =
                if case .string(let db) = fields[2] { .map([("db", .string(db))]) } else { fields[2] == .null ? .map([]) : fields[2] }
            return .route(routing: try map(0, "ROUTE"), bookmarks: fields[1], extra: extra)
        case 0x54:
            try expect(1...1, "TELEMETRY")
            guard case .integer(let api) = fields[0] else { throw PackStreamError("TELEMETRY's api is not an integer") }
            return .telemetry(api: api)
        default:
            throw PackStreamError("unknown message tag 0x\(String(tag, radix: 16, uppercase: true))")
        }
    }
}

/// The server's answer to a message.
public enum BoltResponse: Sendable, Equatable {
    case success(PackStreamValue)
    case record([PackStreamValue])
    case ignored
    case failure(code: String, message: String)

    /// As PackStream bytes (not yet chunked).
    public var bytes: [UInt8] {
        var writer = PackStreamWriter()
        switch self {
        case .success(let metadata): writer.write(.structure(tag: 0x70, fields: [metadata]))
        case .record(let values): writer.write(.structure(tag: 0x71, fields: [.list(values)]))
        case .ignored: writer.write(.structure(tag: 0x7E, fields: []))
        case .failure(let code, let message):
            writer.write(.structure(tag: 0x7F, fields: [.map([("code", .string(code)), ("message", .string(message))])]))
        }
        return writer.bytes
    }
}
