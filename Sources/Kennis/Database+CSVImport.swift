// Importing CSV files in the layout of Neo4j's admin import (docs/interchange.md): every file is read
// and turned into events first, then all are appended as one batch — or, for a dry run, checked
// against the state rules and not written. A bad row anywhere writes nothing, and the error names the
// file, line, column and the column's header.
import EventLog
import Graph

extension Database {
    /// The events the CSV files at `paths` make, checked against the graph now (ends must be in the
    /// files or live). Nothing is written.
    public func decodeCSV(_ paths: [String], provenance: EventProvenance, progress: ((Int) -> Void)? = nil) throws -> EventBatch {
        let mapped = try paths.map { try MappedFile(path: $0) }
        let files = zip(paths, mapped).map { CSVFile(name: $0, bytes: $1.bytes) }
        let view = try self.view()
        var decoder = CSVDecoder(provenance: provenance) { view.node(id: $0) != nil }
        // The files stay mapped while they are read: the events hold copies of what they need.
        let batch = try withExtendedLifetime(mapped) { try decoder.decode(files, progress: progress) }
        if batch.isEmpty { throw DatabaseError.noEvents(source: paths.joined(separator: ", ")) }
        return batch
    }

    /// Appends the events of CSV files (decoded by `decodeCSV`) as one batch, all or nothing; a state
    /// rule the batch breaks is reported at the row and column it came from.
    public func appendCSV(_ batch: EventBatch, from paths: [String]) throws -> AppendReceipt {
        do {
            return try append(batch)
        } catch {
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
