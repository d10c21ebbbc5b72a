// A raw Bolt client for the benchmark (tools/bench-bolt): C connections, each on its own thread, each
// sending RUN + PULL for a point lookup and reading the answers, as fast as the server answers, for a
// number of seconds. Prints lookups per second and the latency percentiles as JSON.
//   BoltBenchmark PORT TOKEN IDS_FILE [--connections C] [--seconds S]
import Bolt
import Foundation
import Synchronization

#if canImport(Glibc)
    import Glibc
#endif

struct Options {
    var port: UInt16 = 7687
    var token = ""
    var ids: [String] = []
    var connections = 4
    var seconds = 5.0
}

func parseOptions() -> Options {
    var options = Options()
    var arguments = Array(CommandLine.arguments.dropFirst())
    guard arguments.count >= 3, let port = UInt16(arguments[0]) else {
        FileHandle.standardError.write(Data("usage: BoltBenchmark PORT TOKEN IDS_FILE [--connections C] [--seconds S]\n".utf8))
        exit(2)
    }
    options.port = port
    options.token = arguments[1]
    options.ids = ((try? String(contentsOfFile: arguments[2], encoding: .utf8)) ?? "").split(separator: "\n").map(String.init)
    arguments.removeFirst(3)
    while arguments.count >= 2 {
        if arguments[0] == "--connections" { options.connections = Int(arguments[1]) ?? 4 }
        if arguments[0] == "--seconds" { options.seconds = Double(arguments[1]) ?? 5 }
        arguments.removeFirst(2)
    }
    return options
}

/// One Bolt connection over a blocking socket.
final class Connection {
    private let socket: Int32
    private var buffer: [UInt8] = []
    private var offset = 0

    init(port: UInt16, token: String) throws {
        socket = Glibc.socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = port.bigEndian
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        var noDelay: Int32 = 1
        setsockopt(socket, Int32(IPPROTO_TCP), TCP_NODELAY, &noDelay, socklen_t(MemoryLayout<Int32>.size))
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(socket, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard connected == 0 else { throw BenchmarkError("cannot connect to 127.0.0.1:\(port)") }
        send(BoltHandshake.preamble + [0, 0, 4, 5] + Array(repeating: 0, count: 12))
        guard readBytes(4) == [0, 0, 4, 5] else { throw BenchmarkError("the server does not speak Bolt 5.4") }
        send(message(.structure(tag: 0x01, fields: [.map([("user_agent", .string("kennis-bolt-benchmark/1"))])])))
        send(
            message(
                .structure(
                    tag: 0x6A,
                    fields: [.map([("scheme", .string("basic")), ("principal", .string("bench")), ("credentials", .string(token))])])))
        guard readMessage().tag == 0x70, readMessage().tag == 0x70 else { throw BenchmarkError("HELLO or LOGON failed") }
    }

    deinit { close(socket) }

    /// One point lookup: RUN and PULL sent together, then the answers up to PULL's SUCCESS.
    func lookup(_ query: String, id: String) throws {
        send(
            message(.structure(tag: 0x10, fields: [.string(query), .map([("id", .string(id))]), .map([])]))
                + message(.structure(tag: 0x3F, fields: [.map([("n", .integer(-1))])])))
        guard readMessage().tag == 0x70 else { throw BenchmarkError("RUN failed") }
        while true {
            let answer = readMessage()
            if answer.tag == 0x70 { return }
            guard answer.tag == 0x71 else { throw BenchmarkError("PULL failed") }
        }
    }

    private func message(_ value: PackStreamValue) -> [UInt8] {
        var writer = PackStreamWriter()
        writer.write(value)
        let bytes = writer.bytes
        return [UInt8(bytes.count >> 8), UInt8(bytes.count & 0xFF)] + bytes + [0, 0]
    }

    private func send(_ bytes: [UInt8]) {
        var sent = 0
        while sent < bytes.count {
            let count = bytes[sent...].withUnsafeBytes { Glibc.send(socket, $0.baseAddress, $0.count, 0) }
            guard count > 0 else { return }
            sent += count
        }
    }

    private func readBytes(_ count: Int) -> [UInt8] {
        while buffer.count - offset < count {
            var chunk = [UInt8](repeating: 0, count: 65536)
            let received = chunk.withUnsafeMutableBytes { recv(socket, $0.baseAddress, $0.count, 0) }
            guard received > 0 else { return [] }
            if offset > 0 {
                buffer.removeFirst(offset)
                offset = 0
            }
            buffer += chunk[0..<received]
        }
        defer { offset += count }
        return Array(buffer[offset..<offset + count])
    }

    /// The next message's structure tag (its bytes are skipped).
    private func readMessage() -> (tag: UInt8, bytes: [UInt8]) {
        var message: [UInt8] = []
        while true {
            let size = readBytes(2)
            guard size.count == 2 else { return (0, []) }
            let length = Int(size[0]) << 8 | Int(size[1])
            if length == 0 { break }
            message += readBytes(length)
        }
        return (message.count >= 2 ? message[1] : 0, message)
    }
}

struct BenchmarkError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}

/// What the connections measured.
final class Results: Sendable {
    let state = Mutex<(latencies: [Double], failures: Int)>(([], 0))
}

let options = parseOptions()
let query = "MATCH (p:Person {`@id`: $id}) RETURN p.name AS name"
let results = Results()
let deadline = Date().addingTimeInterval(options.seconds)
let threads = (0..<options.connections).map { index in
    Thread {
        var mine: [Double] = []
        var failed = 0
        do {
            let connection = try Connection(port: options.port, token: options.token)
            var i = index
            while Date() < deadline {
                let started = DispatchTime.now().uptimeNanoseconds
                try connection.lookup(query, id: options.ids[i % options.ids.count])
                mine.append(Double(DispatchTime.now().uptimeNanoseconds - started) / 1e6)
                i += options.connections
            }
        } catch {
            failed = 1
        }
        results.state.withLock { state in
            state.latencies += mine
            state.failures += failed
        }
    }
}
let started = Date()
threads.forEach { $0.start() }
while threads.contains(where: { !$0.isFinished }) { usleep(10_000) }
let elapsed = Date().timeIntervalSince(started)
let (latencies, failures) = results.state.withLock { ($0.latencies.sorted(), $0.failures) }
func percentile(_ p: Double) -> Double { latencies.isEmpty ? 0 : latencies[min(latencies.count - 1, Int(Double(latencies.count) * p))] }
print(
    #"{"lookups": \#(latencies.count), "seconds": \#(elapsed), "per_second": \#(Double(latencies.count) / elapsed), "#
        + #""p50_ms": \#(percentile(0.5)), "p99_ms": \#(percentile(0.99)), "failed_connections": \#(failures)}"#)
