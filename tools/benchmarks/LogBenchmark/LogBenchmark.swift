import BenchmarkSupport
// Measures the event log on a generated JSON Lines file: bulk import (decode, then append), a full
// scan with decoding, verification, and durable single-event appends. Run by tools/bench-log, which
// also measures the raw-LMDB baseline in the same run. Prints one JSON object of results.
import Dispatch
import EventLog
import Kennis

#if canImport(Glibc)
    import Glibc
#endif

@main
struct LogBenchmark {
    static func main() throws {
        let arguments = BenchmarkArguments(program: "log-benchmark", defaultRuns: 3)
        let input = arguments.input, scratch = arguments.scratch, runs = arguments.runs
        // Bulk import into the log: decoding on one thread while the writer stores (the pipeline of
        // `kennis import`, without the graph's state rules, which the graph benchmark measures).
        var importRates: [Double] = []
        var events = 0
        let source = try MappedFile(path: input)
        for run in 0..<runs {
            let path = "\(scratch)/import-\(run).db"
            removeDatabase(path)
            let log = try EventLog(path: path)
            let started = now()
            let queue = EventPartQueue()
            let producer = ProducerThread(bytes: source.bytes) { bytes in
                do {
                    try JSONLinesDecoder().decodeInParts(bytes, file: input) { (part, _) throws(EventInputError) in queue.push(part) }
                    queue.finish()
                } catch {
                    queue.fail(error)
                }
            }
            var parts = queue
            let receipt = try log.append(parts: &parts)
            producer.join()
            importRates.append(Double(receipt.count) / (now() - started))
            events = receipt.count
            if run < runs - 1 { removeDatabase(path) }
        }
        // The append alone, of a batch decoded beforehand.
        var appendRates: [Double] = []
        let decoded = try Database.decode([.file(input)])
        for _ in 0..<runs {
            let path = "\(scratch)/append.db"
            removeDatabase(path)
            let log = try EventLog(path: path)
            let started = now()
            try log.append(decoded)
            appendRates.append(Double(decoded.count) / (now() - started))
            removeDatabase(path)
        }
        // Decoding alone on one core: the cost per event of parsing and checking JSON Lines.
        var decodeNanoseconds: [Double] = []
        let file = try MappedFile(path: input)
        var sequential = JSONLinesDecoder()
        sequential.parallelThreshold = .max
        for _ in 0..<runs {
            let started = now()
            let batch = try sequential.decode(file.bytes, file: input)
            decodeNanoseconds.append((now() - started) * 1e9 / Double(batch.count))
        }
        let db = try EventLog(path: "\(scratch)/import-\(runs - 1).db")
        var scanRates: [Double] = []
        for _ in 0..<max(runs, 3) {
            let started = now()
            var count = 0
            var bytes = 0
            try db.reading { reader in
                try reader.forEach { recorded in
                    count += 1
                    bytes &+= recorded.event.id.utf8.count  // use the decoded event so nothing is optimized away
                    return true
                }
            }
            scanRates.append(Double(count) / (now() - started))
            precondition(count == events && bytes > 0)
        }
        var verifyRates: [Double] = []
        for _ in 0..<max(runs, 3) {
            let started = now()
            let report = try db.verify()
            verifyRates.append(Double(report.events) / (now() - started))
        }
        // Durable single-event appends: one write transaction (and fsync) per event.
        let single = "\(scratch)/single.db"
        removeDatabase(single)
        let singleDB = try Database(path: single, create: true)
        var latencies: [Double] = []
        for i in 0..<2000 {
            let event = Event(
                .entityCreated(id: "bench:\(i)", kind: "Bench", properties: Properties([("n", .integer(Int64(i)))]), labels: []))
            let started = now()
            try singleDB.append(EventBatch([event]))
            latencies.append(now() - started)
        }
        removeDatabase(single)
        latencies.sort()
        print(
            """
            {"events": \(events), "runs": \(runs),
             "append_events_per_s": \(median(appendRates)),
             "decode_one_core_ns_per_event": \(median(decodeNanoseconds)),
             "import_events_per_s": \(median(importRates)),
             "scan_events_per_s": \(median(scanRates)),
             "verify_events_per_s": \(median(verifyRates)),
             "single_append_p50_ms": \(latencies[latencies.count / 2] * 1000),
             "single_append_p99_ms": \(latencies[latencies.count * 99 / 100] * 1000)}
            """)
        removeDatabase("\(scratch)/import-\(runs - 1).db")
    }

}

/// A thread that runs `body` over bytes that outlive it, and can be joined.
final class ProducerThread: @unchecked Sendable {
    // `bytes` stay mapped until after `join()`; `done` orders the end of `body` before the join.
    private let done = DispatchSemaphore(value: 0)

    init(bytes: UnsafeRawBufferPointer, _ body: @escaping @Sendable (UnsafeRawBufferPointer) -> Void) {
        nonisolated(unsafe) let shared = bytes
        DispatchQueue.global(qos: .userInitiated).async { [done] in
            body(shared)
            done.signal()
        }
    }

    func join() { done.wait() }
}
