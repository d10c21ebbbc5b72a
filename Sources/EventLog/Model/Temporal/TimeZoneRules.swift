// Named time zones (`Europe/Amsterdam`) from the system's tz database: the TZif files under
// /usr/share/zoneinfo (or $TZDIR), read once per zone and kept. A file lists the instants at which the
// zone's offset changed; the POSIX rule in its footer gives the changes after the last one listed.
// A local date-time is resolved to an instant as java.time (and so openCypher) does: in a gap (the
// hour skipped when clocks go forward) it moves later by the gap; in an overlap (the hour repeated
// when they go back) it takes the earlier offset, unless the offset it had is one of the two.
import Synchronization

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The offsets of one named zone over time.
public final class TimeZoneRules: Sendable {
    /// The zone's name, as given (`Europe/Stockholm`).
    public let name: String
    /// UTC seconds at which the offset changes, ascending.
    private let transitions: [Int64]
    /// The offset from each transition on.
    private let offsets: [Int32]
    /// The offset before the first transition.
    private let initialOffset: Int32
    /// The changes after the last transition; nil when the last offset holds for ever.
    private let rule: PosixTimeZoneRule?

    init(name: String, transitions: [Int64], offsets: [Int32], initialOffset: Int32, rule: PosixTimeZoneRule?) {
        self.name = name
        self.transitions = transitions
        self.offsets = offsets
        self.initialOffset = initialOffset
        self.rule = rule
    }

    /// The offset in effect at `seconds` since 1970-01-01T00:00Z.
    public func offset(atUTC seconds: Int64) -> UTCOffset {
        UTCOffset(checkedSeconds: rawOffset(atUTC: seconds))
    }

    private func rawOffset(atUTC seconds: Int64) -> Int32 {
        if let last = transitions.last, seconds >= last, let rule { return rule.offset(atUTC: seconds) }
        // The last transition at or before `seconds`.
        var low = 0, high = transitions.count
        while low < high {
            let middle = (low + high) / 2
            if transitions[middle] <= seconds { low = middle + 1 } else { high = middle }
        }
        if low == 0 { return transitions.isEmpty ? (rule?.offset(atUTC: seconds) ?? initialOffset) : initialOffset }
        return offsets[low - 1]
    }

    /// The instant and offset of the local date-time `local` (its seconds since 1970-01-01T00:00 as if
    /// it were UTC). In a gap the instant is the local time read with the offset before the gap (so the
    /// clock reads later by the gap); in an overlap the earlier offset, or `preferring` when valid.
    public func resolve(local: Int64, preferring: UTCOffset? = nil) -> (utc: Int64, offset: UTCOffset) {
        // Offsets change at most once in a day, and by less than a day: the candidates are the
        // offsets a day either side.
        let before = rawOffset(atUTC: local - 86_400), after = rawOffset(atUTC: local + 86_400)
        let valid = [before, after].filter { rawOffset(atUTC: local - Int64($0)) == $0 }
        if let preferring, valid.contains(preferring.seconds) { return (local - Int64(preferring.seconds), preferring) }
        if let first = valid.first { return (local - Int64(first), UTCOffset(checkedSeconds: first)) }
        let utc = local - Int64(before)
        return (utc, offset(atUTC: utc))
    }

    // MARK: The database

    /// Zones read, and names found to be no zone (nil) — a query that names a zone on every row, or a
    /// missing one, reads the file once. Names that are no zone are kept up to `maximumMisses`, so that
    /// a stream of made-up names cannot grow it without end.
    private static let loaded = Mutex<(zones: [String: TimeZoneRules?], misses: Int)>(([:], 0))
    private static let maximumMisses = 4_096

    /// The zone `name` of the tz database; nil when the name is not a zone's (or not a safe path).
    public static func named(_ name: String) -> TimeZoneRules? {
        if let known = loaded.withLock({ $0.zones[name] }) { return known }
        var rules: TimeZoneRules?
        if isZoneName(name), let bytes = readFile(directory + "/" + name) { rules = try? TZifReader.read(bytes, name: name) }
        loaded.withLock { cache in
            guard rules != nil || cache.misses < maximumMisses else { return }
            if rules == nil { cache.misses += 1 }
            cache.zones[name] = .some(rules)
        }
        return rules
    }

    /// The directory of TZif files: $TZDIR, or the system's.
    private static var directory: String {
        if let custom = getenv("TZDIR") { return String(cString: custom) }
        return "/usr/share/zoneinfo"
    }

    /// Whether `name` looks like a zone's name: parts of letters, digits, `_`, `-` and `+` between
    /// slashes, none empty or starting with a dot — so no name reaches outside the directory.
    static func isZoneName(_ name: String) -> Bool {
        guard !name.isEmpty, name.utf8.count <= 64 else { return false }
        return name.split(separator: "/", omittingEmptySubsequences: false).allSatisfy { part in
            guard let first = part.utf8.first, first != UInt8(ascii: "."), first != UInt8(ascii: "-") else { return false }
            return part.utf8.allSatisfy { byte in
                (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(byte) || (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(byte)
                    || TemporalScanner.isDigit(byte) || byte == UInt8(ascii: "_") || byte == UInt8(ascii: "-")
                    || byte == UInt8(ascii: "+")
            }
        }
    }

    /// The bytes of a regular file of at most 1 MiB; nil when there is none.
    private static func readFile(_ path: String) -> [UInt8]? {
        let descriptor = open(path, O_RDONLY)
        guard descriptor >= 0 else { return nil }
        defer { close(descriptor) }
        var status = stat()
        guard fstat(descriptor, &status) == 0, (status.st_mode & S_IFMT) == S_IFREG, status.st_size <= 1 << 20 else { return nil }
        var bytes = [UInt8](repeating: 0, count: Int(status.st_size))
        var filled = 0
        while filled < bytes.count {
            let count = bytes.withUnsafeMutableBytes { read(descriptor, $0.baseAddress! + filled, $0.count - filled) }
            guard count > 0 else { return nil }
            filled += count
        }
        return bytes
    }
}
