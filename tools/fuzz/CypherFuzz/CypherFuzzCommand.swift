// kennis-fuzz-cypher (tools/fuzz-cypher): sends random queries through the whole front end — parse,
// bind, plan (`explain`), and runs one in a hundred on the shipped graph with tight limits — and random
// JSON through the request and event readers; counts what each input ended as. A crash ends the
// process, and the same --seed makes the same inputs, so it reproduces under a debugger.
import Kennis
import Query

#if canImport(Glibc)
    import Glibc
#endif

struct Options: Sendable {
    var queries = 100_000
    var json = 100_000
    var seed: UInt64 = 1
    var events = "events"

    static let usage = "usage: tools/fuzz-cypher [--queries N] [--json N] [--seed S] [--events DIR]"

    /// The options `arguments` give, or nil (after saying why and the usage on stderr).
    static func parse(_ arguments: [String]) -> Options? {
        var options = Options()
        var rest = arguments[...]
        while let flag = rest.popFirst() {
            guard let value = rest.popFirst() else { return refuse(flag == "--help" ? nil : "\(flag) needs a value") }
            switch flag {
            case "--queries":
                guard let n = Int(value), n >= 0 else { return refuse("--queries needs a count") }
                options.queries = n
            case "--json":
                guard let n = Int(value), n >= 0 else { return refuse("--json needs a count") }
                options.json = n
            case "--seed":
                guard let n = UInt64(value) else { return refuse("--seed needs a number") }
                options.seed = n
            case "--events": options.events = value
            default: return refuse("unknown option \(flag)")
            }
        }
        return options
    }

    private static func refuse(_ problem: String?) -> Options? {
        let text = (problem.map { "kennis-fuzz-cypher: \($0)\n" } ?? "") + usage + "\n"
        _ = text.utf8CString.withUnsafeBufferPointer { write(2, $0.baseAddress, $0.count - 1) }
        return nil
    }
}

@main
struct CypherFuzzCommand {
    static func main() throws {
        guard let options = Options.parse(Array(CommandLine.arguments.dropFirst())) else { exit(2) }
        let directory = "/tmp/kennis-fuzz-cypher-\(getpid())"
        defer { _ = system("rm -rf '\(directory)'") }
        let database = try Database(path: directory, create: true)
        _ = try database.importEvents(from: try listJSONLines(in: options.events).map { .file($0) })
        print("kennis-fuzz-cypher: seed \(options.seed)")
        print(try WorkerThreads.shared.runAndWait { try FuzzRun(database: database, options: options).run() })
    }
}

/// The `.jsonl` files of a directory, in name order.
func listJSONLines(in path: String) throws -> [String] {
    guard let dir = opendir(path) else { fatalError("cannot read \(path)") }
    defer { closedir(dir) }
    var names: [String] = []
    while let entry = readdir(dir) {
        let name = withUnsafeBytes(of: entry.pointee.d_name) { String(decoding: $0.prefix { $0 != 0 }, as: UTF8.self) }
        if name.hasSuffix(".jsonl") { names.append(path + "/" + name) }
    }
    return names.sorted()
}
