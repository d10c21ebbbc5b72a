// LMDB forbids opening one environment twice in a process: closing either copy would drop the
// other's file locks. The registry hands out the open instance instead, and makes a new open of a
// path wait until a closing instance of it has really closed.
import Synchronization

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The environments this process has open, by canonical path.
final class EnvironmentRegistry: Sendable {
    static let shared = EnvironmentRegistry()

    private final class WeakEnvironment: @unchecked Sendable {
        // Only read and written under the registry's lock.
        weak var environment: Environment?
        init(_ environment: Environment) { self.environment = environment }
    }

    private let open = Mutex<[String: WeakEnvironment]>([:])

    /// The open environment for `key`, or a new one made by `make` (under the lock, so two threads
    /// cannot both make one).
    func instance(for key: String, make: () throws -> Environment) throws -> Environment {
        while true {
            let found: Environment?? = try open.withLock { table in
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
        open.withLock { table in
            if let entry = table[key], entry.environment == nil { table[key] = nil }
        }
    }
}
