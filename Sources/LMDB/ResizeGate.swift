// LMDB lets a process change its map size only while none of its transactions is open.
// Every transaction holds this gate shared; growing the map takes it exclusive.
#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// A reader-writer lock that orders map resizes against open transactions.
///
/// `@unchecked Sendable`: the pthread rwlock lives at a fixed heap address for the object's life,
/// and pthread rwlocks are made to be shared between threads.
final class ResizeGate: @unchecked Sendable {
    private let lock: UnsafeMutablePointer<pthread_rwlock_t>

    init() {
        lock = .allocate(capacity: 1)
        lock.initialize(to: pthread_rwlock_t())
        pthread_rwlock_init(lock, nil)
    }

    deinit {
        pthread_rwlock_destroy(lock)
        lock.deallocate()
    }

    /// Runs `body` while no resize can happen (transactions hold this for their whole life).
    @inline(__always)
    func shared<R>(_ body: () throws -> R) rethrows -> R {
        pthread_rwlock_rdlock(lock)
        defer { pthread_rwlock_unlock(lock) }
        return try body()
    }

    /// Runs `body` once no transaction of this process is open.
    func exclusive<R>(_ body: () throws -> R) rethrows -> R {
        pthread_rwlock_wrlock(lock)
        defer { pthread_rwlock_unlock(lock) }
        return try body()
    }
}
