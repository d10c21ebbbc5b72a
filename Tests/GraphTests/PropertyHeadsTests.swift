import EventLog
import Testing

@testable import Graph

/// Property reads through the per-key columns of newest versions: nodes spread over several chunks,
/// a key only a few far-apart nodes have, updates and removals, at every seq and after a snapshot —
/// at the head read from the column of values, before it through the versions; both agree with the
/// whole property map.
struct PropertyHeadsTests {
    /// 10,000 people (three chunks of 4,096) named by number; `rare` on two of them only.
    private func state() throws -> GraphState {
        var state = GraphState()
        var seq: UInt64 = 0
        func apply(_ body: EventBody) throws {
            seq += 1
            try state.apply(Event(body), at: seq)
        }
        for n in 0..<10_000 {
            var properties: [(String, PropertyValue)] = [("name", .string("n\(n)"))]
            if n == 3 || n == 9_000 { properties.append(("rare", .integer(Int64(n)))) }
            try apply(.entityCreated(id: "p:\(n)", kind: "Person", properties: Properties(properties), labels: []))
        }
        try apply(.entityUpdated(id: "p:9000", patch: PropertyPatch([PatchEntry("rare", .string("changed"))]), labels: nil))  // 10001
        try apply(.entityUpdated(id: "p:3", patch: PropertyPatch([PatchEntry("name", nil)]), labels: nil))  // 10002
        // A key first given to a late node, and then to an early one.
        try apply(.entityUpdated(id: "p:9999", patch: PropertyPatch([PatchEntry("late", .boolean(true))]), labels: nil))  // 10003
        try apply(.entityUpdated(id: "p:0", patch: PropertyPatch([PatchEntry("late", .boolean(false))]), labels: nil))  // 10004
        return state
    }

    @Test(arguments: [false, true])
    func readsAnswerForEverySeq(afterSnapshot: Bool) throws {
        var graph = try state()
        if afterSnapshot { graph = try GraphSnapshot.encode(graph).withUnsafeBytes { try GraphSnapshot.decode($0) } }
        func node(_ view: GraphView, _ n: Int) -> Node { view.node(id: "p:\(n)")! }
        let now = graph.current, before = graph.view(at: 10_000), middle = graph.view(at: 10_003)
        #expect(now.property("name", of: node(now, 4_097)) == .string("n4097"))
        #expect(now.property("rare", of: node(now, 9_000)) == .string("changed"))
        #expect(before.property("rare", of: node(before, 9_000)) == .integer(9_000))
        #expect(now.property("rare", of: node(now, 3)) == .integer(3))
        #expect(now.property("rare", of: node(now, 4)) == nil)
        #expect(now.property("rare", of: node(now, 8_999)) == nil)
        #expect(now.property("name", of: node(now, 3)) == nil)
        #expect(before.property("name", of: node(before, 3)) == .string("n3"))
        #expect(now.property("late", of: node(now, 0)) == .boolean(false))
        #expect(middle.property("late", of: node(middle, 0)) == nil)
        #expect(middle.property("late", of: node(middle, 9_999)) == .boolean(true))
        #expect(now.property("late", of: node(now, 5_000)) == nil)
        #expect(now.property("never", of: node(now, 5_000)) == nil)
        // The by-key reads agree with the whole property map of every node, now and before.
        for view in [now, before, middle] {
            for n in stride(from: 0, to: 10_000, by: 37) + [3, 9_000, 9_999] {
                let properties = view.properties(of: node(view, n))
                for key in ["name", "rare", "late"] { #expect(view.property(key, of: node(view, n)) == properties[key]) }
            }
        }
    }

    @Test func aSnapshotKeepsTheHeadsAndItsBytes() throws {
        let graph = try state()
        let bytes = GraphSnapshot.encode(graph)
        let decoded = try bytes.withUnsafeBytes { try GraphSnapshot.decode($0) }
        #expect(GraphSnapshot.encode(decoded) == bytes)
    }
}
