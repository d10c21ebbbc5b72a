// Threads for work that may recurse deeply: parsing, binding, planning and running a query. A query's
// stages walk its expression and pattern trees recursively; the parser caps their height
// (`ExpressionParser.maximumNesting`), and these threads' stacks are sized so that a tree at the cap
// fits with room to spare even in a debug build (tested at the cap, through the CLI and the server).
// Neither Swift's cooperative threads nor NIO's thread pool let their stack size be chosen, and a
// thread's default stack depends on the environment (`ulimit -s`, a supervisor's limits).
import Dispatch
import Query
import Synchronization

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Threads with stacks of a chosen size, running the work handed to them in order: started as work
/// arrives and no thread is idle, up to a maximum, then kept (idle threads cost only their stacks'
/// address space).
public final class WorkerThreads: Sendable {
    /// The stack every query runs on: 256 MiB of address space, of which a thread touches only what
    /// it uses (a query at the nesting limit uses a small part of it, even in a debug build).
    public static let queryStackSize = QueryLimits.threadStackSize

    /// The threads every interface runs queries and other blocking work on. As many as requests the
    /// server handles at once by default, so that a quick query (or a syntax error) never waits
    /// behind slow ones: the kernel shares the cores between them.
    public static let shared = WorkerThreads(maximumCount: 64, stackSize: queryStackSize)

    private let queue: JobQueue

    /// Threads with stacks of `stackSize` bytes, at most `maximumCount` of them; they live as long as
    /// the process.
    public init(maximumCount: Int, stackSize: Int) {
        queue = JobQueue(maximumThreads: max(1, maximumCount), stackSize: stackSize)
    }

    /// Runs `work` on one of the threads and returns what it returns (or throws what it throws).
    public func run<T: Sendable>(_ work: @escaping @Sendable () throws -> T) async throws -> T {
        try await withCheckedThrowingContinuation { continuation in
            queue.push { continuation.resume(with: Result { try work() }) }
        }
    }

    /// Runs `work` on one of the threads, without waiting for it (the work says when it is done, as a
    /// channel handler's job writes its answer and hands the rest back to its event loop).
    public func submit(_ work: @escaping @Sendable () -> Void) {
        queue.push(work)
    }

    /// Runs `body` on the calling thread — one of these threads, inside its work — letting another
    /// thread start meanwhile: for work that waits for long on something outside the process (a
    /// streamed answer waiting for its client to ask for more), so that waiting work cannot take all
    /// the threads from the work it waits for. The surplus thread ends when it next has nothing to do.
    public func blocking<T>(_ body: () throws -> T) rethrows -> T {
        queue.leave()
        defer { queue.rejoin() }
        return try body()
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
}

/// Jobs waiting for a worker thread, first in first out, and the threads that take them.
///
/// Unchecked Sendable: every stored property but the constants is only touched with `mutex` held, and
/// the pthread mutex and condition live at fixed addresses for the queue's life.
private final class JobQueue: @unchecked Sendable {
    private let mutex = UnsafeMutablePointer<pthread_mutex_t>.allocate(capacity: 1)
    private let condition = UnsafeMutablePointer<pthread_cond_t>.allocate(capacity: 1)
    private let maximumThreads: Int
    private let stackSize: Int
    private var jobs: [@Sendable () -> Void] = []
    private var head = 0
    private var threads = 0
    private var idle = 0

    init(maximumThreads: Int, stackSize: Int) {
        self.maximumThreads = maximumThreads
        self.stackSize = stackSize
        pthread_mutex_init(mutex, nil)
        pthread_cond_init(condition, nil)
    }

    func push(_ job: @escaping @Sendable () -> Void) {
        pthread_mutex_lock(mutex)
        jobs.append(job)
        let starts = claimStart()
        pthread_mutex_unlock(mutex)
        if starts { startThread() }
        pthread_cond_signal(condition)
    }

    /// A thread stops counting against the maximum while its job waits for long.
    func leave() {
        pthread_mutex_lock(mutex)
        threads -= 1
        let starts = claimStart()
        pthread_mutex_unlock(mutex)
        if starts { startThread() }
    }

    /// Whether a thread should start for the jobs waiting (counted as started if so): every idle thread
    /// is already promised a job, and the pool is under its maximum. Called with `mutex` held.
    private func claimStart() -> Bool {
        let starts = idle < jobs.count - head && threads < maximumThreads
        if starts { threads += 1 }
        return starts
    }

    /// The thread counts again; if that makes one too many, a thread ends when it next goes idle.
    func rejoin() {
        pthread_mutex_lock(mutex)
        threads += 1
        pthread_mutex_unlock(mutex)
    }

    /// The oldest job, waiting for one if there is none; nil when the thread should end (the pool has
    /// more threads than its maximum, after a `blocking` job returned).
    private func pop() -> (@Sendable () -> Void)? {
        pthread_mutex_lock(mutex)
        defer { pthread_mutex_unlock(mutex) }
        if threads > maximumThreads {
            threads -= 1
            return nil
        }
        idle += 1
        while head == jobs.count { pthread_cond_wait(condition, mutex) }
        idle -= 1
        let job = jobs[head]
        head += 1
        // Drop the taken jobs once they are half the array, so it does not grow for ever.
        if head * 2 >= jobs.count {
            jobs.removeFirst(head)
            head = 0
        }
        return job
    }

    private func startThread() {
        var attributes = pthread_attr_t()
        pthread_attr_init(&attributes)
        defer { pthread_attr_destroy(&attributes) }
        pthread_attr_setstacksize(&attributes, stackSize)
        pthread_attr_setdetachstate(&attributes, Int32(PTHREAD_CREATE_DETACHED))
        let context = Unmanaged.passRetained(self).toOpaque()
        var thread = pthread_t()
        let status = pthread_create(
            &thread, &attributes,
            { context in
                let queue = Unmanaged<JobQueue>.fromOpaque(context!).takeRetainedValue()
                while let job = queue.pop() { job() }
                return nil
            }, context)
        precondition(status == 0, "cannot start a worker thread (pthread_create: \(status))")
    }
}
