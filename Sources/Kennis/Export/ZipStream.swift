// A directory export (CSV) as one ZIP archive written as it is made, for a door that sends one stream
// (`GET /export?format=csv`): each file a stored entry whose sizes and CRC-32 follow its data (a data
// descriptor, general purpose flag bit 3), so nothing is held but the central directory, written last.
// Stored, not deflated: CSV pieces go out as they come, and HTTP compresses on its own when asked.
// Without ZIP64, an entry or the archive past 4 GiB is refused, not written wrong.
import EventLog

/// Files, each whole before the next, as the bytes of one ZIP archive.
public struct ZipStream {
    private struct Entry {
        let name: [UInt8]
        let offset: UInt32
        var crc: UInt32 = 0
        var size: UInt64 = 0
    }

    /// Why a ZIP archive cannot be written.
    public struct TooLarge: Error, CustomStringConvertible {
        public var description: String { "the export is larger than a ZIP archive without ZIP64 holds (4 GiB)" }
    }

    private var entries: [Entry] = []
    /// The name of the entry being written.
    private var current: String?
    private var offset: UInt64 = 0
    private var crc = CRC32()
    private let time: (date: UInt16, time: UInt16)

    /// An archive whose entries are dated `now`; each call hands its bytes to the `emit` it is given.
    public init(now: Timestamp = .now()) { time = Self.dosTime(now) }

    /// A piece of the file `name`: a new entry when the name differs from the last piece's.
    public mutating func write(_ name: String, _ piece: [UInt8], to emit: ([UInt8]) throws -> Void) throws {
        if current != name { try startEntry(name, emit) }
        crc.update(piece)
        entries[entries.count - 1].size += UInt64(piece.count)
        try put(piece, emit)
    }

    /// Ends the last entry and writes the central directory.
    public mutating func finish(to emit: ([UInt8]) throws -> Void) throws {
        if !entries.isEmpty { try endEntry(emit) }
        let directoryStart = offset
        for entry in entries { try put(header(of: entry, central: true), emit) }
        guard offset < UInt64(UInt32.max), entries.count < Int(UInt16.max) else { throw TooLarge() }
        var end = LittleEndianBytes()
        end.uint32(0x0605_4b50)
        end.uint16(0)
        end.uint16(0)
        end.uint16(UInt16(entries.count))
        end.uint16(UInt16(entries.count))
        end.uint32(UInt32(offset - directoryStart))
        end.uint32(UInt32(directoryStart))
        end.uint16(0)
        try put(end.bytes, emit)
    }

    private mutating func startEntry(_ name: String, _ emit: ([UInt8]) throws -> Void) throws {
        if !entries.isEmpty { try endEntry(emit) }
        guard offset < UInt64(UInt32.max) else { throw TooLarge() }
        entries.append(Entry(name: Array(name.utf8), offset: UInt32(offset)))
        current = name
        crc = CRC32()
        try put(header(of: entries[entries.count - 1], central: false), emit)
    }

    /// The data descriptor: the CRC-32 and sizes, now that they are known.
    private mutating func endEntry(_ emit: ([UInt8]) throws -> Void) throws {
        let index = entries.count - 1
        entries[index].crc = crc.value
        guard entries[index].size < UInt64(UInt32.max) else { throw TooLarge() }
        var descriptor = LittleEndianBytes()
        descriptor.uint32(0x0807_4b50)
        descriptor.uint32(entries[index].crc)
        descriptor.uint32(UInt32(entries[index].size))
        descriptor.uint32(UInt32(entries[index].size))
        try put(descriptor.bytes, emit)
    }

    /// A local header (CRC and sizes zero: they follow the data) or a central directory header.
    private func header(of entry: Entry, central: Bool) -> [UInt8] {
        var header = LittleEndianBytes()
        header.uint32(central ? 0x0201_4b50 : 0x0403_4b50)
        if central { header.uint16(20) }  // made by: MS-DOS attributes, version 2.0
        header.uint16(20)  // needed to extract: 2.0
        header.uint16(0x0808)  // sizes in a data descriptor; the name is UTF-8
        header.uint16(0)  // stored
        header.uint16(time.time)
        header.uint16(time.date)
        header.uint32(central ? entry.crc : 0)
        header.uint32(central ? UInt32(entry.size) : 0)
        header.uint32(central ? UInt32(entry.size) : 0)
        header.uint16(UInt16(entry.name.count))
        header.uint16(0)  // no extra field
        if central {
            for _ in 0..<3 { header.uint16(0) }  // comment length, disk, internal attributes
            header.uint32(0)  // external attributes
            header.uint32(entry.offset)
        }
        header.bytes += entry.name
        return header.bytes
    }

    private mutating func put(_ bytes: [UInt8], _ emit: ([UInt8]) throws -> Void) throws {
        try emit(bytes)
        offset += UInt64(bytes.count)
    }

    /// A time as MS-DOS dates it (UTC, two-second resolution, from 1980).
    private static func dosTime(_ now: Timestamp) -> (date: UInt16, time: UInt16) {
        let seconds = now.milliseconds / 1000
        let day = CalendarDate(epochDay: seconds / 86_400)
        let (year, month, dayOfMonth) = day.components
        let second = seconds % 86_400
        let date = (max(year, 1980) - 1980) << 9 | month << 5 | dayOfMonth
        let time = (second / 3600) << 11 | (second % 3600 / 60) << 5 | (second % 60 / 2)
        return (UInt16(truncatingIfNeeded: date), UInt16(truncatingIfNeeded: time))
    }
}

/// Little-endian integers, as ZIP's headers have them.
private struct LittleEndianBytes {
    var bytes: [UInt8] = []

    mutating func uint16(_ value: UInt16) { bytes += [UInt8(value & 0xFF), UInt8(value >> 8)] }
    mutating func uint32(_ value: UInt32) {
        for shift in stride(from: 0, to: 32, by: 8) { bytes.append(UInt8(truncatingIfNeeded: value >> shift)) }
    }
}

/// CRC-32 (IEEE 802.3, as ZIP and gzip use it), a table lookup per byte.
struct CRC32 {
    private var crc: UInt32 = 0xFFFF_FFFF

    private static let table: [UInt32] = (0..<256).map { index in
        var value = UInt32(index)
        for _ in 0..<8 { value = value & 1 == 1 ? 0xEDB8_8320 ^ (value >> 1) : value >> 1 }
        return value
    }

    mutating func update(_ bytes: [UInt8]) {
        let table = Self.table
        var crc = self.crc
        for byte in bytes { crc = table[Int((crc ^ UInt32(byte)) & 0xFF)] ^ (crc >> 8) }
        self.crc = crc
    }

    var value: UInt32 { crc ^ 0xFFFF_FFFF }
}
