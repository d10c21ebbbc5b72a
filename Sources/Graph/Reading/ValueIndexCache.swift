// Property equality on a kind answered from an index (spec/QUERY.md, Identity), built the first time a
// query asks for one (kind, key) and kept by the store: from then on `(p:Person {name: $n})` reads a
// dictionary instead of scanning every person. Built lazily, not kept up to date on every append:
// maintaining every key's index during replay and snapshot loading cost 19% and 35% of their time
// (measured), for lookups most keys never get.
//
// An index built from the state at head H lists, for each value, every node of the kind that held
// it under the key at any seq up to H — so it serves every view at a seq ≤ H (each candidate is then
// checked at the view's seq). A view past H brings it up to date instead of rebuilding it: the nodes
// of the kind created since are read whole, and of the others only those whose newest version of
// the key is newer than the index (the per-key head columns say which, without walking any chain).
// Under a steady write load a lookup then costs a pass over a column, not a rebuild.
import Synchronization

/// Lazily built (kind, key) → string value → nodes indexes, shared by the views of one store.
final class ValueIndexCache: Sendable {
    private struct Key: Hashable {
        let kind: UInt32
        let key: UInt32
    }

    private struct Index {
        /// The head of the state it reflects: it serves views at this seq or before.
        var head: UInt64
        /// How many property versions, and nodes of the kind, that state had: where an update starts.
        var versions: Int
        var kindNodes: Int
        /// Per value, the nodes that held it, in handle order.
        var nodes: [String: [UInt32]] = [:]
    }

    private let indexes = Mutex<[Key: Index]>([:])

    /// The nodes of `kind` that may hold `value` under `key` at `seq` of `state` (each still to be
    /// checked at that seq), from the index, built or brought up to date now if it is behind `seq`.
    func candidates(kind: UInt32, key: UInt32, value: String, in state: GraphState, at seq: UInt64) -> [UInt32] {
        let wanted = Key(kind: kind, key: key)
        if let found = indexes.withLock({ indexes -> [UInt32]? in
            guard indexes[wanted] != nil else { return nil }
            // Brought up to date in place, under the lock: a pass over the kind's column, where a
            // copy of the index taken out of the lock would copy every entry.
            if indexes[wanted]!.head < seq { Self.update(&indexes[wanted]!, kind: kind, key: key, from: state) }
            return indexes[wanted]!.nodes[value] ?? []
        }) {
            return found
        }
        // The first lookup builds it outside the lock (a walk over every version of the kind).
        var built = Index(head: state.head, versions: 0, kindNodes: 0)
        Self.update(&built, kind: kind, key: key, from: state)
        indexes.withLock { indexes in
            // Two readers may build at once: the newer index wins.
            if (indexes[wanted]?.head ?? 0) <= built.head { indexes[wanted] = built }
        }
        return built.nodes[value] ?? []
    }

    /// Adds to `index` every string value a node of the kind held under the key in a version newer
    /// than the index (all of them for an empty index), and moves it to `state`'s head.
    private static func update(_ index: inout Index, kind: UInt32, key: UInt32, from state: GraphState) {
        let kindNodes = state.labelIndex.nodes(ofKind: kind)
        for position in 0..<kindNodes.count {
            let handle = kindNodes[position]
            // A node the index has seen, with no newer version of the key: nothing to add.
            if position < index.kindNodes && Int(state.propertyHeads.version(key: key, node: handle)) < index.versions { continue }
            var version = Int(state.nodes[Int(handle)].properties)
            while version >= index.versions {
                if state.propertyVersions[version].key == key, case .string(let text)? = state.propertyVersions[version].value {
                    insert(handle, into: &index.nodes[text, default: []])
                }
                version = Int(state.propertyVersions[version].previous)
            }
        }
        index.head = max(index.head, state.head)
        index.versions = state.propertyVersions.count
        index.kindNodes = kindNodes.count
    }

    /// Adds `handle` to a list in handle order, once.
    private static func insert(_ handle: UInt32, into list: inout [UInt32]) {
        // Nodes are mostly visited in handle order: the end is the usual place.
        guard let last = list.last, last >= handle else { return list.append(handle) }
        var low = 0, high = list.count
        while low < high {
            let middle = (low + high) / 2
            if list[middle] < handle { low = middle + 1 } else { high = middle }
        }
        if list[low] != handle { list.insert(handle, at: low) }
    }
}
