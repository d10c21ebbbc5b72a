/// How to open an `Environment`.
public struct EnvironmentOptions: Sendable, Equatable {
    /// Initial size of the memory map in bytes. It grows by itself on `MDB_MAP_FULL`, so this only
    /// sets where growth starts; an existing larger file keeps its own size.
    public var mapSize: Int = 1 << 30
    /// The memory map never grows past this many bytes; a write that needs more fails with `.mapFull`.
    public var maximumMapSize: Int = 1 << 40
    /// Named databases the environment may hold.
    public var maxDatabases: Int = 16
    /// Concurrent read transactions (LMDB's default: 126, which fit exactly in its 8 KiB reader table).
    public var maxReaders: Int = 126
    /// Open for reading only (`MDB_RDONLY`); every write fails with `.permissionDenied`.
    public var readOnly: Bool = false
    /// Skip the fsync at commit (`MDB_NOSYNC`). Only for a bulk import that can be redone from its
    /// source file: a crash may lose the last transactions (never corrupt older ones).
    public var noSync: Bool = false
    /// Write through the memory map (`MDB_WRITEMAP`) instead of copying dirty pages into malloc'd
    /// buffers and writing them out at commit: large transactions get much cheaper. Commits still sync.
    public var writeMap: Bool = false
    /// Create the directory if it does not exist.
    public var createIfMissing: Bool = true

    public init() {}
}
