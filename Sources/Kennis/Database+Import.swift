// Importing JSON Lines files: every file is read and decoded first, then all of them are appended as
// one batch, so an import is atomic per invocation and a bad line anywhere writes nothing.
public import EventLog

/// One input of an import: a named file or standard input.
public enum ImportSource: Sendable, Hashable {
    case file(String)
    case standardInput

    /// The name errors use for it.
    public var name: String {
        switch self {
        case .file(let path): path
        case .standardInput: "<stdin>"
        }
    }
}

extension Database {
    /// Decodes JSON Lines text into a batch; an input that holds no events is an error.
    public static func decode(
        _ bytes: UnsafeRawBufferPointer, name: String, actor: String? = nil, progress: ((Int) -> Void)? = nil
    ) throws -> EventBatch {
        var batch = try JSONLinesDecoder().decode(bytes, file: name, progress: progress)
        if batch.isEmpty { throw DatabaseError.noEvents(source: name) }
        if let actor { batch.setActor(actor) }
        return batch
    }

    /// Reads and decodes every source into one batch (nothing is written). `progress` hears the
    /// source being read, the bytes of it done, and its size.
    public static func decode(
        _ sources: [ImportSource], actor: String? = nil, progress: ((ImportSource, Int, Int) -> Void)? = nil
    ) throws -> EventBatch {
        var batch = EventBatch()
        for source in sources {
            switch source {
            case .file(let path):
                let file = try MappedFile(path: path)
                let size = file.bytes.count
                batch.append(contentsOf: try decode(file.bytes, name: path, actor: actor) { progress?(source, $0, size) })
                progress?(source, size, size)
            case .standardInput:
                let data = readAll(fileDescriptor: 0)
                batch.append(contentsOf: try data.withUnsafeBytes { try decode($0, name: source.name, actor: actor) })
            }
        }
        return batch
    }

    /// Imports every source atomically: all events are appended as one batch, or none is. The sources
    /// are decoded on another thread while the events already decoded are written; `progress` hears
    /// (on that thread) each source's bytes done and size.
    @discardableResult
    public func importEvents(
        from sources: [ImportSource], actor: String? = nil, progress: (@Sendable (ImportSource, Int, Int) -> Void)? = nil
    ) throws -> AppendReceipt {
        // Room for the events first (a log takes about 2.4 bytes per byte of JSON Lines): a transaction
        // that fills the map is run again whole after it grows.
        try log.reserve(3 * sources.reduce(0) { $0 + FileSystem.size(of: $1) })
        var pipeline = ImportPipeline(sources: sources, actor: actor, progress: progress)
        do {
            return try append(parts: &pipeline)
        } catch {
            // A bad or unreadable input that stopped the append is reported as itself.
            if let reading = pipeline.readingError { throw reading }
            throw error
        }
    }
}

extension Database {
    /// Appends a decoded batch in transactions of at most `size` events, calling `committed` after each.
    /// Every event was validated when it was decoded, but a crash (or a state error in a later part)
    /// leaves the parts committed so far: use it for bulk loads too large for one transaction.
    public func append(_ batch: EventBatch, inPartsOf size: Int, committed: (AppendReceipt) -> Void) throws {
        precondition(size > 0, "a part holds at least one event")
        var start = 0
        while start < batch.count {
            let end = min(start + size, batch.count)
            let receipt = try append(batch.slice(start..<end))
            committed(receipt)
            start = end
        }
    }
}

extension EventBatch {
    /// Sets the actor, source and note given on every event that does not have its own.
    public mutating func setProvenance(_ provenance: EventProvenance) {
        mapEvents { event in
            if event.actor == nil { event.actor = provenance.actor }
            if event.source == nil { event.source = provenance.source }
            if event.note == nil { event.note = provenance.note }
        }
    }

    /// Sets `actor` on every event that does not name one.
    public mutating func setActor(_ actor: String) {
        mapEvents { event in
            if event.actor == nil { event.actor = actor }
        }
    }
}
