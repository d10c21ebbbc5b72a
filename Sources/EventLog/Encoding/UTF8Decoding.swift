/// `bytes` as a String if they are valid UTF-8, else nil.
///
/// ASCII (most ids, keys and values) takes a fast path; other text is validated by the standard
/// library, called on a concrete buffer type so no generic metadata is looked up per call (that
/// lookup once cost more than the decoding).
@inline(__always)
func decodeUTF8(_ bytes: UnsafeBufferPointer<UInt8>) -> String? {
    var high: UInt8 = 0
    for byte in bytes { high |= byte }
    if high < 0x80 { return String(decoding: bytes, as: UTF8.self) }
    return String(validating: bytes, as: UTF8.self)
}
