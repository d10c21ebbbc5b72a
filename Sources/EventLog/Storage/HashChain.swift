// hash(n) = SHA-256(hash(n-1) ‖ seq(n) as 8 bytes big-endian ‖ canonical bytes of event n), with
// hash(0) = 32 zero bytes. Anyone with the records can recompute it; changing, dropping or
// reordering any record changes every hash after it.
import Crypto

/// Computes links of the hash chain.
public enum HashChain {
    /// The hash of the record at `seq`, following `previous`.
    public static func link(previous: Digest, seq: UInt64, record: UnsafeRawBufferPointer) -> Digest {
        var hasher = SHA256()
        previous.withBytes { hasher.update(bufferPointer: $0) }
        withUnsafeBytes(of: seq.bigEndian) { hasher.update(bufferPointer: $0) }
        hasher.update(bufferPointer: record)
        return hasher.finalize().withUnsafeBytes { Digest(bytes: $0) }
    }

    /// The hash of the record at `seq`, following `previous`.
    public static func link(previous: Digest, seq: UInt64, record: [UInt8]) -> Digest {
        record.withUnsafeBytes { link(previous: previous, seq: seq, record: $0) }
    }

    /// SHA-256 of arbitrary bytes (used to shorten over-long index keys).
    static func sha256(_ bytes: UnsafeRawBufferPointer) -> [UInt8] {
        Array(SHA256.hash(data: bytes))
    }

    /// SHA-256 of arbitrary bytes, as a digest (snapshot checksums and graph digests).
    public static func digest(of bytes: UnsafeRawBufferPointer) -> Digest {
        SHA256.hash(data: bytes).withUnsafeBytes { Digest(bytes: $0) }
    }
}
