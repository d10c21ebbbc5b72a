// The named projections dashboards fetch: each a `.cypher` file of a directory, its name the file's
// name, its description the `// description:` line of its header. Results are kept per log position,
// so polling dashboards cost one query per change of the log, not one per request.
import Kennis
import Synchronization

/// One named projection.
struct Projection: Sendable {
    let name: String
    let description: String
    let query: String
}

/// The projections of a server, with the newest result of each.
final class Projections: Sendable {
    let all: [Projection]
    private let cache = Mutex<[String: (seq: UInt64, body: String)]>([:])

    init(_ projections: [Projection]) { all = projections.sorted { $0.name < $1.name } }

    /// The projections in `directory` (none when it is nil or missing).
    static func load(from directory: String?) throws -> Projections {
        guard let directory else { return Projections([]) }
        var found: [Projection] = []
        for file in try FileSystem.listFiles(in: directory) where file.hasSuffix(".cypher") {
            let text = try FileSystem.readText(directory + "/" + file)
            let name = String(file.dropLast(".cypher".count))
            let description = Self.description(of: text)
            found.append(Projection(name: name, description: description, query: text))
        }
        return Projections(found)
    }

    /// The `// description:` of a query's header, with the comment lines that continue it.
    static func description(of text: String) -> String {
        var words: [Substring] = []
        var inDescription = false
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            let trimmed = line.drop(while: \.isWhitespace)
            guard trimmed.hasPrefix("//") else { break }
            var comment = trimmed.dropFirst(2).drop(while: \.isWhitespace)
            if comment.hasPrefix("description:") {
                inDescription = true
                comment = comment.dropFirst("description:".count)
            } else if inDescription && (comment.isEmpty || comment.contains(":") && comment.prefix { $0 != ":" }.allSatisfy(\.isLetter)) {
                // A blank comment line or another `key:` ends it.
                break
            }
            if inDescription { words += comment.split(separator: " ") }
        }
        return words.joined(separator: " ")
    }

    func named(_ name: String) -> Projection? { all.first { $0.name == name } }

    /// The cached body of `name` at `seq`, if there is one.
    func cached(_ name: String, at seq: UInt64) -> String? {
        cache.withLock { $0[name].flatMap { $0.seq == seq ? $0.body : nil } }
    }

    /// Keeps `body` as the result of `name` at `seq` (only the newest position is kept).
    func store(_ name: String, at seq: UInt64, _ body: String) {
        cache.withLock { cache in
            if let current = cache[name], current.seq > seq { return }
            cache[name] = (seq, body)
        }
    }
}
