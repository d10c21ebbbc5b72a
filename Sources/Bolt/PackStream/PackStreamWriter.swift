// Writes PackStream values in their smallest encodings (big-endian, as the format says): a tiny int
// or a marker with the narrowest width that holds the value or size.

/// Appends PackStream encodings to a byte array.
public struct PackStreamWriter: Sendable {
    public private(set) var bytes: [UInt8] = []

    public init(capacity: Int = 256) { bytes.reserveCapacity(capacity) }

    public mutating func write(_ value: PackStreamValue) {
        switch value {
        case .null: bytes.append(0xC0)
        case .boolean(let flag): bytes.append(flag ? 0xC3 : 0xC2)
        case .integer(let number): integer(number)
        case .float(let number):
            bytes.append(0xC1)
            bigEndian(number.bitPattern, width: 8)
        case .bytes(let data):
            size(data.count, markers: (nil, 0xCC, 0xCD, 0xCE))
            bytes += data
        case .string(let text):
            let utf8 = Array(text.utf8)
            size(utf8.count, markers: (0x80, 0xD0, 0xD1, 0xD2))
            bytes += utf8
        case .list(let items):
            size(items.count, markers: (0x90, 0xD4, 0xD5, 0xD6))
            for item in items { write(item) }
        case .map(let entries):
            size(entries.count, markers: (0xA0, 0xD8, 0xD9, 0xDA))
            for entry in entries {
                write(.string(entry.key))
                write(entry.value)
            }
        case .structure(let tag, let fields):
            precondition(fields.count < 16, "a structure has at most 15 fields")
            bytes.append(0xB0 | UInt8(fields.count))
            bytes.append(tag)
            for field in fields { write(field) }
        }
    }

    private mutating func integer(_ number: Int64) {
        switch number {
        case -16...127: bytes.append(UInt8(bitPattern: Int8(number)))
        case -128 ... -17:
            bytes.append(0xC8)
            bigEndian(UInt64(bitPattern: number), width: 1)
        case -32_768...32_767:
            bytes.append(0xC9)
            bigEndian(UInt64(bitPattern: number), width: 2)
        case -2_147_483_648...2_147_483_647:
            bytes.append(0xCA)
            bigEndian(UInt64(bitPattern: number), width: 4)
        default:
            bytes.append(0xCB)
            bigEndian(UInt64(bitPattern: number), width: 8)
        }
    }

    /// A size: in the marker's low nibble when `tiny` exists and it is under 16, else after an 8-,
    /// 16- or 32-bit marker.
    private mutating func size(_ count: Int, markers: (tiny: UInt8?, UInt8, UInt8, UInt8)) {
        if let tiny = markers.tiny, count < 16 {
            bytes.append(tiny | UInt8(count))
        } else if count <= 0xFF {
            bytes.append(markers.1)
            bigEndian(UInt64(count), width: 1)
        } else if count <= 0xFFFF {
            bytes.append(markers.2)
            bigEndian(UInt64(count), width: 2)
        } else {
            bytes.append(markers.3)
            bigEndian(UInt64(count), width: 4)
        }
    }

    private mutating func bigEndian(_ value: UInt64, width: Int) {
        for index in stride(from: width - 1, through: 0, by: -1) {
            bytes.append(UInt8(truncatingIfNeeded: value >> UInt64(8 * index)))
        }
    }
}
