// What every export of a whole graph view is: one document, or a directory of files, written a piece
// at a time and never held whole.
import Graph

/// A graph view in another tool's format, as one document.
public protocol GraphExport {
    /// Writes the document, a piece at a time (about 64 KiB each), to `emit`.
    func write(to emit: ([UInt8]) throws -> Void) throws
}

/// A graph view in another tool's format, as several files of one directory.
public protocol GraphFilesExport {
    /// Writes every file, a piece at a time, to `emit(file name, piece)`: the pieces of one file in
    /// order, those of different files interleaved.
    func write(to emit: (String, [UInt8]) throws -> Void) throws
}

extension CSVExport: GraphFilesExport {}

/// The export formats of a whole graph, by the name `--format` and `?format=` give them.
public enum GraphExportFormat: String, CaseIterable, Sendable {
    case graphml, gexf, jsonld, cypher, jsonl, csv

    /// An export: one document, or the files of a directory.
    public enum Export {
        case document(any GraphExport)
        case files(any GraphFilesExport)
    }

    /// The export of `view` in this format; GEXF is dynamic on a `timeline`; JSON-LD names entities
    /// under `base` and gives each element its `sources` (Database.export reads them from the log).
    public func export(
        _ view: GraphView, timeline: GEXFExport.Timeline? = nil, base: String = JSONLDExport.defaultBase,
        sources: ElementSources = ElementSources()
    ) -> Export {
        switch self {
        case .graphml: .document(GraphMLExport(view: view))
        case .gexf: .document(GEXFExport(view: view, timeline: timeline))
        case .jsonl: .document(EventsExport(view: view))
        case .csv: .files(CSVExport(view: view))
        case .jsonld: .document(JSONLDExport(view: view, base: base, sources: sources))
        case .cypher: .document(CypherScriptExport(view: view))
        }
    }
}
