import EventLog
import TestSupport
import Testing

@testable import Graph

/// Random event sequences against a naive reference model of docs/events.md: the graph accepts exactly
/// the events the model accepts, and its view at every seq k shows what the model showed after event k.
struct GraphModelTests {
    /// The whole visible graph as plain values, for comparison.
    struct Picture: Equatable, CustomStringConvertible {
        var nodes: [String: (labels: [String], properties: Properties)] = [:]
        var relations: [String: (type: String, from: String, to: String, properties: Properties)] = [:]

        static func == (a: Picture, b: Picture) -> Bool {
            a.nodes.keys.sorted() == b.nodes.keys.sorted()
                && a.nodes.allSatisfy { key, value in
                    b.nodes[key].map { $0.labels == value.labels && $0.properties == value.properties } ?? false
                }
                && a.relations.keys.sorted() == b.relations.keys.sorted()
                && a.relations.allSatisfy { key, value in
                    b.relations[key].map {
                        $0.type == value.type && $0.from == value.from && $0.to == value.to && $0.properties == value.properties
                    } ?? false
                }
        }

        var description: String { "\(nodes.count) nodes, \(relations.count) relations" }
    }

    /// The reference model: dictionaries and the rules, written as plainly as possible.
    struct Model {
        var picture = Picture()
        var everCreated = Set<String>()
        /// Each live node's kind while it has it, and its extra labels.
        var labels: [String: (kind: String?, extra: [String])] = [:]

        mutating func apply(_ event: Event) -> Bool {
            switch event.body {
            case .entityCreated(let id, let kind, let properties, let labels):
                guard !everCreated.contains(id) else { return false }
                everCreated.insert(id)
                self.labels[id] = (kind, labels)
                picture.nodes[id] = ((kind.map { [$0] } ?? []) + labels, properties)
            case .entityUpdated(let id, let patch, let labels, let removesKind):
                guard var node = picture.nodes[id], var parts = self.labels[id] else { return false }
                node.properties = patch.applied(to: node.properties)
                if removesKind { parts.kind = nil }
                if let labels { parts.extra = labels }
                self.labels[id] = parts
                node.labels = (parts.kind.map { [$0] } ?? []) + parts.extra
                picture.nodes[id] = node
            case .entityRetired(let id):
                guard picture.nodes[id] != nil else { return false }
                picture.nodes[id] = nil
                picture.relations = picture.relations.filter { $0.value.from != id && $0.value.to != id }
            case .relationAdded(let id, let type, let from, let to, let properties):
                guard picture.nodes[from] != nil, picture.nodes[to] != nil, picture.relations[id] == nil else { return false }
                picture.relations[id] = (type, from, to, properties)
            case .relationUpdated(let id, let patch):
                guard var relation = picture.relations[id] else { return false }
                relation.properties = patch.applied(to: relation.properties)
                picture.relations[id] = relation
            case .relationRemoved(let id):
                guard picture.relations[id] != nil else { return false }
                picture.relations[id] = nil
            case .schemaDefined:
                return true
            case .entityErased:
                // The model of erasure is ErasureTests' (a log that never saw the content).
                return false
            }
            return true
        }
    }

    static func picture(of view: GraphView) -> Picture {
        var picture = Picture()
        for node in view.nodes { picture.nodes[view.id(of: node)] = (view.labels(of: node), view.properties(of: node)) }
        for relation in view.relationships {
            picture.relations[view.id(of: relation)] = (
                view.type(of: relation), view.id(of: view.start(of: relation)), view.id(of: view.end(of: relation)),
                view.properties(of: relation)
            )
        }
        return picture
    }

    /// A random event over a small id space, so that both valid and invalid events come up often.
    static func randomEvent(_ random: inout SplitMix) -> Event {
        let ids = (0..<24).map { "e:\($0)" }
        let id = ids[random.below(ids.count)], other = ids[random.below(ids.count)]
        let value: PropertyValue = random.below(2) == 0 ? .integer(Int64(random.below(5))) : .string("v\(random.below(3))")
        let key = ["a", "b", "c"][random.below(3)]
        let relationID = random.below(3) == 0 ? "r:\(random.below(4))" : Event.defaultRelationID(type: "R", from: id, to: other)
        switch random.below(9) {
        case 0, 1:
            return Event(
                .entityCreated(
                    id: id, kind: random.below(4) == 0 ? nil : "K", properties: Properties([(key, value)]),
                    labels: random.below(2) == 0 ? ["L"] : []))
        case 2:
            // Labels replaced (the kind's name among them, after it was taken away), the kind taken away.
            return Event(
                .entityUpdated(
                    id: id, patch: PropertyPatch([PatchEntry(key, random.below(3) == 0 ? nil : value)]),
                    labels: [nil, nil, ["M"], ["K", "M"]][random.below(4)], removesKind: random.below(4) == 0))
        case 3: return Event(.entityRetired(id: id))
        case 4, 5: return Event(.relationAdded(id: relationID, type: "R", from: id, to: other, properties: Properties([(key, value)])))
        case 6: return Event(.relationUpdated(id: relationID, patch: PropertyPatch([PatchEntry(key, random.below(3) == 0 ? nil : value)])))
        default: return Event(.relationRemoved(id: relationID))
        }
    }

    @Test(arguments: 0..<40)
    func theGraphAgreesWithTheModelAtEverySeq(seed: Int) throws {
        var random = SplitMix(seed: UInt64(seed))
        var model = Model()
        var state = GraphState()
        var pictures: [Picture] = [Picture()]
        var seq: UInt64 = 0
        for _ in 0..<600 {
            let event = Self.randomEvent(&random)
            var candidate = state
            let accepted: Bool
            do {
                try candidate.apply(event, at: seq + 1)
                accepted = true
            } catch {
                accepted = false
            }
            var modelCandidate = model
            let modelAccepted = modelCandidate.apply(event)
            #expect(accepted == modelAccepted, "seed \(seed), seq \(seq + 1): \(event.body)")
            guard accepted && modelAccepted else { continue }
            seq += 1
            state = candidate
            model = modelCandidate
            pictures.append(model.picture)
        }
        #expect(seq > 60)  // enough accepted events for the comparison to mean something
        // Every other seq read from a snapshot of the state: its indexes are rebuilt, not stored.
        let loaded = try GraphSnapshot.encode(state).withUnsafeBytes { try GraphSnapshot.decode($0) }
        for k in 0...Int(seq) {
            let view = (k % 2 == 0 ? state : loaded).view(at: UInt64(k))
            #expect(Self.picture(of: view) == pictures[k], "seed \(seed), view at \(k)")
            // Each node's relationships both ways, of any type and of one, agree with the model's.
            for node in view.nodes {
                let id = view.id(of: node)
                let out = pictures[k].relations.filter { $0.value.1 == id }.map(\.key).sorted()
                let into = pictures[k].relations.filter { $0.value.2 == id }.map(\.key).sorted()
                #expect(view.outgoing(node).map { view.id(of: $0) }.sorted() == out, "seed \(seed), out of \(id) at \(k)")
                #expect(view.incoming(node, type: "R").map { view.id(of: $0) }.sorted() == into, "seed \(seed), into \(id) at \(k)")
                #expect(view.countSteps(from: node, outgoing: true, type: "S") == 0)
            }
            // Lookups by label and by value agree with a scan of the model.
            for label in ["K", "L", "M"] {
                let expected = pictures[k].nodes.filter { $0.value.labels.contains(label) }.map(\.key).sorted()
                #expect(view.nodes(label: label).map { view.id(of: $0) }.sorted() == expected, "seed \(seed), label \(label) at \(k)")
                for value in [PropertyValue.integer(1), .string("v2")] {
                    let matching = pictures[k].nodes.filter { $0.value.labels.contains(label) && $0.value.properties["a"] == value }
                    #expect(
                        view.nodes(label: label, key: "a", value: value).map { view.id(of: $0) }.sorted() == matching.map(\.key).sorted(),
                        "seed \(seed), \(label).a = \(value) at \(k)")
                }
            }
        }
    }
}
