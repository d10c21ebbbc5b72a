// The LMDB environment: one memory-mapped file, its named databases, and the transactions on it.
// Writers are serialized by LMDB; readers never block anyone. The map grows by itself when a write
// transaction fills it: the transaction is aborted, the map doubled, and the body run again.
internal import CLMDB
import Synchronization

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// An open LMDB environment (a directory holding `data.mdb` and `lock.mdb`).
///
/// There is at most one per path per process (LMDB's locks break if a process opens a file twice):
/// `open(path:options:)` hands back the instance that is already open.
///
/// `@unchecked Sendable`: LMDB environments are thread-safe for starting transactions (opened with
/// `MDB_NOTLS`, so a read transaction is not tied to a thread's slot); the Swift state is behind `Mutex`,
/// and `ResizeGate` keeps map resizes away from open transactions.
public final class Environment: @unchecked Sendable {
    let handle: OpaquePointer
    /// The directory the environment lives in, as given to `open`.
    public let path: String
    /// The options the environment was opened with.
    public let options: EnvironmentOptions
    private let registryKey: String
    let gate = ResizeGate()
    private let databases = Mutex<[String: Database]>([:])

    /// Opens (and by default creates) the environment at `path`, clearing reader slots left by dead
    /// processes. Returns the already open instance if this process has one for the same path.
    public static func open(path: String, options: EnvironmentOptions = EnvironmentOptions()) throws -> Environment {
        if options.createIfMissing && !options.readOnly {
            if mkdir(path, 0o755) != 0 && errno != EEXIST {
                throw LMDBError(rawCode: errno, operation: "mkdir(\(path))")
            }
        }
        let key = canonicalPath(path)
        return try EnvironmentRegistry.shared.instance(for: key) {
            try Environment(path: path, registryKey: key, options: options)
        }
    }

    private init(path: String, registryKey: String, options: EnvironmentOptions) throws {
        var env: OpaquePointer?
        try check(mdb_env_create(&env), "mdb_env_create")
        guard let env else { throw LMDBError(rawCode: ENOMEM, operation: "mdb_env_create") }
        var flags = UInt32(MDB_NOTLS)
        if options.readOnly { flags |= UInt32(MDB_RDONLY) }
        if options.noSync { flags |= UInt32(MDB_NOSYNC) }
        if options.writeMap { flags |= UInt32(MDB_WRITEMAP) }
        do {
            try check(mdb_env_set_maxdbs(env, MDB_dbi(options.maxDatabases)), "mdb_env_set_maxdbs")
            try check(mdb_env_set_maxreaders(env, UInt32(options.maxReaders)), "mdb_env_set_maxreaders")
            try check(mdb_env_set_mapsize(env, options.mapSize), "mdb_env_set_mapsize")
            try check(mdb_env_open(env, path, flags, 0o644), "mdb_env_open(\(path))")
            // Reader slots of processes that died holding a read transaction pin old pages forever.
            var dead: Int32 = 0
            try check(mdb_reader_check(env, &dead), "mdb_reader_check")
        } catch {
            mdb_env_close(env)
            throw error
        }
        self.handle = env
        self.path = path
        self.registryKey = registryKey
        self.options = options
    }

    deinit {
        mdb_env_close(handle)
        EnvironmentRegistry.shared.remove(registryKey)
    }

    /// The current size of the memory map in bytes.
    public var mapSize: Int { info.me_mapsize }

    /// Bytes of the data file in use (last used page + 1, times the page size).
    public var usedBytes: Int { (info.me_last_pgno + 1) * pageSize }

    /// LMDB's facts about the environment as of the last commit (map size, last page, last transaction).
    var info: MDB_envinfo {
        var info = MDB_envinfo()
        mdb_env_info(handle, &info)
        return info
    }

    /// The size of a page of the data file.
    var pageSize: Int {
        var stat = MDB_stat()
        mdb_env_stat(handle, &stat)
        return Int(stat.ms_psize)
    }

    /// Opens the named database, creating it (in its own write transaction) if it does not exist.
    public func database(named name: String, flags: DatabaseFlags = []) throws -> Database {
        if let known = databases.withLock({ $0[name] }) { return known }
        // mdb_dbi_open must not run in two transactions at once: do it under the lock, in a write
        // transaction (which also lets it create the database).
        return try databases.withLock { cache in
            if let known = cache[name] { return known }
            let database = try openDatabase(name, flags: flags)
            cache[name] = database
            return database
        }
    }

    private func openDatabase(_ name: String, flags: DatabaseFlags) throws -> Database {
        let create = options.readOnly ? 0 : UInt32(MDB_CREATE)
        let open: (OpaquePointer) throws -> MDB_dbi = { txn in
            var dbi: MDB_dbi = 0
            try check(mdb_dbi_open(txn, name, flags.rawValue | create, &dbi), "mdb_dbi_open(\(name))")
            return dbi
        }
        let dbi = try options.readOnly ? read { try open($0.handle) } : write { try open($0.handle) }
        return Database(dbi: dbi, name: name)
    }

    /// Runs `body` in a read-only transaction and returns its result. Readers never block each other
    /// or the writer; the transaction sees the environment as of its start.
    public func read<R>(_ body: (ReadTransaction) throws -> R) throws -> R {
        while true {
            let outcome: TransactionOutcome<R> = try gate.shared {
                var txn: OpaquePointer?
                let rc = mdb_txn_begin(handle, nil, UInt32(MDB_RDONLY), &txn)
                if rc == MDB_MAP_RESIZED { return .mapResized }
                try check(rc, "mdb_txn_begin(read)")
                let transaction = ReadTransaction(handle: txn!)
                defer {
                    transaction.close()
                    mdb_txn_abort(txn)
                }
                return .done(try body(transaction))
            }
            switch outcome {
            case .done(let result): return result
            case .mapResized: try adoptMapSizeOfOtherProcess()
            case .mapFull: continue
            }
        }
    }

    /// Runs `body` in the single write transaction and commits if it returns; a throw aborts and
    /// nothing it wrote remains. If the map fills up, the transaction is aborted, the map grows and
    /// `body` runs again from the start: it must not have effects outside the transaction that a
    /// second run would repeat.
    public func write<R>(_ body: (WriteTransaction) throws -> R) throws -> R {
        while true {
            let outcome: TransactionOutcome<R> = try gate.shared {
                var txn: OpaquePointer?
                let rc = mdb_txn_begin(handle, nil, 0, &txn)
                if rc == MDB_MAP_RESIZED { return .mapResized }
                try check(rc, "mdb_txn_begin(write)")
                let transaction = WriteTransaction(handle: txn!)
                let result: R
                do {
                    result = try body(transaction)
                } catch {
                    transaction.close()
                    mdb_txn_abort(txn)
                    if transaction.sawMapFull { return .mapFull }
                    throw error
                }
                transaction.close()
                if transaction.sawMapFull {
                    mdb_txn_abort(txn)
                    return .mapFull
                }
                let commit = mdb_txn_commit(txn)
                if commit == MDB_MAP_FULL { return .mapFull }
                try check(commit, "mdb_txn_commit")
                return .done(result)
            }
            switch outcome {
            case .done(let result): return result
            case .mapResized: try adoptMapSizeOfOtherProcess()
            case .mapFull: try growMap()
            }
        }
    }

    /// Flushes the data file to disk (only needed with `noSync`).
    public func sync() throws {
        try check(mdb_env_sync(handle, 1), "mdb_env_sync")
    }

    /// Grows the map, before a large write, until `bytes` more than are in use fit (doubling it, up to
    /// `maximumMapSize`). A write transaction that finds the map full is aborted and run again whole
    /// once the map has doubled: a bulk import into a map far too small was written over two or three
    /// times (10 million events into the default 1 GiB: 1, then 2, then 4 GiB).
    public func reserve(_ bytes: Int) throws {
        try gate.exclusive {
            let needed = usedBytes.addingReportingOverflow(bytes)
            var grown = mapSize
            while grown < (needed.overflow ? Int.max : needed.partialValue) && grown < options.maximumMapSize { grown *= 2 }
            grown = min(grown, options.maximumMapSize)
            if grown > mapSize { try check(mdb_env_set_mapsize(handle, grown), "mdb_env_set_mapsize(\(grown))") }
        }
    }

    /// Doubles the map, up to `maximumMapSize`. Waits until no transaction of this process is open.
    private func growMap() throws {
        try gate.exclusive {
            let current = mapSize
            guard current < options.maximumMapSize else {
                throw LMDBError(rawCode: MDB_MAP_FULL, operation: "growing the map past \(options.maximumMapSize) bytes")
            }
            let grown = min(current * 2, options.maximumMapSize)
            try check(mdb_env_set_mapsize(handle, grown), "mdb_env_set_mapsize(\(grown))")
        }
    }

    /// Another process grew the map: take over its size (LMDB's documented answer to `MDB_MAP_RESIZED`).
    private func adoptMapSizeOfOtherProcess() throws {
        try gate.exclusive { try check(mdb_env_set_mapsize(handle, 0), "mdb_env_set_mapsize(0)") }
    }
}

/// What one attempt at a transaction came to.
private enum TransactionOutcome<R> {
    case done(R)
    case mapFull
    case mapResized
}

/// The absolute, symlink-free form of `path`, so that two spellings of one directory share an environment.
private func canonicalPath(_ path: String) -> String {
    guard let resolved = realpath(path, nil) else { return path }
    defer { free(resolved) }
    return String(cString: resolved)
}
