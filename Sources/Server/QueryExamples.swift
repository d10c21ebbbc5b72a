// The analysts' example queries the workbench offers to open: each a `.cypher` file of a directory
// (`queries/` by default), its name the file's name, its description the comment lines it starts with.
import Kennis

/// One example query.
struct QueryExample: Sendable {
    let name: String
    let description: String
    let query: String
}

enum QueryExamples {
    /// The examples in `directory` (none when it is nil), sorted by name. Unlike a projection, an
    /// example that does not parse is offered all the same: the workbench shows its error.
    static func load(from directory: String?) throws -> [QueryExample] {
        guard let directory else { return [] }
        return try QueryFiles.read(directory).map { QueryExample(name: $0.name, description: headerComment(of: $0.text), query: $0.text) }
    }

    /// The `//` lines a query starts with, as one line of text.
    static func headerComment(of text: String) -> String {
        var words: [Substring] = []
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            let trimmed = line.drop(while: \.isWhitespace)
            guard trimmed.hasPrefix("//") else { break }
            words += trimmed.dropFirst(2).split(separator: " ")
        }
        return words.joined(separator: " ")
    }
}
