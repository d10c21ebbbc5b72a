// Copies of the environment (backups): LMDB's compacting copy, written at a pace the disk can share.
internal import CLMDB

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

extension Environment {
    /// Writes a consistent copy of the environment into the existing, empty directory `directory`
    /// (its `data.mdb`), compacted: free pages left out, the pages renumbered. LMDB copies inside a read
    /// transaction of its own, so writers go on while it runs and the copy is the state when it began.
    ///
    /// LMDB's own copy to a path writes with O_DIRECT as fast as the disk takes it, and a writer's
    /// commits (each an fsync) queue behind it. Here LMDB writes into a pipe; this thread writes the
    /// file and makes it durable every `pace` bytes, so the disk sees the copy in short flushes the
    /// writer's commits fit between.
    public func copy(to directory: String, pace: Int = 8 << 20) throws {
        let file = createFile(directory + "/data.mdb")
        guard file >= 0 else { throw LMDBError(rawCode: errno, operation: "open(\(directory)/data.mdb)") }
        defer { closeFile(file) }
        var ends: [Int32] = [0, 0]
        guard pipe(&ends) == 0 else { throw LMDBError(rawCode: errno, operation: "pipe") }
        let (readEnd, writeEnd) = (ends[0], ends[1])
        let handle = UInt(bitPattern: self.handle)
        let copied = try gate.shared {
            try onAnotherThread(
                {
                    let rc = mdb_env_copyfd2(OpaquePointer(bitPattern: handle), writeEnd, UInt32(MDB_CP_COMPACT))
                    closeFile(writeEnd)
                    return rc
                },
                whileThisOne: {
                    // Closed before the copier is joined, whatever happens: a copier writing into a pipe
                    // nobody reads gets EPIPE (LMDB's copy thread blocks SIGPIPE) instead of waiting forever.
                    defer { closeFile(readEnd) }
                    try drain(readEnd, into: file, pace: pace)
                })
        }
        try check(copied, "mdb_env_copyfd2(\(directory))")
        guard fsync(file) == 0 else { throw LMDBError(rawCode: errno, operation: "fsync(\(directory)/data.mdb)") }
    }
}

/// Copies everything `source` yields into `file`, durable every `pace` bytes. After a failure to write it
/// reads on to the end, discarding, so that the copier never waits on a full pipe, then throws.
private func drain(_ source: Int32, into file: Int32, pace: Int) throws {
    var buffer = [UInt8](repeating: 0, count: 1 << 20)
    var unsynced = 0
    var failure: LMDBError? = nil
    while true {
        let count = buffer.withUnsafeMutableBytes { read(source, $0.baseAddress, $0.count) }
        if count == 0 { break }
        guard count > 0 else {
            if errno == EINTR { continue }
            throw LMDBError(rawCode: errno, operation: "read(copy pipe)")
        }
        guard failure == nil else { continue }
        var written = 0
        while written < count {
            let step = buffer.withUnsafeBytes { write(file, $0.baseAddress! + written, count - written) }
            guard step > 0 else {
                failure = LMDBError(rawCode: errno, operation: "write(copy)")
                break
            }
            written += step
        }
        unsynced += count
        if failure == nil && unsynced >= pace {
            if fdatasync(file) != 0 { failure = LMDBError(rawCode: errno, operation: "fdatasync(copy)") }
            unsynced = 0
        }
    }
    if let failure { throw failure }
}

// Outside the extension, where `open` and `close` are the C functions, not Environment's.
func createFile(_ path: String) -> Int32 { open(path, O_WRONLY | O_CREAT | O_EXCL, 0o644) }
func closeFile(_ file: Int32) { _ = close(file) }

/// Runs `work` on a new thread while `meanwhile` runs on this one; returns `work`'s result once both
/// are done (the thread is joined even when `meanwhile` throws).
func onAnotherThread(_ work: @escaping @Sendable () -> Int32, whileThisOne meanwhile: () throws -> Void) throws -> Int32 {
    final class Job: @unchecked Sendable {
        let work: @Sendable () -> Int32
        var result: Int32 = 0
        init(_ work: @escaping @Sendable () -> Int32) { self.work = work }
    }
    let job = Job(work)
    var thread = pthread_t()
    let started = pthread_create(
        &thread, nil,
        { argument in
            let job = Unmanaged<Job>.fromOpaque(argument!).takeUnretainedValue()
            job.result = job.work()
            return nil
        }, Unmanaged.passUnretained(job).toOpaque())
    guard started == 0 else { throw LMDBError(rawCode: started, operation: "pthread_create") }
    defer { pthread_join(thread, nil) }
    try meanwhile()
    return withExtendedLifetime(job) { job.result }
}
