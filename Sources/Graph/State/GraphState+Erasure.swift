// Applying an erasure (docs/events.md, Erasure) to the graph. The log's records were changed in the
// same transaction; this makes the graph what a replay of the changed log gives: the entity carries its
// pseudonym, keeps its labels, relations and valid time, and has no other property at any seq; its
// relations' ids name the pseudonym; with `relations`, they too keep only their valid time. Applied to
// a graph replayed from a log already erased, it finds nothing left to change.
import EventLog

extension GraphState {
    /// Erases the entity created at seq `created`, giving it `pseudonym`, as the event at `seq`.
    mutating func erase(entityCreatedAt created: UInt64, as pseudonym: String, withRelations: Bool, at seq: UInt64) throws(RuleViolation) {
        guard let handle = node(createdAt: created) else {
            throw RuleViolation(rule: .erasure, field: "created", message: "no entity was created at seq \(created)")
        }
        let oldID = nodes[Int(handle)].id
        if oldID != pseudonym {
            if nodeIndex[pseudonym] != nil {
                throw RuleViolation(rule: .erasure, field: "id", message: "the pseudonym '\(pseudonym)' is taken")
            }
            nodeIndex[oldID] = nil
            nodeIndex[pseudonym] = handle
            nodes[Int(handle)].id = pseudonym
        }
        let kept = keepingValidTime(nodes[Int(handle)].properties)
        if kept != nodes[Int(handle)].properties {
            for (key, _) in propertyHeads.heads(of: handle) { propertyHeads.set(-1, value: nil, key: key, node: handle) }
            nodes[Int(handle)].properties = kept
            noteHeads(of: handle, from: kept, down: -1)
        }
        let node = nodes[Int(handle)]
        for relation in Set((node.outgoing + node.incoming).map(\.relation)).sorted() {
            renameRelation(relation, replacing: oldID, with: pseudonym)
            if withRelations { relations[Int(relation)].properties = keepingValidTime(relations[Int(relation)].properties) }
        }
        erasures += 1
    }

    /// The node created at `seq`: nodes are appended in the order they are created.
    private func node(createdAt seq: UInt64) -> UInt32? {
        var low = 0, high = nodes.count
        while low < high {
            let middle = (low + high) / 2
            if nodes[middle].created < seq { low = middle + 1 } else { high = middle }
        }
        return low < nodes.count && nodes[low].created == seq ? UInt32(low) : nil
    }

    /// Gives relation `handle` the id the log's erasure gives it: a default id (`REL:FROM->TO`) made
    /// again from its ends' ids, another id with `oldID` replaced by the end's pseudonym.
    private mutating func renameRelation(_ handle: UInt32, replacing oldID: String, with pseudonym: String) {
        let record = relations[Int(handle)]
        let newID = Event.erasedRelationID(
            record.id, type: relationTypes[record.type], from: nodes[Int(record.from)].id, to: nodes[Int(record.to)].id,
            replacing: oldID, with: pseudonym)
        guard newID != record.id else { return }
        if relationIndex[record.id] == handle { relationIndex[record.id] = nil }
        // A default id may have been added again after a removal: the index names the newest.
        if (relationIndex[newID] ?? 0) <= handle { relationIndex[newID] = handle }
        relations[Int(handle)].id = newID
    }

    /// The chain from `head` with only the versions of the keys an erasure keeps (the valid-time bounds), built again in the same order, and the
    /// versions it leaves scrubbed of their values (so that no later snapshot holds them). The same head
    /// when every version is a valid-time one.
    private mutating func keepingValidTime(_ head: Int32) -> Int32 {
        var chain: [Int32] = []
        var version = head
        while version >= 0 {
            chain.append(version)
            version = propertyVersions[Int(version)].previous
        }
        let validTime = Set(Erasure.keptKeys.compactMap { propertyKeys.number(of: $0) })
        guard chain.contains(where: { !validTime.contains(propertyVersions[Int($0)].key) }) else { return head }
        var newHead: Int32 = -1
        for old in chain.reversed() {
            let version = propertyVersions[Int(old)]
            if validTime.contains(version.key) {
                newHead = Int32(
                    propertyVersions.append(PropertyVersion(key: version.key, from: version.from, value: version.value, previous: newHead)))
            }
            propertyVersions[Int(old)] = PropertyVersion(key: version.key, from: version.from, value: nil, previous: -1)
        }
        return newHead
    }
}
