// Reading requests and writing responses the same way on every route: bodies within the size limit,
// query parameters with clear errors, `as_of` as a seq or a time, JSON bodies, and blocking work
// (queries, LMDB transactions) off the event loops and the cooperative pool.
import HTTPTypes
import Hummingbird
import Kennis
import NIOCore

extension Request {
    /// The whole body, at most `limit` bytes (413 above it).
    mutating func bodyBytes(limit: Int) async throws -> [UInt8] {
        if let length = headers[.contentLength].flatMap(Int.init), length > limit { throw Self.tooLarge(limit) }
        do {
            var buffer = try await body.collect(upTo: limit)
            return buffer.readBytes(length: buffer.readableBytes) ?? []
        } catch is NIOTooManyBytesError {
            throw Self.tooLarge(limit)
        }
    }

    private static func tooLarge(_ limit: Int) -> APIError {
        APIError(.contentTooLarge, "PayloadTooLarge", "the body is larger than the server's limit of \(limit) bytes")
    }

    /// The query parameter `name`, if given (the first, if given twice), percent-decoded; 400 when its
    /// escapes are malformed or it is not UTF-8, which is refused rather than altered.
    func parameter(_ name: String) throws(APIError) -> String? {
        guard let query = uri.query else { return nil }
        for pair in query.split(separator: "&") {
            let equals = pair.firstIndex(of: "=") ?? pair.endIndex
            guard try percentDecoded(pair[..<equals], formEncoded: true, "a query parameter's name") == name else { continue }
            let value = equals == pair.endIndex ? "" : pair[pair.index(after: equals)...]
            return try percentDecoded(value, formEncoded: true, "the query parameter \(name)")
        }
        return nil
    }

    /// The query parameter `name` as a non-negative integer, if given (400 if it is not one).
    func integerParameter(_ name: String) throws(APIError) -> UInt64? {
        guard let text = try parameter(name) else { return nil }
        guard let value = UInt64(text) else { throw .badRequest("\(name) must be a non-negative integer, not '\(text)'") }
        return value
    }

    /// `?as_of=`: a seq or an RFC 3339 time (or a date).
    func asOfParameter() throws(APIError) -> LogPosition? { try positionParameter("as_of") }

    /// `?valid_at=`: a date or date-time (UTC unless it says otherwise).
    func validAtParameter() throws(APIError) -> ValidInstant? {
        guard let text = try parameter("valid_at") else { return nil }
        guard let instant = ValidInstant(iso8601: text) else { throw .badRequest(Self.badValidAt(text)) }
        return instant
    }

    static func badValidAt(_ text: String) -> String {
        "valid_at must be an ISO 8601 date or date-time such as 2024-06-01 or 2024-06-01T12:00+02:00, not '\(text)'"
    }

    /// The query parameter `name` as a position: a seq or an RFC 3339 time (or a date), if given.
    func positionParameter(_ name: String) throws(APIError) -> LogPosition? {
        guard let text = try parameter(name) else { return nil }
        guard let position = LogPosition(text) else {
            throw .badRequest("\(name) must be a seq or an RFC 3339 time such as 2026-01-01T00:00:00Z, not '\(text)'")
        }
        return position
    }

    /// Whether the client takes gzip (`Accept-Encoding: gzip`, not refused with `;q=0`).
    var acceptsGzip: Bool {
        guard let header = headers[.acceptEncoding] else { return false }
        return header.split(separator: ",").contains { coding in
            let parts = coding.split(separator: ";").map { $0.trimmingWhitespace() }
            guard parts.first == "gzip" || parts.first == "*" else { return false }
            return !parts.dropFirst().contains { $0.replacing(" ", with: "") == "q=0" || $0.replacing(" ", with: "") == "q=0.0" }
        }
    }

    /// Whether If-None-Match names `etag` (a quoted tag, compared weakly) or is `*`: the client has it.
    func ifNoneMatch(_ etag: String) -> Bool {
        guard let header = headers[.ifNoneMatch] else { return false }
        return header.split(separator: ",").contains { tag in
            let trimmed = tag.drop(while: \.isWhitespace)
            let bare = trimmed.hasPrefix("W/") ? trimmed.dropFirst(2) : trimmed
            return bare == "*" || bare == etag
        }
    }

    /// Whether the client asked for `type` (in Accept) more than for JSON.
    func accepts(_ type: String) -> Bool {
        guard let accept = headers[.accept] else { return false }
        return accept.split(separator: ",").contains { $0.drop(while: \.isWhitespace).hasPrefix(type) }
    }
}

extension Parameters {
    /// The path parameter `name`, percent-decoded (Hummingbird leaves `%3E` as it came; a browser
    /// encodes the `>` of a relation id that way).
    func decoded(_ name: String) throws(APIError) -> String {
        guard let raw = get(name) else { throw .badRequest("the path has no \(name)") }
        return try percentDecoded(raw[...], formEncoded: false, "the path's \(name)")
    }
}

/// `text` with its `%XX` escapes (and, in a query string, `+` for a space) decoded; 400 naming `what`
/// when an escape is malformed or the bytes are not UTF-8.
private func percentDecoded(_ text: Substring, formEncoded: Bool, _ what: String) throws(APIError) -> String {
    var bytes: [UInt8] = []
    var utf8 = text.utf8[...]
    while let byte = utf8.popFirst() {
        if formEncoded && byte == UInt8(ascii: "+") {
            bytes.append(UInt8(ascii: " "))
            continue
        }
        guard byte == UInt8(ascii: "%") else {
            bytes.append(byte)
            continue
        }
        guard utf8.count >= 2, let value = UInt8(String(decoding: utf8.prefix(2), as: UTF8.self), radix: 16) else {
            throw .badRequest("\(what) has a bad percent escape")
        }
        bytes.append(value)
        utf8 = utf8.dropFirst(2)
    }
    guard let decoded = String(validating: bytes, as: UTF8.self) else { throw .badRequest("\(what) is not valid UTF-8") }
    return decoded
}

/// The body as text; 400 when it is not UTF-8 (bad bytes are refused, never replaced).
func utf8Text(_ body: [UInt8]) throws(APIError) -> String {
    guard let text = String(validating: body, as: UTF8.self) else {
        throw .badRequest("the body is not valid UTF-8 (\(invalidUTF8Description(body)))")
    }
    return text
}

/// Where the first invalid UTF-8 sequence of `bytes` starts, for error messages.
private func invalidUTF8Description(_ bytes: [UInt8]) -> String {
    var iterator = bytes.makeIterator()
    var decoder = UTF8()
    var offset = 0
    while true {
        switch decoder.decode(&iterator) {
        case .scalarValue(let scalar): offset += UTF8.width(scalar)
        case .emptyInput: return "at the end"
        case .error: return "at byte \(offset)"
        }
    }
}

extension ServerContext {
    /// The view at `position` (now when nil); 400 when the position is not in the log.
    func view(at position: LogPosition?) throws(APIError) -> GraphView {
        try Self.positions { try database.view(at: position) }
    }

    /// What `work` returns, its position errors (a seq past the head) as 400s.
    static func positions<T>(_ work: () throws -> T) throws(APIError) -> T {
        do {
            return try work()
        } catch let error as PositionError {
            throw .badRequest(error.description)
        } catch {
            throw APIError(.internalServerError, "InternalError", "\(error)")
        }
    }
}

extension Substring {
    /// Without leading and trailing whitespace.
    fileprivate func trimmingWhitespace() -> Substring {
        let start = firstIndex { !$0.isWhitespace } ?? endIndex
        let end = lastIndex { !$0.isWhitespace }.map { index(after: $0) } ?? start
        return self[start..<end]
    }
}

/// Runs blocking work on the worker threads, so that neither the event loops nor Swift's cooperative
/// threads wait for LMDB or a long query, and a deeply nested query has the stack it needs.
func offload<T: Sendable>(_ work: @escaping @Sendable () throws -> T) async throws -> T {
    try await WorkerThreads.shared.run(work)
}

/// A response with a JSON body.
func jsonResponse(_ status: HTTPResponse.Status = .ok, _ body: String, headers: HTTPFields = [:]) -> Response {
    jsonResponse(status, ByteBuffer(string: body), headers: headers)
}

/// A response with a JSON body already in bytes.
func jsonResponse(_ status: HTTPResponse.Status = .ok, _ body: ByteBuffer, headers: HTTPFields = [:]) -> Response {
    var headers = headers
    headers[.contentType] = "application/json; charset=utf-8"
    return Response(status: status, headers: headers, body: ResponseBody(byteBuffer: body))
}

/// A JSON body written with a JSONWriter.
func jsonBody(_ write: (inout JSONWriter) -> Void) -> String {
    var json = JSONWriter()
    write(&json)
    return json.string
}
