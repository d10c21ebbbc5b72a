// LMDB forbids opening one environment twice in a process: closing either copy would drop the
// other's file locks. The registry hands out the open instance instead, and makes a new open of a
// path wait until a closing instance of it has really closed.

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The environments this process has open, by canonical path.
/// `@unchecked Sendable`: its one mutable table is only touched with its pthread lock held.
final class EnvironmentRegistry: @unchecked Sendable {
    static let shared = EnvironmentRegistry()

    private final class WeakEnvironment: @unchecked Sendable {
        // Only read and written under the registry's lock.
        weak var environment: Environment?
        init(_ environment: Environment) { self.environment = environment }
    }

    // A pthread mutex rather than `Synchronization.Mutex`: the thread sanitizer sees pthread locks,
    // so a sanitized run can check the registry. `table` is only touched with `lock` held.
    private let lock: UnsafeMutablePointer<pthread_mutex_t> = {
        let lock = UnsafeMutablePointer<pthread_mutex_t>.allocate(capacity: 1)
        lock.initialize(to: pthread_mutex_t())
        pthread_mutex_init(lock, nil)
        return lock
    }()
    private var table: [String: WeakEnvironment] = [:]

    private func withLock<R>(_ body: (inout [String: WeakEnvironment]) throws -> R) rethrows -> R {
        pthread_mutex_lock(lock)
        defer { pthread_mutex_unlock(lock) }
        return try body(&table)
    }

    /// The open environment for `key`, or a new one made by `make` (under the lock, so two threads
    /// cannot both make one).
    func instance(for key: String, make: () throws -> Environment) throws -> Environment {
        while true {
            let found: Environment?? = try withLock { table in
                if let entry = table[key] {
                    // An entry without an object is an instance whose deinit has not finished closing.
                    return entry.environment.map { .some($0) } ?? .some(nil)
                }
                let made = try make()
                table[key] = WeakEnvironment(made)
                return .some(made)
            }
            if case .some(.some(let environment)) = found { return environment }
            sched_yield()
        }
    }

    /// Forgets `key` once its environment has closed.
    func remove(_ key: String) {
        withLock { table in
            if let entry = table[key], entry.environment == nil { table[key] = nil }
        }
    }
}
