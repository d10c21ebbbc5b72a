// Importing CSV files in the layout of Neo4j's admin import (docs/interchange.md): every file is read
// and turned into events first, then all are appended as one batch — or, for a dry run, checked
// against the state rules and not written. A bad row anywhere writes nothing, and the error names the
// file, line, column and the column's header.
import EventLog
import Graph

extension Database {
    /// The events the CSV files at `paths` make, checked against the graph now (ends must be in the
    /// files or live). Nothing is written: for a dry run.
    public func decodeCSV(_ paths: [String], provenance: EventProvenance) throws -> EventBatch {
        let mapped = try paths.map { try MappedFile(path: $0) }
        let files = zip(paths, mapped).map { CSVFile(name: $0, bytes: $1.bytes) }
        var decoder = CSVDecoder(provenance: provenance, liveNodesOf: try view())
        // The files stay mapped while they are read: the events hold copies of what they need.
        let batch = try withExtendedLifetime(mapped) { try decoder.decode(files) }
        if batch.isEmpty { throw DatabaseError.noEvents(source: paths.joined(separator: ", ")) }
        return batch
    }

    /// Imports the CSV files at `paths` as one batch, all or nothing: the rows are decoded on another
    /// thread while the events already decoded are written. A bad row, or a state rule a row breaks,
    /// is reported at its file, line and column.
    public func importCSV(_ paths: [String], provenance: EventProvenance) throws -> AppendReceipt {
        let mapped = try paths.map { try MappedFile(path: $0) }
        // Room first, so that the transaction is not written twice after the map grows: CSV is more
        // compact than JSON, and a log takes about 4.4 bytes per byte of it (38 MB of CSV → 168 MB).
        try log.reserve(5 * mapped.reduce(0) { $0 + $1.bytes.count })
        let view = try self.view()
        let input = MappedCSVFiles(files: zip(paths, mapped).map { CSVFile(name: $0, bytes: $1.bytes) }, mapped: mapped)
        var pipeline = ImportPipeline { push in
            var decoder = CSVDecoder(provenance: provenance, liveNodesOf: view)
            var events = 0
            try withExtendedLifetime(input.mapped) {
                try decoder.decode(input.files) {
                    events += $0.count
                    push($0)
                }
            }
            if events == 0 { throw DatabaseError.noEvents(source: paths.joined(separator: ", ")) }
        }
        do {
            return try withExtendedLifetime(mapped) { try append(parts: &pipeline) }
        } catch {
            if let reading = pipeline.readingError { throw reading }
            throw Self.locatedInCSV(error, paths: paths)
        }
    }

    /// Checks a batch against the state rules as an append would, writing nothing (a dry run).
    public func check(_ batch: EventBatch) throws {
        let validator = GraphValidator(base: graph.latest)
        validator.begin(firstSeq: graph.latest.head + 1)
        do throws(EventInputError) {
            try validator.validate(batch, offset: 0)
        } catch {
            var placed = error
            if let index = error.index, placed.location == nil { placed.location = batch.location(of: index) }
            throw placed
        }
    }

    /// A CSV batch's dry run: its state errors located at their rows and columns.
    public func checkCSV(_ batch: EventBatch, from paths: [String]) throws {
        do {
            try check(batch)
        } catch {
            throw Self.locatedInCSV(error, paths: paths)
        }
    }

    /// An append's error, at the line and column of the CSV row it is about when it is one.
    private static func locatedInCSV(_ error: any Error, paths: [String]) -> any Error {
        let rejected: EventInputError
        switch error {
        case let error as EventInputError: rejected = error
        case EventLogError.rejected(let error): rejected = error
        default: return error
        }
        guard let location = rejected.location, paths.contains(location.file), let file = try? MappedFile(path: location.file) else {
            return error
        }
        return withExtendedLifetime(file) {
            CSVDecoder.locate(rejected, in: CSVFile(name: location.file, bytes: file.bytes)) ?? error
        }
    }
}

/// Mapped CSV files handed to the decoding thread: only read, and unmapped only after the append,
/// which waits for that thread, has ended.
private struct MappedCSVFiles: @unchecked Sendable {
    let files: [CSVFile]
    let mapped: [MappedFile]
}
