// Property equality on a kind answered from an index (spec/QUERY.md, Identity), built the first time a
// query asks for one (kind, key) and kept by the store: from then on `(p:Person {name: $n})` reads a
// dictionary instead of scanning every person. Built lazily, not kept up to date on every append:
// maintaining every key's index during replay and snapshot loading cost 19% and 35% of their time
// (measured), for lookups most keys never get.
//
// An index built from the state at head H lists, for each value, every node of the kind that held
// it under the key at any seq up to H — so it serves every view at a seq ≤ H (each candidate is then
// checked at the view's seq); a view past H has it rebuilt.
import Synchronization

/// Lazily built (kind, key) → string value → nodes indexes, shared by the views of one store.
final class ValueIndexCache: Sendable {
    private struct Key: Hashable {
        let kind: UInt32
        let key: UInt32
    }

    private struct Index {
        /// The head of the state it was built from: it serves views at this seq or before.
        let head: UInt64
        let nodes: [String: [UInt32]]
    }

    private let indexes = Mutex<[Key: Index]>([:])

    /// The nodes of `kind` that may hold `value` under `key` at `seq` of `state` (each still to be
    /// checked at that seq), from the index, built now if there is none recent enough.
    func candidates(kind: UInt32, key: UInt32, value: String, in state: GraphState, at seq: UInt64) -> [UInt32] {
        let wanted = Key(kind: kind, key: key)
        if let index = indexes.withLock({ $0[wanted] }), seq <= index.head { return index.nodes[value] ?? [] }
        let built = Self.build(kind: kind, key: key, from: state)
        indexes.withLock { indexes in
            // Two readers may build at once: the newer index wins.
            if (indexes[wanted]?.head ?? 0) <= built.head { indexes[wanted] = built }
        }
        return built.nodes[value] ?? []
    }

    /// Every string value each node of the kind ever held under the key, walking its versions.
    private static func build(kind: UInt32, key: UInt32, from state: GraphState) -> Index {
        var nodes: [String: [UInt32]] = [:]
        for handle in state.labelIndex.nodes(ofKind: kind) {
            var version = state.nodes[Int(handle)].properties
            while version >= 0 {
                let index = Int(version)
                if state.propertyVersions[index].key == key, case .string(let text)? = state.propertyVersions[index].value,
                    nodes[text]?.last != handle
                {
                    nodes[text, default: []].append(handle)
                }
                version = state.propertyVersions[index].previous
            }
        }
        return Index(head: state.head, nodes: nodes)
    }
}
