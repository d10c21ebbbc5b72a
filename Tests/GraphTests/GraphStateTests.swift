import EventLog
import Testing

@testable import Graph

/// Applying events: the state rules of docs/events.md, and views at every seq.
struct GraphStateTests {
    private func created(_ id: String, _ kind: String = "Person", _ props: [(String, PropertyValue)] = [], labels: [String] = []) -> Event {
        Event(.entityCreated(id: id, kind: kind, properties: Properties(props), labels: labels))
    }

    private func related(
        _ from: String, _ to: String, _ type: String = "MEMBER_OF", id: String? = nil, props: [(String, PropertyValue)] = []
    ) -> Event {
        Event(
            .relationAdded(
                id: id ?? Event.defaultRelationID(type: type, from: from, to: to), type: type, from: from, to: to,
                properties: Properties(props)))
    }

    private func build(_ events: [Event]) throws -> GraphState {
        var state = GraphState()
        for (i, event) in events.enumerated() { try state.apply(event, at: UInt64(i + 1)) }
        return state
    }

    private let schema = Event(
        .schemaDefined(
            id: "schema:test",
            schema: Schema(kinds: ["Person", "Lab"], relations: [.init(type: "MEMBER_OF", from: ["Person"], to: ["Lab"])])))

    @Test func viewsShowTheGraphAsItStoodAtEachSeq() throws {
        let state = try build([
            created("p:a", "Person", [("name", "A"), ("h", 3)]),  // 1
            created("lab:x", "Lab", [("name", "X")]),  // 2
            related("p:a", "lab:x", props: [("role", "PhD")]),  // 3
            // 4
            Event(
                .entityUpdated(
                    id: "p:a", patch: PropertyPatch([PatchEntry("h", nil), PatchEntry("title", "Dr")]), labels: ["Researcher"])),
            Event(.relationUpdated(id: "MEMBER_OF:p:a->lab:x", patch: PropertyPatch([PatchEntry("role", "Postdoc")]))),  // 5
            Event(.entityRetired(id: "lab:x")),  // 6
        ])
        let at2 = state.view(at: 2), at3 = state.view(at: 3), at4 = state.view(at: 4), at5 = state.view(at: 5), now = state.current
        let a = try #require(now.node(id: "p:a"))
        #expect(at2.properties(of: a) == Properties([("name", "A"), ("h", 3)]))
        #expect(at4.properties(of: a) == Properties([("name", "A"), ("title", "Dr")]))
        #expect(at3.labels(of: a) == ["Person"])
        #expect(at4.labels(of: a) == ["Person", "Researcher"])
        #expect(at2.outgoing(a).isEmpty)
        let membership = try #require(at3.outgoing(a, type: "MEMBER_OF").first)
        #expect(at3.properties(of: membership) == Properties([("role", "PhD")]))
        #expect(at5.properties(of: membership) == Properties([("role", "Postdoc")]))
        #expect(at5.node(id: "lab:x") != nil)
        #expect(now.node(id: "lab:x") == nil)
        #expect(now.outgoing(a).isEmpty)  // retired with its lab
        #expect(now.relationship(id: "MEMBER_OF:p:a->lab:x") == nil)
        #expect(at5.relationship(id: "MEMBER_OF:p:a->lab:x") == membership)
        #expect(Array(state.view(at: 1).nodes).count == 1)
        #expect(Array(now.nodes).map { now.id(of: $0) } == ["p:a"])
        #expect(now.createdSeq(of: a) == 1)
        #expect(now.updatedSeq(of: a) == 4)
        #expect(at2.updatedSeq(of: a) == 1)
        #expect(now.updatedSeq(of: membership) == 5)
        #expect(state.view(at: 0).node(id: "p:a") == nil)
    }

    /// Event sequences that break a rule, the field and the rule named.
    static let violations: [(String, [Int], String, RuleViolation.Rule)] = [
        ("create twice", [0, 0], "id", .alreadyExists),
        ("create after retire", [0, 4, 0], "id", .idRetired),
        ("update unknown", [5], "id", .notLive),
        ("update retired", [0, 4, 5], "id", .notLive),
        ("relate to unknown", [0, 2], "to", .endpointNotLive),
        ("relate twice", [0, 1, 2, 2], "id", .relationAlreadyLive),
        ("remove twice", [0, 1, 2, 3, 3], "id", .notLive),
        ("update a relation of a retired entity", [0, 1, 2, 4, 6], "id", .notLive),
    ]

    private var palette: [Event] {
        [
            created("p:a"),  // 0
            created("lab:x", "Lab"),  // 1
            related("p:a", "lab:x"),  // 2
            Event(.relationRemoved(id: "MEMBER_OF:p:a->lab:x")),  // 3
            Event(.entityRetired(id: "p:a")),  // 4
            Event(.entityUpdated(id: "p:a", patch: PropertyPatch([PatchEntry("x", 1)]), labels: nil)),  // 5
            Event(.relationUpdated(id: "MEMBER_OF:p:a->lab:x", patch: PropertyPatch([PatchEntry("x", 1)]))),  // 6
        ]
    }

    @Test(arguments: violations)
    func aBrokenRuleIsRefusedAndChangesNothing(name: String, sequence: [Int], field: String, rule: RuleViolation.Rule) throws {
        let events = sequence.map { palette[$0] }
        var state = try build(Array(events.dropLast()))
        let before = state.head
        let error = #expect(throws: RuleViolation.self) { try state.apply(events.last!, at: UInt64(events.count)) }
        #expect(error?.rule == rule, "\(name)")
        #expect(error?.field == field, "\(name)")
        #expect(state.head == before)
    }

    @Test func aRemovedDefaultRelationMayBeAddedAgain() throws {
        let state = try build([palette[0], palette[1], palette[2], palette[3], palette[2]])
        let now = state.current
        #expect(now.relationship(id: "MEMBER_OF:p:a->lab:x") != nil)
        #expect(now.outgoing(now.node(id: "p:a")!).count == 1)
        #expect(state.view(at: 4).outgoing(now.node(id: "p:a")!).isEmpty)
    }

    @Test func parallelRelationsNeedExplicitIDs() throws {
        let state = try build([palette[0], palette[1], related("p:a", "lab:x", id: "r:1"), related("p:a", "lab:x", id: "r:2")])
        #expect(state.current.outgoing(state.current.node(id: "p:a")!).count == 2)
    }

    @Test func theSchemaInForceDecides() throws {
        var state = try build([schema, created("p:a"), created("lab:x", "Lab")])
        #expect(throws: RuleViolation.self) { try state.apply(created("x:1", "Robot"), at: 4) }
        let wrongEnd = #expect(throws: RuleViolation.self) { try state.apply(related("lab:x", "p:a"), at: 4) }
        #expect(wrongEnd?.field == "from")
        #expect(wrongEnd?.rule == .relationNotAllowed)
        let unknownType = #expect(throws: RuleViolation.self) { try state.apply(related("p:a", "lab:x", "LEADS"), at: 4) }
        #expect(unknownType?.field == "rel")
        try state.apply(related("p:a", "lab:x"), at: 4)
        // Before any schema, anything goes.
        var open = GraphState()
        try open.apply(created("x:1", "Robot"), at: 1)
    }
}
