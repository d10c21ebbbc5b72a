// The values of `range(start, end[, step])`, as arithmetic: the function builds its list from it, and
// an UNWIND whose answer is streamed walks it without building the list (a million-row UNWIND then
// holds no million-value list).

/// The integers `range()` gives for its arguments: `count` of them, from `start` by `step`.
struct IntegerRange {
    let start: Int64
    let step: Int64
    let count: Int

    /// The most values one range may have.
    static let maximumCount = 10_000_000

    /// The range of `range()`'s two or three arguments; an `ArgumentError` for a value that is not an
    /// integer or a step of 0, `LimitExceeded` past `maximumCount` values.
    init(_ arguments: [Value], at location: SourceLocation?) throws(QueryError) {
        // A value of another type is an ArgumentError in openCypher (the TCK's InvalidArgumentType).
        var integers: [Int64] = []
        for (index, value) in arguments.enumerated() {
            guard case .integer(let n) = value else {
                throw QueryError(
                    .argumentError, "range() expects INTEGER arguments, got \(withArticle(value.typeName)) as argument \(index + 1)",
                    at: location, detail: .invalidArgumentType)
            }
            integers.append(n)
        }
        let (start, end, step) = (integers[0], integers[1], integers.count == 3 ? integers[2] : 1)
        guard step != 0 else {
            throw QueryError(.argumentError, "range() needs a step other than 0", at: location, detail: .numberOutOfRange)
        }
        (self.start, self.step) = (start, step)
        // The span as an unsigned magnitude: `end - start` of the extreme integers overflows Int64.
        guard step > 0 ? end >= start : start >= end else {
            count = 0
            return
        }
        let span = step > 0 ? UInt64(bitPattern: end &- start) : UInt64(bitPattern: start &- end)
        let steps = span / step.magnitude  // one fewer than the values (all of Int64 is 2^64 of them)
        guard steps < Self.maximumCount else {
            throw QueryError(.limitExceeded, "range() of more than 10,000,000 values is too large", at: location)
        }
        count = Int(steps) + 1
    }

    /// The value at `index` (0 ..< count).
    subscript(index: Int) -> Int64 { start &+ Int64(index) &* step }
}
