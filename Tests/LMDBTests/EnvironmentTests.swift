import TestSupport
import Testing

@testable import LMDB

struct EnvironmentTests {
    private func open(_ dir: TemporaryDirectory, _ configure: (inout EnvironmentOptions) -> Void = { _ in }) throws -> Environment {
        var options = EnvironmentOptions()
        configure(&options)
        return try Environment.open(path: dir.appending("db"), options: options)
    }

    @Test func putThenGetRoundTripsAcrossTransactions() throws {
        let dir = TemporaryDirectory()
        let env = try open(dir)
        let db = try env.database(named: "things")
        try env.write { txn in
            try txn.put(db, key: Array("a".utf8), value: [1, 2, 3])
            try txn.put(db, key: Array("b".utf8), value: [])
        }
        let (a, b, c) = try env.read { txn in
            (try txn.value(db, key: Array("a".utf8)), try txn.value(db, key: Array("b".utf8)), try txn.value(db, key: Array("c".utf8)))
        }
        #expect(a == [1, 2, 3])
        #expect(b == [])
        #expect(c == nil)
    }

    @Test func aThrowingWriteLeavesNothingBehind() throws {
        struct Boom: Error {}
        let dir = TemporaryDirectory()
        let env = try open(dir)
        let db = try env.database(named: "things")
        #expect(throws: Boom.self) {
            try env.write { txn in
                try txn.put(db, key: [1], value: [1])
                throw Boom()
            }
        }
        #expect(try env.read { try $0.value(db, key: [1]) } == nil)
    }

    @Test func cursorsWalkInKeyOrderAndSeek() throws {
        let dir = TemporaryDirectory()
        let env = try open(dir)
        let db = try env.database(named: "ordered")
        try env.write { txn in
            for k: UInt8 in [5, 1, 3, 9, 7] { try txn.put(db, key: [k], value: [k &* 2]) }
        }
        let (all, fromFour, last) = try env.read { txn in
            try txn.withCursor(db) { cursor -> ([UInt8], UInt8?, UInt8?) in
                var keys: [UInt8] = []
                var entry = try cursor.first()
                while let e = entry {
                    keys.append(e.key[0])
                    entry = try cursor.next()
                }
                return (keys, try cursor.seek(atLeast: [4])?.key[0], try cursor.last()?.value[0])
            }
        }
        #expect(all == [1, 3, 5, 7, 9])
        #expect(fromFour == 5)
        #expect(last == 18)
    }

    @Test func deleteAndClear() throws {
        let dir = TemporaryDirectory()
        let env = try open(dir)
        let db = try env.database(named: "d")
        try env.write { txn in
            for k: UInt8 in 0..<10 { try txn.put(db, key: [k], value: [k]) }
            #expect(try txn.delete(db, key: [3]))
            #expect(try !txn.delete(db, key: [3]))
        }
        #expect(try env.read { try $0.statistics(db).entries } == 9)
        try env.write { try $0.clear(db) }
        #expect(try env.read { try $0.statistics(db).entries } == 0)
    }

    @Test(arguments: [false, true])
    func theMapGrowsWhenAWriteFillsItAndNothingIsLost(writeMap: Bool) throws {
        let dir = TemporaryDirectory()
        let env = try open(dir) {
            $0.mapSize = 1 << 20
            $0.writeMap = writeMap
        }
        let db = try env.database(named: "big")
        let value = [UInt8](repeating: 0xAB, count: 4000)
        // 8 MB in one transaction into a 1 MiB map: MDB_MAP_FULL, grow, rerun, commit.
        try env.write { txn in
            for i in 0..<2000 { try txn.put(db, key: Array("key-\(i)".utf8), value: value) }
        }
        #expect(env.mapSize > 1 << 20)
        let count = try env.read { try $0.statistics(db).entries }
        #expect(count == 2000)
        #expect(try env.read { try $0.value(db, key: Array("key-1999".utf8)) } == value)
    }

    @Test func roomReservedBeforeALargeWriteSpareItsRerun() throws {
        let dir = TemporaryDirectory()
        let env = try open(dir) {
            $0.mapSize = 1 << 20
            $0.maximumMapSize = 64 << 20
        }
        let db = try env.database(named: "big")
        let value = [UInt8](repeating: 0xCD, count: 4000)
        func write(_ range: Range<Int>) throws -> Int {
            var runs = 0
            try env.write { txn in
                runs += 1
                for i in range { try txn.put(db, key: Array("key-\(i)".utf8), value: value) }
            }
            return runs
        }
        // Unreserved, 8 MB into 1 MiB: run, grow, run again, … until it fits.
        #expect(try write(0..<2000) > 1)
        // Reserved: the map grows first (doubling, from what is in use), and the write runs once.
        try env.reserve(16 << 20)
        #expect(env.mapSize >= env.usedBytes + (16 << 20) && env.mapSize <= 64 << 20)
        #expect(try write(2000..<5000) == 1)
        #expect(try env.read { try $0.statistics(db).entries } == 5000)
        // Past the maximum it stops there; the write then fails as it would have.
        try env.reserve(1 << 30)
        #expect(env.mapSize == 64 << 20)
    }

    @Test func growthStopsAtTheMaximumWithAMapFullError() throws {
        let dir = TemporaryDirectory()
        let env = try open(dir) {
            $0.mapSize = 1 << 20
            $0.maximumMapSize = 2 << 20
        }
        let db = try env.database(named: "big")
        let value = [UInt8](repeating: 1, count: 4000)
        let error = try #require(throws: LMDBError.self) {
            try env.write { txn in
                for i in 0..<2000 { try txn.put(db, key: Array("key-\(i)".utf8), value: value) }
            }
        }
        #expect(error.code == .mapFull)
        #expect(error.name == "MDB_MAP_FULL")
        #expect(try env.read { try $0.statistics(db).entries } == 0)
    }

    @Test func errorsCarryLMDBsNameAndText() throws {
        let dir = TemporaryDirectory()
        var options = EnvironmentOptions()
        options.createIfMissing = false
        let error = try #require(throws: LMDBError.self) {
            _ = try Environment.open(path: dir.appending("missing"), options: options)
        }
        #expect(error.code == .noSuchFile)
        #expect(error.name == "ENOENT")
        #expect(error.description.contains("mdb_env_open"))
        #expect(!error.message.isEmpty)
    }

    @Test func duplicatePutWithNoOverwriteIsKeyExists() throws {
        let dir = TemporaryDirectory()
        let env = try open(dir)
        let db = try env.database(named: "unique")
        try env.write { try $0.put(db, key: [1], value: [1]) }
        let error = try #require(throws: LMDBError.self) {
            try env.write { try $0.put(db, key: [1], value: [2], flags: .noOverwrite) }
        }
        #expect(error.code == .keyExists)
        #expect(error.name == "MDB_KEYEXIST")
    }

    @Test func writingToAReadOnlyEnvironmentIsRefused() throws {
        let dir = TemporaryDirectory()
        do {
            let env = try open(dir)
            _ = try env.database(named: "x")
        }
        let env = try open(dir) { $0.readOnly = true }
        let db = try env.database(named: "x")
        let error = try #require(throws: LMDBError.self) { try env.write { try $0.put(db, key: [1], value: [1]) } }
        #expect(error.code == .permissionDenied)
    }

    @Test func onePathGivesOneEnvironmentPerProcess() throws {
        let dir = TemporaryDirectory()
        let first = try open(dir)
        let second = try Environment.open(path: dir.appending("db") + "/.")
        #expect(first === second)
    }

    @Test func aCursorUsedAfterItsTransactionFails() throws {
        let dir = TemporaryDirectory()
        let env = try open(dir)
        let db = try env.database(named: "c")
        let escaped = try env.read { txn in try txn.withCursor(db) { $0 } }
        #expect(throws: LMDBError.self) { _ = try escaped.first() }
    }

    @Test func readersSeeASnapshotWhileAWriterCommits() throws {
        let dir = TemporaryDirectory()
        let env = try open(dir)
        let db = try env.database(named: "s")
        try env.write { try $0.put(db, key: [0], value: [1]) }
        try env.read { reader in
            try env.write { try $0.put(db, key: [0], value: [2]) }
            #expect(try reader.value(db, key: [0]) == [1])
        }
        #expect(try env.read { try $0.value(db, key: [0]) } == [2])
    }
}
