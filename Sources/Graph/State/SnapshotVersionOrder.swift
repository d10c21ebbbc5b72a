// The property versions a snapshot writes after an erasure. An erasure changes an element's chain in
// place: the versions it keeps are made again at the end of the array, and those it drops stay as
// scrubbed, unreachable entries. A replay of the erased log makes the same chains in the order of
// their seqs, with nothing unreachable. Written in that order (by seq, then as made) and renumbered,
// both states encode to the same bytes, so a snapshot equals the replay (`kennis verify`), and no
// dropped version is written. Property keys are numbered the same way: in the order the written
// versions first use them (a replay interns a key when a version first uses it), and a key only
// dropped versions used is not written.

/// The order in which a snapshot writes property versions, and their numbers in it.
struct SnapshotVersionOrder {
    /// The versions written, by their index in the state, in order.
    let written: [Int32]
    /// Each version's number in the snapshot (-1 for one not written).
    private let numbers: [Int32]
    /// The property keys written, in order, and each key's number in the snapshot.
    let keyNames: [String]
    private let keyNumbers: [UInt32]

    /// The order for `state`; nil when no erasure was applied to it (the array is that order).
    init?(_ state: GraphState) {
        guard state.erasures > 0 else { return nil }
        var reachable = [Bool](repeating: false, count: state.propertyVersions.count)
        func mark(_ head: Int32) {
            var version = head
            while version >= 0, !reachable[Int(version)] {
                reachable[Int(version)] = true
                version = state.propertyVersions[Int(version)].previous
            }
        }
        for node in state.nodes { mark(node.properties) }
        for relation in state.relations { mark(relation.properties) }
        written = reachable.indices.filter { reachable[$0] }.map { Int32($0) }.sorted {
            let (a, b) = (state.propertyVersions[Int($0)].from, state.propertyVersions[Int($1)].from)
            return a != b ? a < b : $0 < $1
        }
        var numbers = [Int32](repeating: -1, count: state.propertyVersions.count)
        for (number, index) in written.enumerated() { numbers[Int(index)] = Int32(number) }
        self.numbers = numbers
        var keyNumbers = [UInt32](repeating: .max, count: state.propertyKeys.names.count)
        var keyNames: [String] = []
        for index in written where keyNumbers[Int(state.propertyVersions[Int(index)].key)] == .max {
            let key = state.propertyVersions[Int(index)].key
            keyNumbers[Int(key)] = UInt32(keyNames.count)
            keyNames.append(state.propertyKeys[key])
        }
        self.keyNames = keyNames
        self.keyNumbers = keyNumbers
    }

    /// The snapshot's number for property key `key` (one that a written version uses).
    func number(ofKey key: UInt32) -> UInt32 { keyNumbers[Int(key)] }

    /// The snapshot's number for version `index` (-1 stays -1).
    func number(of index: Int32) -> Int32 { index < 0 ? -1 : numbers[Int(index)] }
}
