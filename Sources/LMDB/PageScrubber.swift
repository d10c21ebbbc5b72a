// Zeroing the bytes of an LMDB data file that no live page uses. LMDB never clears what it stops
// using: a page copied on write, a page freed, the room a deleted or shrunk entry leaves inside a page,
// the end of an overflow page past its value, and (with the write map) pages an aborted transaction
// wrote — all keep their old bytes in the file until the space is written again. After an erasure
// those bytes may be the very content it removed, so they are zeroed here:
// - every page on the free list, and every page past the last one in use;
// - in every branch and leaf page, the gap between its pointers and its entries;
// - in every overflow run, the bytes after its value.
//
// The page format is LMDB 0.9's (mdb.c): a 16-byte header — pgno:u64, pad:u16, flags:u16, then
// lower:u16 ‖ upper:u16 (or pages:u32 for an overflow page) — pointers (u16 offsets) after the header,
// entries from `upper` to the end; a leaf entry (node) is lo:u16 ‖ hi:u16 (its data size) ‖ flags:u16
// ‖ ksize:u16 ‖ key ‖ data, the data an overflow page number when flags has F_BIGDATA. Anything that
// does not read as such a page is left as it is and counted. Integers are in the machine's order,
// little-endian on every platform Kennis builds for.
#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// What a scrub found and zeroed.
public struct ScrubReport: Sendable, Equatable {
    /// Pages of the file looked at.
    public var pagesScanned = 0
    /// Bytes written as zeros, in all.
    public var bytesZeroed = 0
    /// Pages that did not read as LMDB pages, left as they were.
    public var pagesNotUnderstood = 0
}

/// Scrubs one data file, given its free pages and the last page in use.
struct PageScrubber {
    private static let headerBytes = 16
    private static let branch: UInt16 = 0x01, leaf: UInt16 = 0x02, overflow: UInt16 = 0x04, meta: UInt16 = 0x08
    private static let leaf2: UInt16 = 0x20
    private static let bigData: UInt16 = 0x01

    let file: Int32
    let pageSize: Int
    let lastUsedPage: Int
    let freePages: Set<Int>
    private(set) var report = ScrubReport()
    /// Writes waiting, as (offset, count), merged when they touch.
    private var pending: [(offset: Int, count: Int)] = []

    init(file: Int32, pageSize: Int, lastUsedPage: Int, freePages: Set<Int>) {
        self.file = file
        self.pageSize = pageSize
        self.lastUsedPage = lastUsedPage
        self.freePages = freePages
    }

    /// Scrubs `map`, the whole file mapped for reading; past the last page in use, only the pages in
    /// `tail` (the extents of the file that hold data: the rest are holes, zero already).
    mutating func scrub(_ map: UnsafeRawBufferPointer, tail: [Range<Int>]) throws {
        let pages = map.count / pageSize
        var overflowSizes: [Int: Int] = [:]
        var overflowRuns: [(page: Int, count: Int)] = []
        var page = 2  // 0 and 1 are the meta pages
        while page <= min(lastUsedPage, pages - 1) {
            report.pagesScanned += 1
            let bytes = UnsafeRawBufferPointer(rebasing: map[(page * pageSize)..<((page + 1) * pageSize)])
            if freePages.contains(page) {
                try zeroPage(bytes, page)
                page += 1
                continue
            }
            page += try scrubLivePage(bytes, number: page, overflowSizes: &overflowSizes, overflowRuns: &overflowRuns)
        }
        for extent in tail {
            for page in max(extent.lowerBound, lastUsedPage + 1)..<min(extent.upperBound, pages) {
                report.pagesScanned += 1
                try zeroPage(UnsafeRawBufferPointer(rebasing: map[(page * pageSize)..<((page + 1) * pageSize)]), page)
            }
        }
        for run in overflowRuns {
            guard let size = overflowSizes[run.page], Self.headerBytes + size <= run.count * pageSize, run.page + run.count <= pages else {
                report.pagesNotUnderstood += 1
                continue
            }
            try zeroIfUsed(map, from: run.page * pageSize + Self.headerBytes + size, to: (run.page + run.count) * pageSize)
        }
        try flush()
    }

    /// Zeroes a page no tree uses, unless it is zero already.
    private mutating func zeroPage(_ bytes: UnsafeRawBufferPointer, _ page: Int) throws {
        guard !Self.isZero(bytes) else { return }
        try zero(offset: page * pageSize, count: pageSize)
    }

    /// Scrubs one live page; returns how many pages it spans.
    private mutating func scrubLivePage(
        _ bytes: UnsafeRawBufferPointer, number: Int, overflowSizes: inout [Int: Int], overflowRuns: inout [(page: Int, count: Int)]
    ) throws -> Int {
        guard Self.u64(bytes, 0) == UInt64(number) else {
            report.pagesNotUnderstood += 1
            return 1
        }
        let flags = Self.u16(bytes, 10)
        if flags & Self.overflow != 0 {
            let count = Int(Self.u16(bytes, 12)) | Int(Self.u16(bytes, 14)) << 16
            overflowRuns.append((number, max(count, 1)))
            return max(count, 1)
        }
        guard flags & (Self.branch | Self.leaf) != 0, flags & (Self.leaf2 | Self.meta) == 0 else {
            report.pagesNotUnderstood += 1
            return 1
        }
        let lower = Int(Self.u16(bytes, 12)), upper = Int(Self.u16(bytes, 14))
        guard lower >= Self.headerBytes, lower <= upper, upper <= pageSize else {
            report.pagesNotUnderstood += 1
            return 1
        }
        try zeroIfUsed(bytes, from: lower, to: upper, fileOffset: number * pageSize)
        if flags & Self.leaf != 0 { Self.noteOverflowValues(bytes, lower: lower, into: &overflowSizes) }
        return 1
    }

    /// Notes the data size of every value of a leaf page that lives in overflow pages, by their first page.
    private static func noteOverflowValues(_ bytes: UnsafeRawBufferPointer, lower: Int, into sizes: inout [Int: Int]) {
        for slot in 0..<((lower - headerBytes) / 2) {
            let node = Int(u16(bytes, headerBytes + 2 * slot))
            guard node + 8 <= bytes.count, u16(bytes, node + 4) & bigData != 0 else { continue }
            let keySize = Int(u16(bytes, node + 6))
            guard node + 8 + keySize + 8 <= bytes.count else { continue }
            let size = Int(u16(bytes, node)) | Int(u16(bytes, node + 2)) << 16
            sizes[Int(u64(bytes, node + 8 + keySize))] = size
        }
    }

    private mutating func zeroIfUsed(_ map: UnsafeRawBufferPointer, from start: Int, to end: Int) throws {
        try zeroIfUsed(UnsafeRawBufferPointer(rebasing: map[start..<end]), from: 0, to: end - start, fileOffset: start)
    }

    private mutating func zeroIfUsed(_ bytes: UnsafeRawBufferPointer, from start: Int, to end: Int, fileOffset: Int) throws {
        guard start < end, !Self.isZero(UnsafeRawBufferPointer(rebasing: bytes[start..<end])) else { return }
        try zero(offset: fileOffset + start, count: end - start)
    }

    private mutating func zero(offset: Int, count: Int) throws {
        report.bytesZeroed += count
        if let last = pending.last, last.offset + last.count == offset {
            pending[pending.count - 1].count += count
        } else {
            pending.append((offset, count))
        }
        if pending.count >= 4096 { try flush() }
    }

    private mutating func flush() throws {
        let zeros = [UInt8](repeating: 0, count: 1 << 20)
        for (offset, count) in pending {
            var done = 0
            while done < count {
                let chunk = min(count - done, zeros.count)
                let written = zeros.withUnsafeBytes { pwrite(file, $0.baseAddress, chunk, off_t(offset + done)) }
                guard written > 0 else { throw LMDBError(rawCode: errno, operation: "pwrite(data.mdb) while scrubbing") }
                done += written
            }
        }
        pending.removeAll(keepingCapacity: true)
    }

    private static func isZero(_ bytes: UnsafeRawBufferPointer) -> Bool {
        // Eight bytes at a time where aligned: most of a page is checked in a few hundred loads.
        var index = 0
        let count = bytes.count
        while index < count && (Int(bitPattern: bytes.baseAddress! + index) & 7) != 0 {
            if bytes[index] != 0 { return false }
            index += 1
        }
        while index + 8 <= count {
            if bytes.load(fromByteOffset: index, as: UInt64.self) != 0 { return false }
            index += 8
        }
        while index < count {
            if bytes[index] != 0 { return false }
            index += 1
        }
        return true
    }

    private static func u16(_ bytes: UnsafeRawBufferPointer, _ at: Int) -> UInt16 {
        UInt16(bytes[at]) | UInt16(bytes[at + 1]) << 8
    }

    private static func u64(_ bytes: UnsafeRawBufferPointer, _ at: Int) -> UInt64 {
        (0..<8).reduce(UInt64(0)) { $0 | UInt64(bytes[at + $1]) << (8 * $1) }
    }
}
