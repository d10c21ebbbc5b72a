// Measures the graph on a generated log: import with state validation, open by full replay, snapshot
// write, open from a snapshot, memory after open (in a fresh process), and a walk of the whole graph at
// the head and at an old seq. Run by tools/bench-graph. Prints one JSON object.
import BenchmarkSupport
import Kennis

#if canImport(Glibc)
    import Glibc
#endif

@main
struct GraphBenchmark {
    static func main() throws {
        let arguments = CommandLine.arguments
        if arguments.count == 4 && arguments[1] == "rss" {
            try reportMemory(path: arguments[2], fromSnapshot: arguments[3] == "snapshot")
            return
        }
        let parsed = BenchmarkArguments(program: "graph-benchmark", defaultRuns: 3)
        let input = parsed.input, scratch = parsed.scratch, runs = parsed.runs
        let path = "\(scratch)/graph.db"
        removeDatabase(path)
        var noSnapshots = Database.Options()
        noSnapshots.snapshotEvery = nil
        let importStart = now()
        let events: Int
        do {
            let db = try Database(path: path, create: true, options: noSnapshots)
            events = try db.importEvents(from: [.file(input)]).count
        }
        let importSeconds = now() - importStart

        var replayOptions = noSnapshots
        replayOptions.useSnapshots = false
        var replaySeconds: [Double] = []
        for _ in 0..<runs {
            let started = now()
            _ = try Database(path: path, options: replayOptions)
            replaySeconds.append(now() - started)
        }

        let db = try Database(path: path, options: noSnapshots)
        // The write alone (timing the open with it and subtracting a replay made noise of it).
        let snapshotStart = now()
        try db.snapshot()
        let snapshotSeconds = now() - snapshotStart
        let snapshotBytes = try db.storedSnapshotBytes(at: db.head) ?? 0

        var loadSeconds: [Double] = []
        for _ in 0..<runs {
            let started = now()
            let opened = try Database(path: path, options: noSnapshots)
            precondition(opened.opening.snapshotSeq != nil)
            loadSeconds.append(now() - started)
        }

        // The same walk at the head and half-way: every live node's properties and relationships.
        let head = db.head
        var walkNow: [Double] = [], walkOld: [Double] = []
        var visitedNow = 0, visitedOld = 0
        for _ in 0..<runs {
            var started = now()
            visitedNow = walk(try db.view())
            walkNow.append(now() - started)
            started = now()
            visitedOld = walk(try db.view(at: .seq(head / 2)))
            walkOld.append(now() - started)
        }

        let memoryFromLog = try measureMemory(path: path, mode: "log")
        let memoryFromSnapshot = try measureMemory(path: path, mode: "snapshot")
        print(
            """
            {"events": \(events), "runs": \(runs),
             "import_events_per_s": \(Double(events) / importSeconds),
             "open_replay_s": \(median(replaySeconds)), "snapshot_write_s": \(snapshotSeconds), "snapshot_bytes": \(snapshotBytes),
             "open_snapshot_s": \(median(loadSeconds)),
             "rss_bytes_log": \(memoryFromLog.rss), "anon_bytes_log": \(memoryFromLog.anonymous),
             "rss_bytes_snapshot": \(memoryFromSnapshot.rss), "anon_bytes_snapshot": \(memoryFromSnapshot.anonymous),
             "walk_now_s": \(median(walkNow)), "walk_old_s": \(median(walkOld)),
             "walk_now_items": \(visitedNow), "walk_old_items": \(visitedOld)}
            """)
        removeDatabase(path)
    }

    /// Reads every live node's labels, properties and relationships (and theirs); returns items read.
    static func walk(_ view: GraphView) -> Int {
        var items = 0
        for node in view.nodes {
            items += view.labels(of: node).count + view.properties(of: node).count
            for relationship in view.outgoing(node) { items += 1 + view.properties(of: relationship).count }
        }
        return items
    }

    /// Opens the database in a fresh process and reads its memory after open.
    static func measureMemory(path: String, mode: String) throws -> (rss: Int, anonymous: Int) {
        var pid: pid_t = 0
        let executable = CommandLine.arguments[0]
        var pipe: [Int32] = [0, 0]
        Glibc.pipe(&pipe)
        var actions: posix_spawn_file_actions_t = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        posix_spawn_file_actions_adddup2(&actions, pipe[1], 1)
        let argv: [UnsafeMutablePointer<CChar>?] = [strdup(executable), strdup("rss"), strdup(path), strdup(mode), nil]
        guard posix_spawn(&pid, executable, &actions, nil, argv, environ) == 0 else { return (0, 0) }
        close(pipe[1])
        var output = [UInt8](repeating: 0, count: 256)
        let n = read(pipe[0], &output, output.count)
        var status: Int32 = 0
        waitpid(pid, &status, 0)
        let fields = String(decoding: output[0..<max(0, n)], as: UTF8.self).split(separator: " ").compactMap {
            Int($0.trimmingCharacters(in: .whitespacesAndNewlines))
        }
        return fields.count == 2 ? (fields[0], fields[1]) : (0, 0)
    }

    /// In the child: open, then print VmRSS and RssAnon in bytes.
    static func reportMemory(path: String, fromSnapshot: Bool) throws {
        var options = Database.Options()
        options.snapshotEvery = nil
        options.useSnapshots = fromSnapshot
        let db = try Database(path: path, options: options)
        precondition(db.head > 0)
        let memory = processMemory()
        print("\(memory.rss) \(memory.anonymous)")
        withExtendedLifetime(db) {}
    }

}
