// `kennis-generate` (run as tools/generate): a deterministic synthetic AI-in-Health ecosystem at any
// scale, as JSON Lines in the format of docs/events.md. The same seed and size give the same bytes.
// Benchmarks and scale tests use it; its output is synthetic and never belongs in events/.
import ArgumentParser

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

@main
struct Generate: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "kennis-generate",
        abstract: "Write a synthetic AI-in-Health ecosystem as JSON Lines events.",
        discussion: """
            Institutions, programs, labs, projects, people and publications, linked by PART_OF,
            HOSTED_BY, AFFILIATED_WITH, MEMBER_OF (role, since), LEADS, WORKS_ON, PARTNER_IN and AUTHORED,
            with heavy-tailed team sizes (hubs), followed by history: people move labs, entities and
            relations are updated, a few people retire. About 10 events per entity. The first event
            defines the schema, so the output is valid against it. Output is deterministic per seed.

            Examples:
              tools/generate --entities 1000 > small.jsonl
              tools/generate --entities 100000 --seed 7 --output m.jsonl
            """
    )

    @Option(help: "Number of entities to create.")
    var entities: Int = 1000

    @Option(help: "Seed of the random generator.")
    var seed: UInt64 = 42

    @Option(help: "Write to this file instead of standard output.")
    var output: String?

    @Flag(
        name: .customLong("valid-times"),
        help: "Give every entity and relation a valid_from date, and three in ten a valid_until (the rest of the output unchanged).")
    var validTimes = false

    func validate() throws {
        if entities < 10 { throw ValidationError("--entities must be at least 10") }
    }

    func run() throws {
        var sink = try LineSink(path: output)
        var ecosystem = SyntheticEcosystem(entities: entities, seed: seed, validTimes: validTimes)
        ecosystem.write(to: &sink)
        try sink.close()
        if output != nil {
            FileHandleStandardError.write("wrote \(sink.lines) events for \(entities) entities\n")
        }
    }
}

/// Buffered output of lines to a file or stdout.
struct LineSink {
    private let fd: Int32
    private var buffer: [UInt8] = []
    private(set) var lines = 0

    init(path: String?) throws {
        if let path {
            fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
            guard fd >= 0 else { throw ValidationError("cannot write \(path): \(String(cString: strerror(errno)))") }
        } else {
            fd = 1
        }
        buffer.reserveCapacity(1 << 20)
    }

    mutating func line(_ text: [UInt8]) {
        buffer.append(contentsOf: text)
        buffer.append(0x0A)
        lines += 1
        if buffer.count >= 1 << 20 { flush() }
    }

    mutating func flush() {
        var offset = 0
        while offset < buffer.count {
            let n = buffer.withUnsafeBytes { write(fd, $0.baseAddress! + offset, $0.count - offset) }
            if n <= 0 { break }
            offset += n
        }
        buffer.removeAll(keepingCapacity: true)
    }

    mutating func close() throws {
        flush()
        if fd != 1 { _ = Glibc.close(fd) }
    }
}

enum FileHandleStandardError {
    static func write(_ text: String) {
        var copy = text
        copy.withUTF8 { _ = Glibc.write(2, $0.baseAddress, $0.count) }
    }
}
