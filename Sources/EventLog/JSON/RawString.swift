#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// A string as read: raw ASCII bytes (valid while the text is), or decoded.
enum RawString {
    case raw(UnsafeRawBufferPointer)
    case decoded(String)

    /// The string.
    var string: String {
        switch self {
        case .raw(let bytes): String(decoding: bytes, as: UTF8.self)
        case .decoded(let s): s
        }
    }

    /// Whether the string is exactly `literal` (ASCII).
    func equals(_ literal: StaticString) -> Bool {
        switch self {
        case .raw(let bytes):
            bytes.count == literal.utf8CodeUnitCount
                && (bytes.count == 0 || memcmp(bytes.baseAddress!, literal.utf8Start, bytes.count) == 0)
        case .decoded(let s): s == literal.description
        }
    }
}
