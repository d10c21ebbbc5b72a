// A bulk import as a pipeline: one thread reads and decodes the input (JSON Lines, or CSV rows) part by
// part while the writer (the caller's thread, inside the log's write transaction) chains and stores the
// parts already decoded, and a third builds the history index. The import stays one batch: any bad line anywhere
// makes the writer's transaction abort, and nothing is written.
import Dispatch
import EventLog
import Synchronization

/// Decodes an import's input on a background thread into an `EventParts` stream for `EventLog.append`.
final class ImportPipeline: EventParts {
    private let queue = EventPartQueue()
    private let failure = Failure()

    /// The error that stopped the reading, kept for the caller: the append reports it wrapped.
    private final class Failure: Sendable {
        let error = Mutex<(any Error)?>(nil)
    }

    /// The error that stopped the reading, if the writer got to it: then it is the first bad event
    /// (every part before it passed). A writer that failed earlier, on a part the reader had already
    /// handed over, failed on an earlier event, and its error is the one to report.
    private(set) var readingError: (any Error)?

    /// Starts reading `sources`; `progress` hears (on the reading thread) each source's bytes done and size.
    convenience init(sources: [ImportSource], actor: String?, progress: (@Sendable (ImportSource, Int, Int) -> Void)?) {
        self.init { push in
            for source in sources {
                try Self.read(source) { bytes in
                    var events = 0
                    try JSONLinesDecoder().decodeInParts(bytes, file: source.name) { (part, done) throws(EventInputError) in
                        var part = part
                        if let actor { part.setActor(actor) }
                        events += part.count
                        push(part)
                        progress?(source, done, bytes.count)
                    }
                    if events == 0 { throw DatabaseError.noEvents(source: source.name) }
                }
            }
        }
    }

    /// Starts `produce` on a background thread: it hands each part it decodes to `push`, and throws
    /// what makes its input bad (which aborts the append).
    init(producing produce: @escaping @Sendable (_ push: (EventBatch) -> Void) throws -> Void) {
        let queue = self.queue
        let failure = self.failure
        DispatchQueue.global(qos: .userInitiated).async {
            do {
                try produce { queue.push($0) }
                queue.finish()
            } catch {
                failure.error.withLock { $0 = error }
                queue.fail(error)
            }
        }
    }

    /// Calls `body` with the source's bytes (a file mapped, or standard input read whole).
    private static func read(_ source: ImportSource, _ body: (UnsafeRawBufferPointer) throws -> Void) throws {
        switch source {
        case .file(let path):
            let file = try MappedFile(path: path)
            try body(file.bytes)
        case .standardInput:
            try readAll(fileDescriptor: 0).withUnsafeBytes(body)
        }
    }

    func next() throws -> EventBatch? {
        do {
            return try queue.next()
        } catch {
            readingError = failure.error.withLock { $0 } ?? error
            throw error
        }
    }
}
