// The hash chain. Each link commits to the digest of its event's record, not to the record itself,
// so that an erasure can remove content from a record while every link still verifies (the digest
// of the record as recorded is kept beside it, StoredEvent.swift):
//
//   digest(n) = SHA-256(record(n) as recorded)
//   hash(n)   = SHA-256(hash(n-1) ‖ seq(n) as 8 bytes big-endian ‖ digest(n)),   hash(0) = 32 zero bytes
//
// Anyone with the records can recompute it; changing, dropping or reordering any record changes every
// hash after it. Logs of format 1 chained the record itself (`formatOneLink`), read only to upgrade.
import Crypto

/// Computes links of the hash chain.
public enum HashChain {
    /// The hash of the event at `seq` whose record has digest `content`, following `previous`.
    public static func link(previous: Digest, seq: UInt64, content: Digest) -> Digest {
        var hasher = SHA256()
        previous.withBytes { hasher.update(bufferPointer: $0) }
        withUnsafeBytes(of: seq.bigEndian) { hasher.update(bufferPointer: $0) }
        content.withBytes { hasher.update(bufferPointer: $0) }
        return hasher.finalize().withUnsafeBytes { Digest(bytes: $0) }
    }

    /// The hash of the event at `seq` with `record` as recorded, following `previous`.
    public static func link(previous: Digest, seq: UInt64, record: [UInt8]) -> Digest {
        record.withUnsafeBytes { link(previous: previous, seq: seq, content: digest(of: $0)) }
    }

    /// A link of format 1's chain: `SHA-256(hash(n-1) ‖ seq ‖ record)`.
    static func formatOneLink(previous: Digest, seq: UInt64, record: UnsafeRawBufferPointer) -> Digest {
        var hasher = SHA256()
        previous.withBytes { hasher.update(bufferPointer: $0) }
        withUnsafeBytes(of: seq.bigEndian) { hasher.update(bufferPointer: $0) }
        hasher.update(bufferPointer: record)
        return hasher.finalize().withUnsafeBytes { Digest(bytes: $0) }
    }

    /// SHA-256 of arbitrary bytes (used to shorten over-long index keys).
    static func sha256(_ bytes: UnsafeRawBufferPointer) -> [UInt8] {
        Array(SHA256.hash(data: bytes))
    }

    /// SHA-256 of arbitrary bytes, as a digest (records, snapshot checksums and graph digests).
    public static func digest(of bytes: UnsafeRawBufferPointer) -> Digest {
        SHA256.hash(data: bytes).withUnsafeBytes { Digest(bytes: $0) }
    }
}
