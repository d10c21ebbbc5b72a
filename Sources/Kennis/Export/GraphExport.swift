// What every export of a whole graph view is: a document written a piece at a time.
import Graph

/// A graph view in another tool's format.
public protocol GraphExport {
    /// Writes the document, a piece at a time (about 64 KiB each), to `emit`.
    func write(to emit: ([UInt8]) throws -> Void) throws
}

/// The export formats of a whole graph, by the name `--format` and `?format=` give them.
public enum GraphExportFormat: String, CaseIterable, Sendable {
    case graphml, gexf, jsonl

    /// The export of `view` in this format.
    public func export(_ view: GraphView) -> any GraphExport {
        switch self {
        case .graphml: GraphMLExport(view: view)
        case .gexf: GEXFExport(view: view)
        case .jsonl: EventsExport(view: view)
        }
    }
}
