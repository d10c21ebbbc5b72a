// Scrubbing the environment's data file (PageScrubber.swift) safely while other processes read and
// write it: only pages no reader can still see are zeroed — every reader must have begun after the
// last commit, so none reads a tree that used a page now free — and the scrub runs holding LMDB's
// writer lock (inside a write transaction that writes nothing and is aborted), so no writer takes a
// free page while it is being zeroed. What is zeroed is space no tree refers to: readers of the
// newest tree never read it.
internal import CLMDB
import Synchronization

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

extension Environment {
    /// Zeroes every byte of the data file that no live page uses, once no reader sees an older state;
    /// waits up to `patience` for readers of older states to finish, then throws `.busy` naming one.
    public func scrubUnusedSpace(patience: Duration = .seconds(30)) throws -> ScrubReport {
        let deadline = ContinuousClock.now + patience
        while true {
            do {
                try write { _ in
                    let current = info.me_last_txnid
                    let oldest = try oldestReaderTransaction()
                    guard oldest.map({ $0 >= current }) ?? true else {
                        if ContinuousClock.now > deadline {
                            throw LMDBError(
                                rawCode: EBUSY,
                                operation:
                                    "scrub: a reader still sees transaction \(oldest!) of \(current); its pages are zeroed once it ends")
                        }
                        return
                    }
                    let report = try scrubFile(freePages: try freePages(), lastUsedPage: info.me_last_pgno)
                    throw ScrubDone(report: report)
                }
            } catch let done as ScrubDone {
                return done.report
            }
            try? check(mdb_reader_check(handle, nil), "mdb_reader_check")
            usleep(10_000)
        }
    }

    /// The transaction the oldest active reader sees, nil when none is active.
    private func oldestReaderTransaction() throws -> Int? {
        final class Lines { var text = "" }
        let lines = Lines()
        let rc = mdb_reader_list(
            handle,
            { message, context in
                guard let message, let context else { return 0 }
                Unmanaged<Lines>.fromOpaque(context).takeUnretainedValue().text += String(cString: message)
                return 0
            }, Unmanaged.passUnretained(lines).toOpaque())
        try check(rc, "mdb_reader_list")
        // "pid thread txnid" per reader slot; a txnid of "-" is a slot not in a transaction.
        let transactions = lines.text.split(separator: "\n").compactMap { line -> Int? in
            let fields = line.split(separator: " ")
            return fields.count == 3 ? Int(fields[2]) : nil
        }
        return transactions.min()
    }

    /// The pages on the free list, as the last commit left it. LMDB lets only a read transaction walk
    /// the free list; begun while the caller holds the writer lock, it sees the last commit.
    private func freePages() throws -> Set<Int> {
        var txn: OpaquePointer?
        try check(mdb_txn_begin(handle, nil, UInt32(MDB_RDONLY), &txn), "mdb_txn_begin(read free list)")
        defer { mdb_txn_abort(txn) }
        var cursor: OpaquePointer?
        try check(mdb_cursor_open(txn, 0, &cursor), "mdb_cursor_open(free list)")
        defer { mdb_cursor_close(cursor) }
        var pages = Set<Int>()
        var key = MDB_val(), value = MDB_val()
        var op = MDB_FIRST
        while true {
            let rc = mdb_cursor_get(cursor, &key, &value, op)
            if rc == MDB_NOTFOUND { break }
            try check(rc, "mdb_cursor_get(free list)")
            op = MDB_NEXT
            // An ID list: its length, then the page numbers.
            let ids = UnsafeRawBufferPointer(start: value.mv_data, count: value.mv_size)
            let count = ids.count / MemoryLayout<Int>.size
            guard count > 0 else { continue }
            let listed = ids.loadUnaligned(fromByteOffset: 0, as: Int.self)
            for index in 1..<min(count, listed + 1) {
                pages.insert(ids.loadUnaligned(fromByteOffset: index * MemoryLayout<Int>.size, as: Int.self))
            }
        }
        return pages
    }

    /// Maps the data file and scrubs it.
    private func scrubFile(freePages: Set<Int>, lastUsedPage: Int) throws -> ScrubReport {
        let file = openReadWrite(path + "/data.mdb")
        guard file >= 0 else { throw LMDBError(rawCode: errno, operation: "open(\(path)/data.mdb) to scrub") }
        defer { closeFile(file) }
        var info = stat()
        guard fstat(file, &info) == 0 else { throw LMDBError(rawCode: errno, operation: "fstat(data.mdb)") }
        let size = Int(info.st_size) / pageSize * pageSize
        guard size > 0, let map = mmap(nil, size, PROT_READ, MAP_SHARED, file, 0), map != MAP_FAILED else {
            throw LMDBError(rawCode: errno, operation: "mmap(data.mdb) to scrub")
        }
        defer { munmap(map, size) }
        var scrubber = PageScrubber(file: file, pageSize: pageSize, lastUsedPage: lastUsedPage, freePages: freePages)
        try scrubber.scrub(
            UnsafeRawBufferPointer(start: map, count: size),
            tail: Self.dataExtents(file, from: (lastUsedPage + 1) * pageSize, to: size, pageSize: pageSize))
        guard fsync(file) == 0 else { throw LMDBError(rawCode: errno, operation: "fsync(data.mdb) after scrubbing") }
        return scrubber.report
    }

    /// The page ranges between `start` and `end` that hold data (a file with the write map is as long
    /// as the map, mostly holes). Where the file system cannot tell, all of it.
    private static func dataExtents(_ file: Int32, from start: Int, to end: Int, pageSize: Int) -> [Range<Int>] {
        // SEEK_DATA and SEEK_HOLE (Linux, the BSDs, macOS): not every C header exposes them to Swift.
        let seekData: Int32 = 3, seekHole: Int32 = 4
        var extents: [Range<Int>] = []
        var at = start
        while at < end {
            let data = lseek(file, off_t(at), seekData)
            // ENXIO: no data after `at`; another error: the file system cannot say, so look at it all.
            guard data >= 0 else { return errno == ENXIO ? extents : extents + [(at / pageSize)..<(end / pageSize)] }
            if Int(data) >= end { break }
            let hole = lseek(file, data, seekHole)
            let stop = hole < 0 ? end : min(Int(hole), end)
            extents.append((Int(data) / pageSize)..<((stop + pageSize - 1) / pageSize))
            at = stop
        }
        return extents
    }
}

/// Ends the scrub's write transaction without committing it, carrying the report out.
private struct ScrubDone: Error {
    let report: ScrubReport
}

// Outside the extension, where `open` is the C function, not Environment's.
private func openReadWrite(_ path: String) -> Int32 { open(path, O_RDWR) }
