public import ArgumentParser
import Kennis

#if canImport(Glibc)
    import Glibc
    private let writeBytes = Glibc.write
#elseif canImport(Darwin)
    import Darwin
    private let writeBytes = Darwin.write
#endif

extension GraphExportFormat: ExpressibleByArgument {}

struct ExportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export",
        abstract: "Write the graph in a format other tools read: GraphML, GEXF, or events.",
        discussion: """
            The graph now, or --as-of a seq or time, and --valid-at a date for the world as it was then. \
            GraphML (networkx, yEd, Cytoscape, Gephi) and GEXF 1.3 (Gephi, networkx) carry every property as a \
            typed attribute, each node's labels in ":labels" (":Person") and each edge's type in ":type". \
            jsonl is the graph as the shortest JSON Lines of events that rebuilds it (the schema in force, \
            then entity.created and relation.added with ids and properties), for `kennis import` into an \
            empty database. The document is written as it is made, never held whole; with --out it goes to \
            FILE.partial first and becomes FILE only when complete.

            Examples:
              kennis export --format graphml > ecosystem.graphml
              kennis export --format graphml --as-of 357 --out before-the-timeline.graphml
              kennis export --format gexf --valid-at 2024-06-01 --out ecosystem-2024.gexf
              kennis export --format jsonl --as-of 357 --out state-357.jsonl
            """
    )

    @OptionGroup var database: DatabaseOptions
    @OptionGroup var asOf: AsOfOption
    @OptionGroup var validAt: ValidAtOption

    @Option(help: "The format: graphml, gexf or jsonl.")
    var format: GraphExportFormat

    @Option(help: ArgumentHelp("Write to this file (else standard output).", valueName: "file"))
    var out: String?

    func run() throws {
        let db = try database.open()
        let view: GraphView
        do {
            view = try db.view(at: asOf.position).valid(at: validAt.instant)
        } catch {
            throw CommandFailure(oneLine(error))
        }
        let export = format.export(view)
        guard let out else {
            try export.write { Terminal.standardOutput.write($0) }
            return
        }
        let file = try ExportFile(path: out)
        do {
            try export.write { try file.write($0) }
        } catch {
            file.abandon()
            throw error
        }
        try file.finish()
    }
}

/// A file an export writes: made as `PATH.partial`, renamed to `PATH` once complete, so that a
/// failed export never leaves a document that looks whole.
private struct ExportFile {
    let path: String
    let descriptor: Int32

    var partial: String { path + ".partial" }

    init(path: String) throws {
        self.path = path
        descriptor = open(path + ".partial", O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else { throw CommandFailure("cannot write \(path).partial: \(String(cString: strerror(errno)))") }
    }

    func write(_ bytes: [UInt8]) throws {
        try bytes.withUnsafeBufferPointer { buffer in
            var offset = 0
            while offset < buffer.count {
                let written = writeBytes(descriptor, buffer.baseAddress! + offset, buffer.count - offset)
                if written < 0 && errno == EINTR { continue }
                guard written > 0 else { throw CommandFailure("cannot write \(partial): \(String(cString: strerror(errno)))") }
                offset += written
            }
        }
    }

    /// Makes the file durable and gives it its name (or removes it, saying why not).
    func finish() throws {
        let synced = fsync(descriptor) == 0
        let closed = close(descriptor) == 0
        guard synced, closed, rename(partial, path) == 0 else {
            let reason = String(cString: strerror(errno))
            unlink(partial)
            throw CommandFailure("cannot finish \(path): \(reason)")
        }
    }

    func abandon() {
        close(descriptor)
        unlink(partial)
    }
}
