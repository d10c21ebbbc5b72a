import EventLog
import TestSupport
import Testing

@testable import Graph

/// Lookups by label and by label and property value, at any seq and after a snapshot round trip.
struct LookupTests {
    private func state() throws -> GraphState {
        var state = GraphState()
        let events: [Event] = [
            Event(.entityCreated(id: "p:a", kind: "Person", properties: Properties([("name", "Ann")]), labels: [])),  // 1
            Event(.entityCreated(id: "p:b", kind: "Person", properties: Properties([("name", "Bob")]), labels: ["Researcher"])),  // 2
            Event(.entityCreated(id: "lab:x", kind: "Lab", properties: Properties([("name", "Ann")]), labels: [])),  // 3
            Event(.entityUpdated(id: "p:a", patch: PropertyPatch([PatchEntry("name", "Anna")]), labels: nil)),  // 4
            Event(.entityUpdated(id: "p:b", patch: PropertyPatch(), labels: [])),  // 5: no longer a Researcher
            Event(.entityUpdated(id: "p:a", patch: PropertyPatch(), labels: ["Researcher"])),  // 6
            Event(.entityRetired(id: "p:b")),  // 7
        ]
        for (i, event) in events.enumerated() { try state.apply(event, at: UInt64(i + 1)) }
        return state
    }

    private func ids(_ view: GraphView, _ nodes: [Node]) -> [String] { nodes.map { view.id(of: $0) } }

    @Test func theStoresValueIndexServesOldViewsAndIsBroughtUpToDateForNewOnes() throws {
        var state = GraphState()
        try state.apply(
            Event(.entityCreated(id: "p:a", kind: "Person", properties: Properties([("name", "Ann"), ("h", .integer(3))]), labels: [])),
            at: 1)
        try state.apply(Event(.entityCreated(id: "p:b", kind: "Person", properties: Properties([("name", "Bob")]), labels: [])), at: 2)
        let store = GraphStore(state)
        let early = store.view()
        // The first lookup builds the index at seq 2.
        #expect(ids(early, early.nodes(label: "Person", key: "name", value: "Ann")) == ["p:a"])
        try state.apply(Event(.entityUpdated(id: "p:a", patch: PropertyPatch([PatchEntry("name", "Anna")]), labels: nil)), at: 3)
        try state.apply(Event(.entityCreated(id: "p:c", kind: "Person", properties: Properties([("name", "Ann")]), labels: [])), at: 4)
        try state.apply(Event(.entityUpdated(id: "p:b", patch: PropertyPatch([PatchEntry("name", "Ann")]), labels: nil)), at: 5)
        store.publish(state)
        let late = store.view()
        // Views past the index's seq bring it up to date; views before it are served by the newer one too.
        #expect(ids(late, late.nodes(label: "Person", key: "name", value: "Ann")) == ["p:b", "p:c"])
        #expect(ids(late, late.nodes(label: "Person", key: "name", value: "Anna")) == ["p:a"])
        #expect(ids(early, early.nodes(label: "Person", key: "name", value: "Ann")) == ["p:a"])
        let at4 = store.view(at: 4)
        #expect(ids(at4, at4.nodes(label: "Person", key: "name", value: "Ann")) == ["p:c"])
        #expect(ids(at4, at4.nodes(label: "Person", key: "name", value: "Bob")) == ["p:b"])
        // Numbers are not indexed: a store's view finds them by a scan.
        #expect(ids(late, late.nodes(label: "Person", key: "h", value: .integer(3))) == ["p:a"])
        #expect(ids(late, late.nodes(label: "Person", key: "name", value: .integer(3))) == [])
    }

    @Test(arguments: [false, true])
    func lookupsAnswerForEverySeq(afterSnapshot: Bool) throws {
        var graph = try state()
        if afterSnapshot { graph = try GraphSnapshot.encode(graph).withUnsafeBytes { try GraphSnapshot.decode($0) } }
        let at3 = graph.view(at: 3), at4 = graph.view(at: 4), at5 = graph.view(at: 5), now = graph.current
        #expect(ids(at3, at3.nodes(label: "Person")) == ["p:a", "p:b"])
        #expect(ids(now, now.nodes(label: "Person")) == ["p:a"])
        #expect(ids(at3, at3.nodes(label: "Researcher")) == ["p:b"])
        #expect(ids(at5, at5.nodes(label: "Researcher")) == [])
        #expect(ids(now, now.nodes(label: "Researcher")) == ["p:a"])
        #expect(ids(at3, at3.nodes(label: "Person", key: "name", value: "Ann")) == ["p:a"])
        #expect(ids(at4, at4.nodes(label: "Person", key: "name", value: "Ann")) == [])
        #expect(ids(at4, at4.nodes(label: "Person", key: "name", value: "Anna")) == ["p:a"])
        #expect(ids(now, now.nodes(label: "Lab", key: "name", value: "Ann")) == ["lab:x"])
        #expect(ids(now, now.nodes(label: "Researcher", key: "name", value: "Anna")) == ["p:a"])
        #expect(ids(at3, at3.nodes(label: "Person", key: "name", value: "Bob")) == ["p:b"])
        #expect(ids(now, now.nodes(label: "Person", key: "name", value: "Bob")) == [])
        #expect(now.nodes(label: "Robot").isEmpty)
        #expect(now.nodes(label: "Person", key: "age", value: 3).isEmpty)
    }

    /// A label carried by nodes of other kinds: a lab that is also tagged `Person`, a project that
    /// loses a label and gets it back (listed once), at every seq and after a snapshot.
    @Test(arguments: [false, true])
    func labelScansFindExtraLabelsOfOtherKinds(afterSnapshot: Bool) throws {
        var graph = GraphState()
        let events: [Event] = [
            Event(.entityCreated(id: "p:a", kind: "Person", properties: Properties(), labels: [])),  // 1
            Event(.entityCreated(id: "lab:x", kind: "Lab", properties: Properties(), labels: ["Person", "Funded"])),  // 2
            Event(.entityCreated(id: "proj:y", kind: "Project", properties: Properties(), labels: ["Funded"])),  // 3
            Event(.entityUpdated(id: "proj:y", patch: PropertyPatch(), labels: [])),  // 4
            Event(.entityUpdated(id: "proj:y", patch: PropertyPatch(), labels: ["Funded"])),  // 5
            Event(.entityUpdated(id: "lab:x", patch: PropertyPatch(), labels: ["Funded"])),  // 6
        ]
        for (i, event) in events.enumerated() { try graph.apply(event, at: UInt64(i + 1)) }
        if afterSnapshot { graph = try GraphSnapshot.encode(graph).withUnsafeBytes { try GraphSnapshot.decode($0) } }
        let at3 = graph.view(at: 3), at4 = graph.view(at: 4), now = graph.current
        #expect(ids(at3, at3.nodes(label: "Person")) == ["p:a", "lab:x"])
        #expect(ids(now, now.nodes(label: "Person")) == ["p:a"])
        #expect(ids(at3, at3.nodes(label: "Funded")) == ["lab:x", "proj:y"])
        #expect(ids(at4, at4.nodes(label: "Funded")) == ["lab:x"])
        #expect(ids(now, now.nodes(label: "Funded")) == ["lab:x", "proj:y"])
        #expect(now.nodes(label: "Lab").count == 1)
        #expect(now.estimatedCount(label: "Funded") == 2)
        #expect(now.estimatedCount(label: "Person") == 2)
    }

    /// The store's value index, brought up to date again and again as the graph changes, answers
    /// equality and prefixes like a scan of the kind at every seq: random creations, renames, removals
    /// and retirements, and names that are equal only canonically (a Kelvin sign is a K, a composed é
    /// is an e with an accent).
    @Test func theValueIndexKeptUpToDateAnswersLikeAScan() throws {
        var random = SplitMix(seed: 5)
        let names = ["Ann", "Anna", "Bob", "Cid", "Dee", "Eve", "\u{212A}im", "Kim", "e\u{301}mile", "\u{E9}mile", "Zo\u{EB}", "e"]
        let prefixes = [
            "", "A", "An", "Anna", "Anna1", "Bob2", "K", "Ki", "\u{212A}", "e", "\u{E9}", "e\u{301}", "Zo", "Zo\u{EB}", "Zz", "\u{10FFFF}",
        ]
        var state = GraphState()
        let store = GraphStore(state)
        var seq: UInt64 = 0
        var people: [String] = []
        for round in 0..<20 {
            for _ in 0..<25 {
                seq += 1
                let live = people.filter { state.current.node(id: $0) != nil }
                // A third of the names are new ones: the index's values in order take them in.
                let name = names[random.below(names.count)] + (random.below(3) == 0 ? String(seq) : "")
                let event: Event
                switch live.isEmpty ? 0 : random.below(6) {
                case 0, 1:
                    people.append("p:\(seq)")
                    let properties: [(String, PropertyValue)] = random.below(4) == 0 ? [] : [("name", .string(name))]
                    event = Event(.entityCreated(id: "p:\(seq)", kind: "Person", properties: Properties(properties), labels: []))
                case 2, 3:
                    let value: PropertyValue? = random.below(5) == 0 ? nil : .string(name)
                    event = Event(
                        .entityUpdated(id: live[random.below(live.count)], patch: PropertyPatch([PatchEntry("name", value)]), labels: nil))
                case 4:
                    // Another key changes: the index of `name` has nothing to add.
                    event = Event(
                        .entityUpdated(
                            id: live[random.below(live.count)], patch: PropertyPatch([PatchEntry("h", .integer(Int64(seq)))]), labels: nil))
                default:
                    event = Event(.entityRetired(id: live[random.below(live.count)]))
                }
                try state.apply(event, at: seq)
            }
            store.publish(state)
            // Every other round asks at the head first (bringing the index up to date), then at older seqs.
            let seqs = round % 2 == 0 ? [seq, UInt64(1 + random.below(Int(seq)))] : [UInt64(1 + random.below(Int(seq))), seq]
            for at in seqs {
                let indexed = store.view(at: at), scanned = state.view(at: at)
                for name in names + ["Zed"] {
                    #expect(
                        ids(indexed, indexed.nodes(label: "Person", key: "name", value: .string(name)))
                            == ids(scanned, scanned.nodes(label: "Person", key: "name", value: .string(name))))
                }
                for prefix in prefixes {
                    let expected = ids(
                        scanned,
                        scanned.nodes(label: "Person").filter { node in
                            guard case .string(let name)? = scanned.property("name", of: node) else { return false }
                            return name.hasPrefix(prefix)
                        })
                    #expect(ids(indexed, indexed.nodes(label: "Person", key: "name", prefix: prefix)) == expected, "prefix \(prefix)")
                    #expect(ids(scanned, scanned.nodes(label: "Person", key: "name", prefix: prefix)) == expected, "prefix \(prefix)")
                }
            }
        }
    }
}
