// Small helpers the benchmark executables share: a monotonic clock, medians, scratch databases.
#if canImport(Glibc)
    import Glibc
#endif

/// Seconds on the monotonic clock.
public func now() -> Double {
    var spec = timespec()
    clock_gettime(CLOCK_MONOTONIC, &spec)
    return Double(spec.tv_sec) + Double(spec.tv_nsec) / 1e9
}

/// The median of `values` (the upper one of an even count).
public func median(_ values: [Double]) -> Double { values.sorted()[values.count / 2] }

/// `PROGRAM EVENTS.jsonl SCRATCH_DIR [runs]`, the command line every benchmark takes; prints the usage
/// and exits 2 when it is not that.
public struct BenchmarkArguments {
    public let input: String
    public let scratch: String
    public let runs: Int

    public init(program: String, defaultRuns: Int) {
        let arguments = CommandLine.arguments
        guard arguments.count >= 3 else {
            print("usage: \(program) EVENTS.jsonl SCRATCH_DIR [runs]")
            exit(2)
        }
        input = arguments[1]
        scratch = arguments[2]
        runs = arguments.count > 3 ? Int(arguments[3]) ?? defaultRuns : defaultRuns
    }
}

/// Deletes a database directory made by a benchmark.
public func removeDatabase(_ path: String) {
    unlink(path + "/data.mdb")
    unlink(path + "/lock.mdb")
    rmdir(path)
}
