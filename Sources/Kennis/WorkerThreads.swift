// Threads for work that may recurse deeply: parsing, binding, planning and running a query. A query's
// stages walk its expression and pattern trees recursively; the parser caps their height
// (`ExpressionParser.maximumNesting`), and these threads' stacks are sized so that a tree at the cap
// fits with room to spare even in a debug build (tested at the cap, through the CLI and the server).
// Neither Swift's cooperative threads nor NIO's thread pool let their stack size be chosen, and a
// thread's default stack depends on the environment (`ulimit -s`, a supervisor's limits).
import Dispatch
import Synchronization

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// A fixed set of threads with stacks of a chosen size, running the work handed to them in order.
public final class WorkerThreads: Sendable {
    /// The stack every query runs on: 256 MiB of address space, of which a thread touches only what
    /// it uses (a query at the nesting cap uses about 30 MiB in a debug build).
    public static let queryStackSize = 256 << 20

    /// The threads every interface runs queries and other blocking work on: at least four, so that
    /// a slow query does not hold up the rest, and two per core.
    public static let shared = WorkerThreads(count: max(4, 2 * Int(sysconf(Int32(_SC_NPROCESSORS_ONLN)))), stackSize: queryStackSize)

    private let queue = JobQueue()

    /// Starts `count` threads with stacks of `stackSize` bytes; they live as long as the process.
    public init(count: Int, stackSize: Int) {
        for _ in 0..<max(1, count) { Self.startThread(stackSize: stackSize, queue: queue) }
    }

    /// Runs `work` on one of the threads and returns what it returns (or throws what it throws).
    public func run<T: Sendable>(_ work: @escaping @Sendable () throws -> T) async throws -> T {
        try await withCheckedThrowingContinuation { continuation in
            queue.push { continuation.resume(with: Result { try work() }) }
        }
    }

    /// Runs `work` on one of the threads, blocking the calling thread until it is done.
    public func runAndWait<T: Sendable>(_ work: @escaping @Sendable () throws -> T) throws -> T {
        let done = DispatchSemaphore(value: 0)
        let result = Mutex<Result<T, any Error>?>(nil)
        queue.push {
            let outcome = Result { try work() }
            result.withLock { $0 = outcome }
            done.signal()
        }
        done.wait()
        return try result.withLock { $0! }.get()
    }

    private static func startThread(stackSize: Int, queue: JobQueue) {
        var attributes = pthread_attr_t()
        pthread_attr_init(&attributes)
        defer { pthread_attr_destroy(&attributes) }
        pthread_attr_setstacksize(&attributes, stackSize)
        pthread_attr_setdetachstate(&attributes, Int32(PTHREAD_CREATE_DETACHED))
        let context = Unmanaged.passRetained(queue).toOpaque()
        var thread = pthread_t()
        let status = pthread_create(
            &thread, &attributes,
            { context in
                let queue = Unmanaged<JobQueue>.fromOpaque(context!).takeRetainedValue()
                while true { queue.pop()() }
            }, context)
        precondition(status == 0, "cannot start a worker thread (pthread_create: \(status))")
    }
}

/// Jobs waiting for a worker thread, first in first out.
///
/// Unchecked Sendable: `jobs` is only touched with `mutex` held, and the pthread mutex and condition
/// live at fixed addresses for the queue's life.
private final class JobQueue: @unchecked Sendable {
    private let mutex = UnsafeMutablePointer<pthread_mutex_t>.allocate(capacity: 1)
    private let condition = UnsafeMutablePointer<pthread_cond_t>.allocate(capacity: 1)
    private var jobs: [@Sendable () -> Void] = []
    private var head = 0

    init() {
        pthread_mutex_init(mutex, nil)
        pthread_cond_init(condition, nil)
    }

    func push(_ job: @escaping @Sendable () -> Void) {
        pthread_mutex_lock(mutex)
        jobs.append(job)
        pthread_mutex_unlock(mutex)
        pthread_cond_signal(condition)
    }

    /// The oldest job, waiting for one if there is none.
    func pop() -> @Sendable () -> Void {
        pthread_mutex_lock(mutex)
        defer { pthread_mutex_unlock(mutex) }
        while head == jobs.count { pthread_cond_wait(condition, mutex) }
        let job = jobs[head]
        head += 1
        // Drop the taken jobs once they are half the array, so it does not grow for ever.
        if head * 2 >= jobs.count {
            jobs.removeFirst(head)
            head = 0
        }
        return job
    }
}
