import TestSupport
import Testing

@testable import Query

/// ORDER BY … LIMIT k keeps the first k rows of the whole order, ties in their original order.
struct SmallestFirstTests {
    @Test(arguments: 0..<30)
    func theFirstKAreThoseOfTheWholeOrder(seed: Int) {
        var random = SplitMix(seed: UInt64(seed))
        let total = random.below(300)
        // Few distinct values: many ties, which the positions break.
        let values = (0..<total).map { _ in random.below(20) }
        func less(_ a: Int, _ b: Int) -> Bool { values[a] != values[b] ? values[a] > values[b] : a < b }
        let whole = (0..<total).sorted(by: less)
        for count in [0, 1, 2, 10, total / 2, total, total + 5] {
            #expect(SmallestFirst.first(count, of: total, by: less) == Array(whole.prefix(count)), "seed \(seed), \(count) of \(total)")
        }
    }

    @Test func aLimitedOrderAnswersAsTheWholeOrderCut() throws {
        let view = ExecutorTests.graph.current
        let text = "UNWIND range(1, 500) AS i RETURN i % 7 AS k, i ORDER BY k DESC"
        let whole = try Executor(view: view).run(Parser.parse(text)).rows
        for (skip, limit) in [(0, 5), (3, 10), (490, 20), (0, 0), (0, 600)] {
            let cut = try Executor(view: view).run(Parser.parse("\(text) SKIP \(skip) LIMIT \(limit)")).rows
            #expect("\(cut)" == "\(Array(whole.dropFirst(skip).prefix(limit)))", "SKIP \(skip) LIMIT \(limit)")
        }
    }
}
