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

/// This process's resident memory and the anonymous part of it (the heap: what a graph takes), in
/// bytes, from /proc/self/status.
public func processMemory() -> (rss: Int, anonymous: Int) {
    let fd = open("/proc/self/status", O_RDONLY)
    defer { close(fd) }
    var data: [UInt8] = []
    var chunk = [UInt8](repeating: 0, count: 4096)
    while true {
        let n = read(fd, &chunk, chunk.count)
        if n <= 0 { break }
        data += chunk[0..<n]
    }
    let status = String(decoding: data, as: UTF8.self)
    func kilobytes(_ name: String) -> Int {
        status.split(separator: "\n").first { $0.hasPrefix(name + ":") }
            .flatMap { Int($0.split(separator: " ", omittingEmptySubsequences: true).dropFirst().first ?? "") } ?? 0
    }
    return (kilobytes("VmRSS") * 1024, kilobytes("RssAnon") * 1024)
}
