import EventLog
import TestSupport
import Testing

@testable import Graph

/// An element's properties at every seq, walked along its chain of versions, equal a model replayed
/// by hand — for a chain short enough to be walked back along and for one long enough to need a set.
struct PropertyWalkTests {
    @Test(arguments: [10, 400])
    func theNewestVersionOfEachKeyInForce(updates: Int) throws {
        var state = GraphState()
        try state.apply(Event(.entityCreated(id: "n", kind: "N", properties: Properties([("a", .integer(0))]), labels: [])), at: 1)
        var model: [[String: PropertyValue]] = [[:], ["a": .integer(0)]]
        var random = SplitMix(seed: 7)
        for seq in 2...UInt64(updates + 1) {
            let key = ["a", "b", "c", "d"][random.below(4)]
            // A key set, or removed (null) one time in five.
            let value: PropertyValue? = random.below(5) == 0 ? nil : .integer(Int64(seq))
            try state.apply(Event(.entityUpdated(id: "n", patch: PropertyPatch([PatchEntry(key, value)]), labels: nil)), at: seq)
            var now = model[model.count - 1]
            now[key] = value
            model.append(now)
        }
        let node = try #require(state.view(at: state.head).node(id: "n"))
        for seq in 1...state.head {
            let view = state.view(at: seq)
            let expected = model[Int(seq)]
            #expect(Dictionary(uniqueKeysWithValues: view.properties(of: node).map { ($0.key, $0.value) }) == expected, "seq \(seq)")
            var walked: [String: PropertyValue] = [:]
            view.forEachProperty(of: node) { walked[view.name(of: $0)] = $1 }
            #expect(walked == expected, "seq \(seq)")
        }
    }
}
