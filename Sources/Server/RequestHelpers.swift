// Reading requests and writing responses the same way on every route: bodies within the size limit,
// query parameters with clear errors, `as_of` as a seq or a time, JSON bodies, and blocking work
// (queries, LMDB transactions) off the event loops and the cooperative pool.
import EventLog
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

    /// The query parameter `name`, if given.
    func parameter(_ name: String) -> String? { uri.queryParameters[name[...]].map(String.init) }

    /// The query parameter `name` as a non-negative integer, if given (400 if it is not one).
    func integerParameter(_ name: String) throws(APIError) -> UInt64? {
        guard let text = parameter(name) else { return nil }
        guard let value = UInt64(text) else { throw .badRequest("\(name) must be a non-negative integer, not '\(text)'") }
        return value
    }

    /// `?as_of=`: a seq or an RFC 3339 time (or a date).
    func asOfParameter() throws(APIError) -> LogPosition? {
        guard let text = parameter("as_of") else { return nil }
        guard let position = LogPosition(text) else {
            throw .badRequest("as_of must be a seq or an RFC 3339 time such as 2026-01-01T00:00:00Z, not '\(text)'")
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
        var bytes: [UInt8] = []
        var utf8 = Array(raw.utf8)[...]
        while let byte = utf8.popFirst() {
            guard byte == UInt8(ascii: "%") else {
                bytes.append(byte)
                continue
            }
            guard utf8.count >= 2, let value = UInt8(String(decoding: utf8.prefix(2), as: UTF8.self), radix: 16) else {
                throw .badRequest("the path's \(name) has a bad percent escape")
            }
            bytes.append(value)
            utf8 = utf8.dropFirst(2)
        }
        guard let text = String(validating: bytes, as: UTF8.self) else { throw .badRequest("the path's \(name) is not UTF-8") }
        return text
    }
}

extension ServerContext {
    /// The view at `position` (now when nil); 400 when the position is not in the log.
    func view(at position: LogPosition?) throws(APIError) -> GraphView {
        do {
            return try database.view(at: position)
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
