// The named projections dashboards fetch: each a `.cypher` file of a directory, its name the file's
// name, its description the `// description:` line of its header. Results are kept per log position,
// so polling dashboards cost one query per change of the log, not one per request.
import Kennis
import NIOCore
import Synchronization

/// A projection file that is not a query.
struct ProjectionError: Error, CustomStringConvertible {
    let description: String
}

/// One named projection.
struct Projection: Sendable {
    let name: String
    let description: String
    let query: String
}

/// The projections of a server, with the newest answer of each (as bytes ready to send: a response
/// shares them instead of copying them).
///
/// While the log moves, the newest answer is computed once at a time per projection (however many
/// clients ask), and clients that ask meanwhile get the previous answer, labelled with the seq it
/// reflects: a dashboard polling during a stream of appends costs one query per projection at a time,
/// not one per request.
final class Projections: Sendable {
    let all: [Projection]
    /// An answer and the seq it reflects.
    typealias Answer = (seq: UInt64, body: CompressedBody)
    private typealias Computation = (seq: UInt64, task: Task<CompressedBody, any Error>)
    private struct State {
        var newest: [String: Answer] = [:]
        var computing: [String: Computation] = [:]
    }
    private let state = Mutex(State())

    init(_ projections: [Projection]) { all = projections.sorted { $0.name < $1.name } }

    /// The projections in `directory` (none when it is nil). A projection that does not parse stops
    /// the server from starting, with its file, line and column: better than a 400 to every dashboard.
    static func load(from directory: String?) throws -> Projections {
        guard let directory else { return Projections([]) }
        var found: [Projection] = []
        for (name, text) in try QueryFiles.read(directory) {
            do {
                _ = try Parser.parse(text)
            } catch {
                throw ProjectionError(description: "\(directory)/\(name).cypher: \(error)")
            }
            found.append(Projection(name: name, description: Self.description(of: text), query: text))
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

    /// The answer of `name` now (the log at `head`): the newest answer if it is at `head`; else, when
    /// no computation runs, a new one, waited for; while one runs (for another request), the newest
    /// answer there is, or the running one, waited for when there is none yet.
    func answer(_ name: String, head: UInt64, compute: @escaping @Sendable () async throws -> CompressedBody) async throws -> Answer {
        let (newest, running, started) = state.withLock { state -> (Answer?, Computation?, Bool) in
            let newest = state.newest[name]
            if let newest, newest.seq >= head { return (newest, nil, false) }
            if let computing = state.computing[name] { return (newest, computing, false) }
            let task = Task { try await compute() }
            state.computing[name] = (head, task)
            return (newest, (head, task), true)
        }
        guard let running else { return newest! }
        if started { return (running.seq, try await finish(name, running.seq, running.task)) }
        if let newest { return newest }
        return (running.seq, try await running.task.value)
    }

    /// Waits for a computation and keeps its answer as the newest (if it is).
    private func finish(_ name: String, _ seq: UInt64, _ task: Task<CompressedBody, any Error>) async throws -> CompressedBody {
        do {
            let body = try await task.value
            state.withLock { state in
                if (state.newest[name]?.seq ?? 0) <= seq { state.newest[name] = (seq, body) }
                if state.computing[name]?.seq == seq { state.computing[name] = nil }
            }
            return body
        } catch {
            state.withLock { state in if state.computing[name]?.seq == seq { state.computing[name] = nil } }
            throw error
        }
    }

    /// The newest answer of `name` if it is at `seq` (for a position asked for explicitly).
    func cached(_ name: String, at seq: UInt64) -> CompressedBody? {
        state.withLock { $0.newest[name].flatMap { $0.seq == seq ? $0.body : nil } }
    }
}
