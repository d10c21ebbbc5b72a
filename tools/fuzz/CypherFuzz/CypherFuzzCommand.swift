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

    init(_ arguments: [String]) {
        var rest = arguments[...]
        while let flag = rest.popFirst() {
            guard let value = rest.popFirst() else { fatalError("\(flag) needs a value") }
            switch flag {
            case "--queries": queries = Int(value)!
            case "--json": json = Int(value)!
            case "--seed": seed = UInt64(value)!
            case "--events": events = value
            default: fatalError("usage: kennis-fuzz-cypher [--queries N] [--json N] [--seed S] [--events DIR]")
            }
        }
    }
}

@main
struct CypherFuzzCommand {
    static func main() throws {
        let options = Options(Array(CommandLine.arguments.dropFirst()))
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
