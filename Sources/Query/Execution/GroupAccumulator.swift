// One aggregate's running state in one group, in two parts: the numbers every aggregate keeps (a count,
// and the sums sum() and avg() add up as they go), and, apart, what only some keep — the values min,
// max, collect and the percentiles need at the end, a percentile's parameter, DISTINCT's values seen.
// Apart, because a grouping holds one of each per group and call: tens of thousands of groups of a
// count and a sum are tens of thousands of four numbers, not of every field any aggregate could need.

/// The numbers of one aggregate in one group.
struct GroupAccumulator {
    var count = 0
    /// The integers added (checked for overflow), the floats, whether any was a float.
    var integerSum: Int64 = 0
    var floatSum = 0.0
    var sawFloat = false

    /// Counts a non-null value of `function`, adding it up for sum() and avg().
    mutating func add(_ value: Value, _ function: AggregateFunction, at location: SourceLocation) throws(QueryError) {
        count += 1
        guard function == .sum || function == .avg else { return }
        switch value {
        case .integer(let n):
            let (total, overflow) = integerSum.addingReportingOverflow(n)
            guard !overflow else { throw QueryError(.arithmeticError, "integer overflow in \(function.rawValue)()", at: location) }
            integerSum = total
        case .float(let x):
            floatSum += x
            sawFloat = true
        default:
            throw QueryError(.typeError, "\(function.rawValue)() expects numbers, got \(withArticle(value.typeName))", at: location)
        }
    }

    /// Takes in what `later` counted from rows after this one's (another thread's share).
    mutating func merge(_ later: GroupAccumulator, _ function: AggregateFunction, at location: SourceLocation) throws(QueryError) {
        count += later.count
        let (total, overflow) = integerSum.addingReportingOverflow(later.integerSum)
        guard !overflow else { throw QueryError(.arithmeticError, "integer overflow in \(function.rawValue)()", at: location) }
        integerSum = total
        floatSum += later.floatSum
        sawFloat = sawFloat || later.sawFloat
    }

    /// count(), sum() or avg() of the group.
    func result(_ function: AggregateFunction) -> Value {
        switch function {
        case .sum: sawFloat ? .float(Double(integerSum) + floatSum) : .integer(integerSum)
        case .avg: count == 0 ? .null : .float((Double(integerSum) + floatSum) / Double(count))
        default: .integer(Int64(count))
        }
    }
}

/// What one aggregate in one group keeps beyond its numbers.
struct GroupValues {
    /// The values, for min, max, collect and the percentiles.
    var values: [Value] = []
    /// A percentile's second argument, as the group's last row gave it.
    var parameter: Value?
    /// For DISTINCT: the values seen so far (nodes and relationships by handle, the cheap common case).
    private var seen: DistinctRows?
    private var seenElements = ElementSet()

    init(distinct: Bool) { seen = distinct ? DistinctRows() : nil }

    /// Whether `value` is seen for the first time (always, without DISTINCT).
    mutating func firstSight(of value: Value) -> Bool {
        guard seen != nil else { return true }
        if let element = value.elementKey { return seenElements.insert(element) }
        return seen!.insert([value])
    }

    /// Takes in what `later` kept from rows after this one's (another thread's share; not DISTINCT).
    mutating func merge(_ later: GroupValues) {
        values += later.values
        parameter = later.parameter ?? parameter
    }
}
