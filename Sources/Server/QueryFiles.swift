// The query files the server is pointed at: projections (queries/projections) and examples (queries).
import Kennis

/// The `.cypher` files of a directory (projections, examples): each file's name without `.cypher`,
/// and its text, sorted by name.
enum QueryFiles {
    static func read(_ directory: String) throws -> [(name: String, text: String)] {
        try FileSystem.listFiles(in: directory).filter { $0.hasSuffix(".cypher") }.map { file in
            (String(file.dropLast(".cypher".count)), try FileSystem.readText(directory + "/" + file))
        }
    }
}
