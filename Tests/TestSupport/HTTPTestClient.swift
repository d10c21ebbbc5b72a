// A small HTTP/1.1 client over a real loopback socket, for the server's tests: one request per
// connection (`Connection: close`), chunked bodies decoded, and Server-Sent Events read as they come.
// Written on POSIX sockets so that what the tests see is exactly what went over the wire.
#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// A response as read from the socket.
public struct HTTPTestResponse: Sendable {
    public let status: Int
    /// Header names lowercased.
    public let headers: [String: String]
    /// The body's bytes (decoded from chunks, not from any Content-Encoding).
    public let rawBody: [UInt8]
    /// The body as UTF-8 text.
    public var body: String { String(decoding: rawBody, as: UTF8.self) }
}

/// What went wrong talking to the server.
public struct HTTPTestError: Error, CustomStringConvertible {
    public let description: String
    public init(description: String) { self.description = description }
}

/// Requests to a server on 127.0.0.1.
public struct HTTPTestClient: Sendable {
    public let port: Int

    public init(port: Int) { self.port = port }

    /// Sends one request and reads the whole response; `pacing` hears the bytes read so far after each
    /// read (a slow client sleeps in it).
    public func request(
        _ method: String, _ path: String, headers: [String: String] = [:], body: [UInt8] = [], pacing: ((Int) -> Void)? = nil
    ) throws -> HTTPTestResponse {
        let socket = try Connection(port: port, timeoutSeconds: 60)
        try socket.send(Self.head(method, path, headers, bodyLength: body.count) + body)
        var bytes: [UInt8] = []
        while let chunk = try socket.receive() {
            bytes += chunk
            pacing?(bytes.count)
        }
        guard let split = Self.endOfHead(bytes) else { throw HTTPTestError(description: "no response head in \(bytes.count) bytes") }
        let (status, fields) = try Self.parseHead(Array(bytes[..<split]))
        var content = Array(bytes[(split + 4)...])
        if fields["transfer-encoding"]?.lowercased() == "chunked" {
            var decoder = ChunkDecoder()
            content = try decoder.feed(content)
        }
        return HTTPTestResponse(status: status, headers: fields, rawBody: content)
    }

    /// Sends `bytes` as they are and reads every response until the server closes the connection
    /// (or, with `finish`, after ending the sending side).
    public func exchange(_ bytes: [UInt8], finish: Bool = true, timeoutSeconds: Int = 30) throws -> [HTTPTestResponse] {
        let socket = try Connection(port: port, timeoutSeconds: timeoutSeconds)
        try socket.send(bytes)
        if finish { socket.finishSending() }
        return try Self.responses(in: socket.receiveAll())
    }

    /// The responses in `bytes`, each framed by its Content-Length.
    public static func responses(in bytes: [UInt8]) throws -> [HTTPTestResponse] {
        var rest = bytes[...]
        var responses: [HTTPTestResponse] = []
        while let split = endOfHead(Array(rest)) {
            let head = Array(rest.prefix(split))
            let (status, fields) = try parseHead(head)
            let length = fields["content-length"].flatMap(Int.init) ?? 0
            let start = rest.startIndex + split + 4
            guard rest.endIndex - start >= length else { throw HTTPTestError(description: "a response body was cut short") }
            responses.append(HTTPTestResponse(status: status, headers: fields, rawBody: Array(rest[start..<(start + length)])))
            rest = rest[(start + length)...]
        }
        return responses
    }

    public func request(_ method: String, _ path: String, headers: [String: String] = [:], body: String) throws -> HTTPTestResponse {
        try request(method, path, headers: headers, body: Array(body.utf8))
    }

    static func head(_ method: String, _ path: String, _ headers: [String: String], bodyLength: Int) -> [UInt8] {
        var text = "\(method) \(path) HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n"
        if bodyLength > 0 || method == "POST" { text += "Content-Length: \(bodyLength)\r\n" }
        for (name, value) in headers.sorted(by: { $0.key < $1.key }) { text += "\(name): \(value)\r\n" }
        return Array((text + "\r\n").utf8)
    }

    static func endOfHead(_ bytes: [UInt8]) -> Int? {
        guard bytes.count >= 4 else { return nil }
        for index in 0...(bytes.count - 4)
        where bytes[index] == 13 && bytes[index + 1] == 10 && bytes[index + 2] == 13 && bytes[index + 3] == 10 {
            return index
        }
        return nil
    }

    static func parseHead(_ bytes: [UInt8]) throws -> (Int, [String: String]) {
        let lines = String(decoding: bytes, as: UTF8.self).split(separator: "\r\n", omittingEmptySubsequences: false)
        let statusLine = lines.first?.split(separator: " ") ?? []
        guard statusLine.count >= 2, let status = Int(statusLine[1]) else { throw HTTPTestError(description: "bad status line") }
        var fields: [String: String] = [:]
        for line in lines.dropFirst() {
            guard let colon = line.firstIndex(of: ":") else { continue }
            fields[line[..<colon].lowercased()] = String(line[line.index(after: colon)...].drop(while: { $0 == " " }))
        }
        return (status, fields)
    }
}

/// One Server-Sent Event.
public struct ServerSentEvent: Sendable, Equatable {
    public var id: String?
    public var event: String?
    public var data: String
}

/// An open event stream: events are read as the server sends them. Used by one task at a time (the
/// test hands it to a reading thread and waits), hence unchecked.
public final class HTTPEventStream: @unchecked Sendable {
    private let socket: Connection
    public private(set) var status = 0
    public private(set) var headers: [String: String] = [:]
    private var chunked = false
    private var decoder = ChunkDecoder()
    private var text: [UInt8] = []

    /// Opens `path` and reads the response head. Reads wait up to a minute: the test process shares
    /// two cores with synchronous, CPU-heavy tests that can hold Swift's cooperative threads (and so
    /// the in-process server) for several seconds.
    public init(port: Int, path: String, headers: [String: String] = [:], timeoutSeconds: Int = 60) throws {
        socket = try Connection(port: port, timeoutSeconds: timeoutSeconds)
        var request = headers
        request["Accept"] = "text/event-stream"
        try socket.send(HTTPTestClient.head("GET", path, request, bodyLength: 0))
        var bytes: [UInt8] = []
        while HTTPTestClient.endOfHead(bytes) == nil {
            guard let chunk = try socket.receive() else { throw HTTPTestError(description: "the stream closed before its head") }
            bytes += chunk
        }
        let split = HTTPTestClient.endOfHead(bytes)!
        (status, self.headers) = try HTTPTestClient.parseHead(Array(bytes[..<split]))
        chunked = self.headers["transfer-encoding"]?.lowercased() == "chunked"
        try take(Array(bytes[(split + 4)...]))
    }

    /// The next event (comments and `retry:` lines skipped); nil when the server closed the stream.
    public func next() throws -> ServerSentEvent? {
        while true {
            if let end = Self.blankLine(in: text) {
                let block = String(decoding: text[..<end], as: UTF8.self)
                text.removeFirst(end + 2)
                var event = ServerSentEvent(id: nil, event: nil, data: "")
                var hasData = false
                for line in block.split(separator: "\n") {
                    if line.hasPrefix("id: ") { event.id = String(line.dropFirst(4)) }
                    if line.hasPrefix("event: ") { event.event = String(line.dropFirst(7)) }
                    if line.hasPrefix("data: ") {
                        event.data += (hasData ? "\n" : "") + line.dropFirst(6)
                        hasData = true
                    }
                }
                if hasData { return event }
                continue
            }
            guard let chunk = try socket.receive() else { return nil }
            try take(chunk)
        }
    }

    private func take(_ bytes: [UInt8]) throws {
        text += chunked ? try decoder.feed(bytes) : bytes
    }

    private static func blankLine(in bytes: [UInt8]) -> Int? {
        guard bytes.count >= 2 else { return nil }
        for index in 0..<(bytes.count - 1) where bytes[index] == 10 && bytes[index + 1] == 10 { return index }
        return nil
    }

    /// Stops reading without closing (the client stalls; its kernel buffer fills).
    public func close() { socket.close() }
}

/// Decodes a chunked body incrementally.
struct ChunkDecoder {
    private var pending: [UInt8] = []
    private var remaining = 0
    private var finished = false

    mutating func feed(_ bytes: [UInt8]) throws -> [UInt8] {
        pending += bytes
        var out: [UInt8] = []
        while !finished {
            if remaining > 0 {
                let take = min(remaining, pending.count)
                out += pending[..<take]
                pending.removeFirst(take)
                remaining -= take
                if remaining > 0 { break }
                // The CRLF after the chunk.
                guard pending.count >= 2 else {
                    remaining = -2
                    break
                }
                pending.removeFirst(2)
                continue
            }
            if remaining == -2 {
                guard pending.count >= 2 else { break }
                pending.removeFirst(2)
                remaining = 0
            }
            guard let lineEnd = (0..<max(0, pending.count - 1)).first(where: { pending[$0] == 13 && pending[$0 + 1] == 10 }) else { break }
            let sizeText = String(decoding: pending[..<lineEnd], as: UTF8.self).split(separator: ";").first ?? ""
            guard let size = Int(sizeText, radix: 16) else { throw HTTPTestError(description: "bad chunk size '\(sizeText)'") }
            pending.removeFirst(lineEnd + 2)
            if size == 0 {
                finished = true
                break
            }
            remaining = size
        }
        return out
    }
}

/// A blocking TCP connection to 127.0.0.1.
public final class Connection {
    private var descriptor: Int32

    public init(port: Int, timeoutSeconds: Int) throws {
        #if canImport(Glibc)
            descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        #else
            descriptor = socket(AF_INET, SOCK_STREAM, 0)
        #endif
        guard descriptor >= 0 else { throw HTTPTestError(description: "socket() failed") }
        var timeout = timeval(tv_sec: timeoutSeconds, tv_usec: 0)
        setsockopt(descriptor, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(descriptor, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard connected == 0 else {
            Glibc.close(descriptor)
            throw HTTPTestError(description: "cannot connect to 127.0.0.1:\(port)")
        }
    }

    public func send(_ bytes: [UInt8]) throws {
        var offset = 0
        while offset < bytes.count {
            let sent = bytes[offset...].withUnsafeBytes { write(descriptor, $0.baseAddress, $0.count) }
            guard sent > 0 else { throw HTTPTestError(description: "the connection closed while sending") }
            offset += sent
        }
    }

    /// The next bytes, or nil at the end of the stream; throws on a timeout.
    public func receive() throws -> [UInt8]? {
        var buffer = [UInt8](repeating: 0, count: 1 << 16)
        let count = buffer.withUnsafeMutableBytes { read(descriptor, $0.baseAddress, $0.count) }
        if count == 0 { return nil }
        guard count > 0 else { throw HTTPTestError(description: "read failed or timed out (errno \(errno))") }
        return Array(buffer[..<count])
    }

    /// Every byte until the server closes the connection.
    public func receiveAll() throws -> [UInt8] {
        var bytes: [UInt8] = []
        while let chunk = try receive() { bytes += chunk }
        return bytes
    }

    /// Ends the sending side: the server reads the end of the stream, and may still answer.
    public func finishSending() { shutdown(descriptor, Int32(SHUT_WR)) }

    public func close() {
        if descriptor >= 0 { Glibc.close(descriptor) }
        descriptor = -1
    }

    deinit { close() }
}
