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

/// Deletes a database directory made by a benchmark.
public func removeDatabase(_ path: String) {
    unlink(path + "/data.mdb")
    unlink(path + "/lock.mdb")
    rmdir(path)
}
