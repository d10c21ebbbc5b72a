// A query's work shared with a second thread: a whole-label aggregation splits its start nodes in two,
// and the machine's second core takes one half while the query's own thread does the other.
#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// A value handed to one other thread, which alone uses it until the thread that made it joins that
/// thread. (The parts of a query — its evaluator, groups, rows — are not `Sendable`: each is used by one
/// thread at a time, and this hand-over is the one place where they change threads.)
struct HandedOver<Value>: @unchecked Sendable {
    var value: Value
}

enum SecondThread {
    /// What the new thread runs; it keeps what it made for the thread that joins it to read.
    private final class Job: @unchecked Sendable {
        let body: () -> Void
        init(_ body: @escaping () -> Void) { self.body = body }
    }

    /// Runs `theirs` on a new thread (with a query thread's stack: it evaluates the same expressions)
    /// while the calling thread runs `mine`, and answers what `theirs` returned once both are done.
    /// Where no thread can be started, `theirs` runs after `mine` on the calling thread.
    static func run<Theirs>(_ theirs: @escaping @Sendable () -> Theirs, while mine: () -> Void) -> Theirs {
        let outcome = Outcome<Theirs>()
        let job = Job { outcome.value = theirs() }
        var attributes = pthread_attr_t()
        pthread_attr_init(&attributes)
        defer { pthread_attr_destroy(&attributes) }
        pthread_attr_setstacksize(&attributes, QueryLimits.threadStackSize)
        let context = Unmanaged.passRetained(job).toOpaque()
        var thread = pthread_t()
        let status = pthread_create(
            &thread, &attributes,
            { context in
                Unmanaged<Job>.fromOpaque(context!).takeRetainedValue().body()
                return nil
            }, context)
        mine()
        if status == 0 {
            pthread_join(thread, nil)
        } else {
            Unmanaged<Job>.fromOpaque(context).release()
            job.body()
        }
        return outcome.value!
    }

    /// Where the new thread leaves its result; read after the join.
    private final class Outcome<Value>: @unchecked Sendable {
        var value: Value?
    }
}
