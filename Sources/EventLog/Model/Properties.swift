/// One named property value.
public struct Property: Sendable, Hashable {
    public var key: String
    public var value: PropertyValue

    public init(_ key: String, _ value: PropertyValue) {
        self.key = key
        self.value = value
    }
}

/// A set of properties, kept sorted by key (in UTF-8 byte order) with no key twice, which is what
/// makes an event's canonical encoding unique.
public struct Properties: Sendable, Hashable, RandomAccessCollection {
    public private(set) var entries: [Property]

    /// An empty property set.
    public init() { entries = [] }

    /// Properties from key/value pairs; a later pair wins over an earlier one with the same key.
    public init(_ pairs: [(String, PropertyValue)]) {
        var byKey: [String: PropertyValue] = [:]
        for (key, value) in pairs { byKey[key] = value }
        entries = byKey.map { Property($0.key, $0.value) }.sorted { utf8Less($0.key, $1.key) }
    }

    /// Properties already sorted by key with no duplicates (the decoders check this).
    init(sorted entries: [Property]) { self.entries = entries }

    /// Properties whose keys are known to differ (a graph's newest version of each): only sorted.
    public init(distinctKeys entries: [Property]) { self.entries = entries.sorted { utf8Less($0.key, $1.key) } }

    public var startIndex: Int { entries.startIndex }
    public var endIndex: Int { entries.endIndex }
    public subscript(position: Int) -> Property { entries[position] }

    /// The value of `key`, or nil.
    public subscript(key: String) -> PropertyValue? {
        entries.first { $0.key == key }?.value
    }
}

/// One entry of a JSON Merge Patch (RFC 7396) on properties: a value sets the key, nil removes it.
public struct PatchEntry: Sendable, Hashable {
    public var key: String
    public var value: PropertyValue?

    public init(_ key: String, _ value: PropertyValue?) {
        self.key = key
        self.value = value
    }
}

/// A merge patch on properties, sorted by key with no key twice.
public struct PropertyPatch: Sendable, Hashable, RandomAccessCollection {
    public private(set) var entries: [PatchEntry]

    /// A patch from entries; a later entry wins over an earlier one with the same key.
    public init(_ entries: [PatchEntry] = []) {
        var byKey: [String: PatchEntry] = [:]
        for entry in entries { byKey[entry.key] = entry }
        self.entries = byKey.values.sorted { utf8Less($0.key, $1.key) }
    }

    init(sorted entries: [PatchEntry]) { self.entries = entries }

    public var startIndex: Int { entries.startIndex }
    public var endIndex: Int { entries.endIndex }
    public subscript(position: Int) -> PatchEntry { entries[position] }

    /// `properties` with this patch applied.
    public func applied(to properties: Properties) -> Properties {
        var merged: [String: PropertyValue] = [:]
        for property in properties { merged[property.key] = property.value }
        for entry in entries { merged[entry.key] = entry.value }
        return Properties(merged.map { ($0.key, $0.value) })
    }
}

/// Byte-wise order of UTF-8 strings: the order canonical encodings sort keys in, independent of
/// Unicode collation (and the same as LMDB's key order).
@inline(__always)
func utf8Less(_ a: String, _ b: String) -> Bool {
    a.utf8.lexicographicallyPrecedes(b.utf8)
}
