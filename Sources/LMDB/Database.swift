// A named database inside an environment: a handle that stays valid as long as the environment.
internal import CLMDB

/// A named database (LMDB's `MDB_dbi`) of one `Environment`.
///
/// Handles are cheap values, valid in every transaction of the environment that opened them.
public struct Database: Sendable, Hashable {
    let dbi: MDB_dbi
    /// The name the database was opened with.
    public let name: String
}

/// How a named database stores its keys and values.
public struct DatabaseFlags: OptionSet, Sendable, Hashable {
    public let rawValue: UInt32
    public init(rawValue: UInt32) { self.rawValue = rawValue }

    /// Several sorted values per key (`MDB_DUPSORT`).
    public static let duplicateSort = DatabaseFlags(rawValue: UInt32(MDB_DUPSORT))
    /// With `duplicateSort`: every value of a key has the same size, stored packed (`MDB_DUPFIXED`).
    public static let duplicateFixed = DatabaseFlags(rawValue: UInt32(MDB_DUPFIXED))
}

/// Options for a single `put`.
public struct PutFlags: OptionSet, Sendable, Hashable {
    public let rawValue: UInt32
    public init(rawValue: UInt32) { self.rawValue = rawValue }

    /// Fail with `.keyExists` rather than overwrite (`MDB_NOOVERWRITE`).
    public static let noOverwrite = PutFlags(rawValue: UInt32(MDB_NOOVERWRITE))
    /// The key is greater than every key in the database: append without a search (`MDB_APPEND`).
    public static let append = PutFlags(rawValue: UInt32(MDB_APPEND))
    /// In a `duplicateSort` database, the value is greater than every value of its key (`MDB_APPENDDUP`).
    public static let appendDuplicate = PutFlags(rawValue: UInt32(MDB_APPENDDUP))
    /// Replace the entry under the cursor, whose key `key` must be (`MDB_CURRENT`); a value of the same
    /// size is overwritten in place.
    public static let current = PutFlags(rawValue: UInt32(MDB_CURRENT))
    /// In a `duplicateSort` database, fail if the pair already exists (`MDB_NODUPDATA`).
    public static let noDuplicateData = PutFlags(rawValue: UInt32(MDB_NODUPDATA))
}

/// Entry counts and B-tree shape of one database (`mdb_stat`).
public struct DatabaseStatistics: Sendable, Equatable {
    /// Number of key/value pairs (every duplicate counts).
    public let entries: Int
    /// Depth of the B-tree.
    public let depth: Int
    /// Branch, leaf and overflow pages.
    public let branchPages: Int, leafPages: Int, overflowPages: Int
    /// Page size in bytes.
    public let pageSize: Int

    /// Bytes of pages the database occupies.
    public var bytes: Int { (branchPages + leafPages + overflowPages) * pageSize }

    init(_ stat: MDB_stat) {
        entries = Int(stat.ms_entries)
        depth = Int(stat.ms_depth)
        branchPages = Int(stat.ms_branch_pages)
        leafPages = Int(stat.ms_leaf_pages)
        overflowPages = Int(stat.ms_overflow_pages)
        pageSize = Int(stat.ms_psize)
    }
}
