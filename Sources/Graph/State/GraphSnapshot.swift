// A graph state as bytes, and back: what lets a database open from a snapshot plus the tail of the
// log instead of replaying everything. Records are written in handle order, so two states built from
// the same events give the same bytes; their SHA-256 is the graph's digest, which `verify` compares
// between snapshot + tail and a full replay.
//
//   snapshot := "KNGS" version:u32be body sha256(body):32
//   body     := head:u64be applied:varint labels:strs types:strs keys:strs schemas nodes relations
//               property-versions label-versions recorded-times   (counts and numbers as varints;
//               "optional" numbers n as n+1, 0 for none; records as in Records.swift; a node ends
//               with its newest version per key, in key order, format 3 on; a label version has a flags
//               byte after its seq, format 4 on: bit 0 = the node's kind is taken away)
public import EventLog

/// Why a snapshot could not be read.
public enum SnapshotError: Error, Sendable, Equatable, CustomStringConvertible {
    /// Written by another version of Kennis.
    case unsupportedFormat(found: UInt32)
    /// Damaged: the checksum or the structure does not hold.
    case corrupt(String)

    public var description: String {
        switch self {
        case .unsupportedFormat(let found): "snapshot format \(found) is not \(GraphSnapshot.formatVersion)"
        case .corrupt(let why): "damaged snapshot: \(why)"
        }
    }
}

/// Encodes and decodes graph states.
public enum GraphSnapshot {
    /// The current snapshot format.
    public static let formatVersion: UInt32 = 4
    /// The oldest format still read (its label versions have no flags).
    static let oldestReadableVersion: UInt32 = 3
    private static let magic: [UInt8] = Array("KNGS".utf8)

    /// The snapshot bytes of `state`.
    public static func encode(_ state: GraphState) -> [UInt8] {
        var out = ByteWriter(capacity: 64 << 20)
        out.bytes.append(contentsOf: magic)
        withUnsafeBytes(of: formatVersion.bigEndian) { out.bytes.append(contentsOf: $0) }
        let bodyStart = out.bytes.count
        out.uint64BigEndian(state.head)
        out.varint(UInt64(state.appliedEvents))
        out.strings(state.labels.names)
        out.strings(state.relationTypes.names)
        let order = SnapshotVersionOrder(state)
        let number = { (index: Int32) in order?.number(of: index) ?? index }
        let keyNumber = { (key: UInt32) in order?.number(ofKey: key) ?? key }
        out.strings(order?.keyNames ?? state.propertyKeys.names)
        out.varint(UInt64(state.schemas.count))
        for version in state.schemas {
            out.varint(version.from)
            out.string(version.id)
            out.schema(version.schema)
        }
        out.varint(UInt64(state.nodes.count))
        for (handle, node) in state.nodes.enumerated() {
            out.string(node.id)
            out.varint(UInt64(node.kind))
            out.varint(node.created)
            out.optional(node.retired == live ? nil : node.retired)
            out.reference(node.labels)
            out.reference(number(node.properties))
            out.handles(node.outgoing.map(\.relation))
            out.handles(node.incoming.map(\.relation))
            let heads = state.propertyHeads.heads(of: UInt32(handle)).map { (key: keyNumber($0.key), version: $0.version) }
            out.varint(UInt64(heads.count))
            for head in order == nil ? heads : heads.sorted(by: { $0.key < $1.key }) {
                out.varint(UInt64(head.key))
                out.reference(number(head.version))
            }
        }
        out.varint(UInt64(state.relations.count))
        for relation in state.relations {
            out.string(relation.id)
            out.varint(UInt64(relation.type))
            out.varint(UInt64(relation.from))
            out.varint(UInt64(relation.to))
            out.varint(relation.created)
            out.optional(relation.removed == live ? nil : relation.removed)
            out.reference(number(relation.properties))
        }
        out.varint(UInt64(order?.written.count ?? state.propertyVersions.count))
        for index in order?.written ?? Array(0..<Int32(state.propertyVersions.count)) {
            let version = state.propertyVersions[Int(index)]
            out.varint(UInt64(keyNumber(version.key)))
            out.varint(version.from)
            out.value(version.value)
            out.reference(number(version.previous))
        }
        out.varint(UInt64(state.labelVersions.count))
        for version in state.labelVersions {
            out.varint(version.from)
            out.byte(version.withoutKind ? 1 : 0)
            out.handles(version.labels)
            out.reference(version.previous)
        }
        out.varint(UInt64(state.recordedTimes.count))
        for time in state.recordedTimes {
            out.varint(time.firstSeq)
            out.int64BigEndian(time.milliseconds)
        }
        let checksum = out.bytes.withUnsafeBytes { HashChain.digest(of: UnsafeRawBufferPointer(rebasing: $0[bodyStart...])) }
        out.bytes.append(contentsOf: checksum.bytes)
        return out.bytes
    }

    /// The state a snapshot holds; throws if it is of another format or damaged.
    public static func decode(_ bytes: UnsafeRawBufferPointer) throws(SnapshotError) -> GraphState {
        guard bytes.count >= 8 + 32, bytes.prefix(4).elementsEqual(magic) else { throw .corrupt("not a Kennis graph snapshot") }
        let version = bytes[4..<8].reduce(UInt32(0)) { $0 << 8 | UInt32($1) }
        guard (oldestReadableVersion...formatVersion).contains(version) else { throw .unsupportedFormat(found: version) }
        let body = UnsafeRawBufferPointer(rebasing: bytes[8..<(bytes.count - 32)])
        guard HashChain.digest(of: body) == Digest(bytes: UnsafeRawBufferPointer(rebasing: bytes[(bytes.count - 32)...])) else {
            throw .corrupt("checksum mismatch")
        }
        do {
            return try read(body, version: version)
        } catch {
            throw .corrupt(error.description)
        }
    }

    private static func read(_ body: UnsafeRawBufferPointer, version: UInt32) throws(CanonicalDecodingError) -> GraphState {
        var input = ByteReader(body)
        var state = GraphState()
        state.head = try input.uint64BigEndian()
        state.appliedEvents = Int(try input.varint())
        state.labels = SymbolTable(names: try input.strings())
        state.relationTypes = SymbolTable(names: try input.strings())
        state.propertyKeys = SymbolTable(names: try input.strings())
        for _ in 0..<(try input.count()) {
            state.schemas.append(SchemaVersion(from: try input.varint(), id: try input.string(), schema: try input.schema()))
        }
        let nodeCount = try input.count()
        state.nodeIndex.reserveCapacity(nodeCount)
        var lists: [(outgoing: [UInt32], incoming: [UInt32])] = []
        lists.reserveCapacity(nodeCount)
        for handle in 0..<nodeCount {
            var node = NodeRecord(id: try input.string(), kind: try input.uint32(), created: try input.varint())
            node.retired = try input.optional() ?? live
            node.labels = try input.reference()
            node.properties = try input.reference()
            // The lists become adjacency entries once the relations they name are read.
            lists.append((try input.handles(), try input.handles()))
            for _ in 0..<(try input.count()) {
                let key = try input.uint32(), version = try input.reference()
                // Checked here, before the columns grow to the key: the rest is checked with the other references.
                guard key < UInt32(state.propertyKeys.names.count), version >= 0, version <= node.properties else {
                    throw input.fail("a node's property head refers to a record that does not exist")
                }
                // Its value once the versions are read (`fillValues`).
                state.propertyHeads.set(version, value: nil, key: key, node: UInt32(handle))
            }
            // Checked here as well as with the other references: the label index grows to the kind.
            guard node.kind < UInt32(state.labels.names.count) else { throw input.fail("node kind out of range") }
            state.nodeIndex[node.id] = UInt32(handle)
            state.labelIndex.addNode(UInt32(handle), kind: node.kind)
            if node.labels >= 0 { state.labelIndex.addRelabelled(UInt32(handle)) }
            state.nodes.append(node)
        }
        let relationCount = try input.count()
        state.relationIndex.reserveCapacity(relationCount)
        for handle in 0..<relationCount {
            var relation = RelationRecord(
                id: try input.string(), type: try input.uint32(), from: try input.uint32(), to: try input.uint32(),
                created: try input.varint())
            relation.removed = try input.optional() ?? live
            relation.properties = try input.reference()
            // Later relations with the same id (a default id added again) replace earlier ones.
            guard relation.type < UInt32(state.relationTypes.names.count) else { throw input.fail("relation type out of range") }
            state.relationIndex[relation.id] = UInt32(handle)
            state.labelIndex.addRelation(type: relation.type)
            state.relations.append(relation)
        }
        for _ in 0..<(try input.count()) {
            state.propertyVersions.append(
                PropertyVersion(
                    key: try input.uint32(), from: try input.varint(), value: try input.value(allowNull: true),
                    previous: try input.reference()))
        }
        for _ in 0..<(try input.count()) {
            let from = try input.varint()
            let flags = version >= 4 ? try input.byte() : 0
            guard flags <= 1 else { throw input.fail("unknown label version flags \(flags)") }
            state.labelVersions.append(
                LabelVersion(from: from, labels: try input.handles(), previous: try input.reference(), withoutKind: flags == 1))
        }
        for _ in 0..<(try input.count()) {
            state.recordedTimes.append(RecordedTime(firstSeq: try input.varint(), milliseconds: try input.int64BigEndian()))
        }
        guard input.isAtEnd else { throw input.fail("trailing bytes") }
        try checkReferences(state, lists, input)
        state.propertyHeads.fillValues { [versions = state.propertyVersions] in versions[Int($0)].value }
        state.setAdjacency(lists)
        state.indexExtraLabels()
        state.indexValidity()
        return state
    }

    /// Every handle and record reference of a decoded state must point at a record: a damaged snapshot
    /// must fail here, not crash a later read.
    private static func checkReferences(
        _ state: GraphState, _ lists: [(outgoing: [UInt32], incoming: [UInt32])], _ input: ByteReader
    ) throws(CanonicalDecodingError) {
        let nodes = UInt32(state.nodes.count), relations = UInt32(state.relations.count)
        let properties = Int32(state.propertyVersions.count), labels = Int32(state.labelVersions.count)
        let labelNames = UInt32(state.labels.names.count), types = UInt32(state.relationTypes.names.count)
        let keys = UInt32(state.propertyKeys.names.count)
        for (node, list) in zip(state.nodes, lists) {
            guard node.kind < labelNames, node.labels < labels, node.properties < properties,
                list.outgoing.allSatisfy({ $0 < relations }), list.incoming.allSatisfy({ $0 < relations })
            else { throw input.fail("a node refers to a record that does not exist") }
        }
        for relation in state.relations {
            guard relation.type < types, relation.from < nodes, relation.to < nodes, relation.properties < properties else {
                throw input.fail("a relationship refers to a record that does not exist")
            }
        }
        for (index, version) in state.propertyVersions.enumerated() {
            guard version.key < keys, version.previous < Int32(index) else { throw input.fail("a property version refers ahead") }
        }
        for (index, version) in state.labelVersions.enumerated() {
            guard version.previous < Int32(index), version.labels.allSatisfy({ $0 < labelNames }) else {
                throw input.fail("a label version refers ahead")
            }
        }
    }

    /// The digest of a state: SHA-256 of its snapshot body. Equal states have equal digests.
    public static func digest(of state: GraphState) -> Digest {
        let bytes = encode(state)
        return bytes.withUnsafeBytes { HashChain.digest(of: UnsafeRawBufferPointer(rebasing: $0[8..<(bytes.count - 32)])) }
    }
}

extension ByteWriter {
    /// A number that may be absent: n+1, or 0.
    fileprivate mutating func optional(_ value: UInt64?) { varint(value.map { $0 + 1 } ?? 0) }
    /// A record reference (-1 for none) as reference+1.
    fileprivate mutating func reference(_ value: Int32) { varint(UInt64(Int64(value) + 1)) }
    fileprivate mutating func handles(_ list: [UInt32]) {
        varint(UInt64(list.count))
        for handle in list { varint(UInt64(handle)) }
    }
}

extension ByteReader {
    fileprivate mutating func optional() throws(CanonicalDecodingError) -> UInt64? {
        let raw = try varint()
        return raw == 0 ? nil : raw - 1
    }

    fileprivate mutating func reference() throws(CanonicalDecodingError) -> Int32 {
        let raw = try varint()
        guard raw <= UInt64(Int32.max) else { throw fail("reference out of range") }
        return Int32(raw) - 1
    }

    fileprivate mutating func uint32() throws(CanonicalDecodingError) -> UInt32 {
        let raw = try varint()
        guard raw <= UInt64(UInt32.max) else { throw fail("number out of range") }
        return UInt32(raw)
    }

    fileprivate mutating func handles() throws(CanonicalDecodingError) -> [UInt32] {
        let count = try count()
        var list: [UInt32] = []
        list.reserveCapacity(count)
        for _ in 0..<count { list.append(try uint32()) }
        return list
    }
}

extension GraphState {
    /// Gives each node its adjacency lists, from the relation handles a snapshot lists (all checked
    /// to exist): each entry takes its type, other end and removal from the relation's record.
    fileprivate mutating func setAdjacency(_ lists: [(outgoing: [UInt32], incoming: [UInt32])]) {
        func entries(_ handles: [UInt32], outgoing: Bool) -> [Adjacency] {
            handles.map { handle in
                let relation = relations[Int(handle)]
                return Adjacency(
                    relation: handle, other: outgoing ? relation.to : relation.from, type: relation.type, removed: relation.removed != live)
            }
        }
        for (handle, list) in lists.enumerated() {
            nodes[handle].outgoing = entries(list.outgoing, outgoing: true)
            nodes[handle].incoming = entries(list.incoming, outgoing: false)
        }
    }
}
