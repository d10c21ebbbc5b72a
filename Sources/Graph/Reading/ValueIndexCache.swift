// Property equality on a kind answered from an index (docs/query.md, Identity), built the first time a
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
//
// A prefix (`STARTS WITH`) is answered from the same index: the values in order, kept once a prefix
// is first asked for and brought up to date by merging in the values new since. Swift orders strings
// by their canonically composed scalars, so every value that starts with a prefix lies between the
// prefix and the prefix followed by U+10FFFF; each value in that range is tested with `hasPrefix`
// itself (canonical equivalence, as Cypher's STARTS WITH here), and each node it names at the seq.
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
        /// The values in order, once a prefix has been asked for (nil before: nothing to keep up).
        var ordered: [String]? = nil
        /// Values added since `ordered` was last brought up to date.
        var unordered: [String] = []
    }

    private let indexes = Mutex<[Key: Index]>([:])

    /// Forgets every index (after an erasure: they would still hold the values it removed).
    func removeAll() { indexes.withLock { $0.removeAll() } }

    /// The nodes of `kind` that may hold `value` under `key` at `seq` of `state` (each still to be
    /// checked at that seq), from the index, built or brought up to date now if it is behind `seq`.
    func candidates(kind: UInt32, key: UInt32, value: String, in state: GraphState, at seq: UInt64) -> [UInt32] {
        withIndex(Key(kind: kind, key: key), state, seq) { $0.nodes[value] ?? [] }
    }

    /// The nodes of `kind` that may hold, under `key` at `seq`, a string starting with `prefix` (each
    /// still to be checked at that seq), in handle order.
    func candidates(kind: UInt32, key: UInt32, prefix: String, in state: GraphState, at seq: UInt64) -> [UInt32] {
        var found = withIndex(Key(kind: kind, key: key), state, seq) { index -> [UInt32] in
            let ordered = Self.ordered(&index)
            let last = prefix + "\u{10FFFF}"
            var position = Self.firstPosition(notBelow: prefix, in: ordered)
            var found: [UInt32] = []
            while position < ordered.count && ordered[position] < last {
                if ordered[position].hasPrefix(prefix) { found += index.nodes[ordered[position]] ?? [] }
                position += 1
            }
            return found
        }
        // A node that held several of the values is named by each.
        found.sort()
        var unique: [UInt32] = []
        unique.reserveCapacity(found.count)
        for handle in found where unique.last != handle { unique.append(handle) }
        return unique
    }

    /// Runs `body` on the index of `wanted` brought up to `seq`, under the lock. Brought up to date
    /// in place: a copy of the index taken out of the lock would copy every entry.
    private func withIndex<Found>(_ wanted: Key, _ state: GraphState, _ seq: UInt64, _ body: (inout Index) -> Found) -> Found {
        if let found = indexes.withLock({ indexes -> Found? in
            guard indexes[wanted] != nil else { return nil }
            if indexes[wanted]!.head < seq { Self.update(&indexes[wanted]!, kind: wanted.kind, key: wanted.key, from: state) }
            return body(&indexes[wanted]!)
        }) {
            return found
        }
        // The first lookup builds it outside the lock (a walk over every version of the kind).
        var built = Index(head: state.head, versions: 0, kindNodes: 0)
        Self.update(&built, kind: wanted.kind, key: wanted.key, from: state)
        return indexes.withLock { indexes in
            // Two readers may build at once: the newer index wins.
            if (indexes[wanted]?.head ?? 0) <= built.head { indexes[wanted] = built }
            return body(&indexes[wanted]!)
        }
    }

    /// The index's values in order, made the first time and afterwards merged with the values added
    /// since (a few under a write load, where sorting them all again would cost a sort of every value).
    private static func ordered(_ index: inout Index) -> [String] {
        guard let ordered = index.ordered else {
            index.ordered = index.nodes.keys.sorted()
            index.unordered = []
            return index.ordered!
        }
        guard !index.unordered.isEmpty else { return ordered }
        var merged: [String] = []
        merged.reserveCapacity(ordered.count + index.unordered.count)
        var added = index.unordered.sorted()[...]
        for value in ordered {
            while let next = added.first, next < value { merged.append(added.removeFirst()) }
            merged.append(value)
        }
        merged += added
        index.ordered = merged
        index.unordered = []
        return merged
    }

    /// The first position in `ordered` whose value is not below `value`.
    private static func firstPosition(notBelow value: String, in ordered: [String]) -> Int {
        var low = 0, high = ordered.count
        while low < high {
            let middle = (low + high) / 2
            if ordered[middle] < value { low = middle + 1 } else { high = middle }
        }
        return low
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
                    if index.ordered != nil && index.nodes[text] == nil { index.unordered.append(text) }
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
