// A fast hash under openCypher's equivalence, for the tables DISTINCT keeps (DistinctRows). Values
// equivalent by `Value.isEquivalent` hash alike, without SipHash: the standard Hasher's seeding and
// finalisation cost more than hashing a name itself. The hash is seeded
// per process, so data cannot be crafted to collide ahead of time.
//
// Strings are the subtle part. Swift compares them by canonical equivalence, so two strings with
// different bytes can be equal. Strings of ASCII only are hashed by their bytes: no other ASCII string
// is canonically equivalent to one. A non-ASCII string equal to an ASCII one must consist of ASCII and
// of the three characters whose canonical form is ASCII (KELVIN SIGN → K, GREEK QUESTION MARK → ;,
// GREEK VARIA → `): those are hashed as the ASCII they stand for. Every other string is hashed the
// standard way, which Swift keeps consistent with its own equality.

/// A per-process seeded hash consistent with `Value.isEquivalent`.
enum EquivalenceHash {
    private static let seed = UInt64.random(in: .min ... .max)

    /// The hash of a row of values.
    static func of(_ values: [Value]) -> Int {
        var hash = seed
        for value in values { hash = combine(hash, value) }
        return Int(truncatingIfNeeded: hash)
    }

    /// Folds `word` into `hash` (a 64 × 64 → 128-bit multiply, its halves folded).
    private static func mix(_ hash: UInt64, _ word: UInt64) -> UInt64 {
        let product = (hash ^ 0xA076_1D64_78BD_642F).multipliedFullWidth(by: word ^ 0xE703_7ED1_A0B4_28DB)
        return product.high ^ product.low
    }

    private static func combine(_ hash: UInt64, _ value: Value) -> UInt64 {
        switch value {
        case .null: return mix(hash, 1)
        case .boolean(let b): return mix(hash, b ? 2 : 3)
        case .integer(let n): return number(hash, Double(n))
        case .float(let x): return number(hash, x)
        case .string(let s): return string(hash, s)
        case .list(let items):
            var hash = mix(hash ^ 5, UInt64(items.count))
            for item in items { hash = combine(hash, item) }
            return hash
        case .map(let entries):
            // Order-independent: the entries' own hashes summed.
            var sum: UInt64 = 0
            for entry in entries { sum &+= combine(string(seed, entry.key), entry.value) }
            return mix(hash ^ 6, sum ^ UInt64(entries.count))
        case .node(let node): return mix(hash ^ 7, UInt64(node.handle))
        case .relationship(let relationship): return mix(hash ^ 8, UInt64(relationship.handle))
        case .temporal(let value):
            let (kind, bits) = value.equivalenceKey
            return mix(hash ^ kind, bits)
        case .path(let path):
            var hash = mix(hash ^ 9, UInt64(path.nodes.count))
            for node in path.nodes { hash = mix(hash, UInt64(node.handle)) }
            for relationship in path.relationships { hash = mix(hash, UInt64(relationship.handle)) }
            return hash
        }
    }

    /// Integers and floats alike (1 and 1.0 are equivalent), 0.0 and -0.0 alike, every NaN alike.
    private static func number(_ hash: UInt64, _ x: Double) -> UInt64 {
        if x.isNaN { return mix(hash, 4) }
        return mix(hash ^ 4, (x == 0 ? 0.0 : x).bitPattern)
    }

    private static func string(_ hash: UInt64, _ s: String) -> UInt64 {
        var s = s
        if let ascii = s.withUTF8({ bytes in asciiHash(hash, bytes) }) { return ascii }
        // Not ASCII: hashed the standard way unless every other character is one standing for ASCII.
        guard s.unicodeScalars.allSatisfy({ $0.isASCII || asciiEquivalent($0) != nil }) else {
            var hasher = Hasher()
            hasher.combine(s)
            return mix(hash ^ 10, UInt64(UInt(bitPattern: hasher.finalize())))
        }
        let mapped = s.unicodeScalars.map { scalar in asciiEquivalent(scalar) ?? UInt8(scalar.value) }
        return mapped.withUnsafeBufferPointer { asciiHash(hash, $0)! }
    }

    /// The ASCII character a non-ASCII one is canonically equivalent to, if any.
    private static func asciiEquivalent(_ scalar: Unicode.Scalar) -> UInt8? {
        switch scalar.value {
        case 0x212A: UInt8(ascii: "K")  // KELVIN SIGN
        case 0x037E: UInt8(ascii: ";")  // GREEK QUESTION MARK
        case 0x1FEF: UInt8(ascii: "`")  // GREEK VARIA
        default: nil
        }
    }

    /// The hash of ASCII bytes, eight at a time; nil if any byte is not ASCII.
    private static func asciiHash(_ hash: UInt64, _ bytes: UnsafeBufferPointer<UInt8>) -> UInt64? {
        var hash = mix(hash ^ 11, UInt64(bytes.count))
        let raw = UnsafeRawBufferPointer(bytes)
        var offset = 0
        while offset + 8 <= raw.count {
            let word = raw.loadUnaligned(fromByteOffset: offset, as: UInt64.self)
            if word & 0x8080_8080_8080_8080 != 0 { return nil }
            hash = mix(hash, word)
            offset += 8
        }
        if offset < raw.count {
            var word: UInt64 = 0
            for (shift, byte) in raw[offset...].enumerated() {
                if byte >= 0x80 { return nil }
                word |= UInt64(byte) << (8 * UInt64(shift))
            }
            hash = mix(hash, word)
        }
        return hash
    }
}
