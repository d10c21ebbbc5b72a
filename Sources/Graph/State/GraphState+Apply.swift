// Applying an event: check every state rule of docs/events.md, then change the graph. One function
// does both, so validation (applying a batch to a copy) and projection (applying what was committed)
// can never disagree.
public import EventLog

extension GraphState {
    /// Applies `event` as the event at `seq` (which must follow `head`), or throws the rule it breaks and
    /// leaves the state unchanged.
    public mutating func apply(_ event: Event, at seq: UInt64) throws(RuleViolation) {
        switch event.body {
        case .entityCreated(let id, let kind, let properties, let labels):
            let key = IDIndex.Key(id)
            try checkCreatable(id, key: key, kind: kind, at: seq)
            try ValidInstant.check(from: properties[ValidInstant.fromKey], until: properties[ValidInstant.untilKey])
            let handle = UInt32(nodes.count)
            // An entity without a kind has the empty name's symbol, which no label can be.
            var record = NodeRecord(id: id, kind: self.labels.intern(kind ?? ""), created: seq)
            if !labels.isEmpty { record.labels = addLabelVersion(labels, from: seq, previous: -1) }
            record.properties = addProperties(properties.map { ($0.key, $0.value) }, from: seq, previous: -1)
            nodes.append(record)
            noteHeads(of: handle, from: record.properties, down: -1)
            if properties.contains(where: { Self.isValidTimeKey($0.key) }) { noteValidity(node: handle) }
            nodeIndex[key] = handle
            labelIndex.addNode(handle, kind: record.kind)
            if record.labels >= 0 {
                labelIndex.addRelabelled(handle)
                noteExtraLabels(of: handle, version: record.labels)
            }
        case .entityUpdated(let id, let patch, let labels, let removesKind):
            let handle = try liveNode(id, field: "id", at: seq)
            let previous = nodes[Int(handle)]
            if removesKind { try checkKindRemovable(of: previous, at: seq) }
            try checkValidTime(after: patch, head: previous.properties)
            let labelHead = labelVersion(labels, removingKind: removesKind, from: seq, previous: previous.labels)
            let propertyHead = addProperties(patch.map { ($0.key, $0.value) }, from: seq, previous: previous.properties)
            if let labelHead { nodes[Int(handle)].labels = labelHead }
            if propertyHead != previous.properties {
                nodes[Int(handle)].properties = propertyHead
                noteHeads(of: handle, from: propertyHead, down: previous.properties)
                if patch.contains(where: { Self.isValidTimeKey($0.key) }) { noteValidity(node: handle) }
            }
            if let labelHead {
                if previous.labels < 0 { labelIndex.addRelabelled(handle) }
                noteExtraLabels(of: handle, version: labelHead)
            }
            if removesKind { labelIndex.noteKindRemoved(previous.kind, node: handle) }
        case .entityRetired(let id):
            let handle = try liveNode(id, field: "id", at: seq)
            // Its relations go with it.
            for entry in nodes[Int(handle)].outgoing + nodes[Int(handle)].incoming where !entry.isRemoved {
                remove(relation: entry.relation, at: seq)
            }
            nodes[Int(handle)].retired = seq
        case .relationAdded(let id, let type, let from, let to, let properties):
            let start = try liveNode(from, field: "from", at: seq)
            let end = try liveNode(to, field: "to", at: seq)
            let key = IDIndex.Key(id)
            if let existing = relationIndex[key], relations[Int(existing)].removed == live {
                throw RuleViolation(
                    rule: .relationAlreadyLive, field: "id",
                    message: "relation '\(id)' is already live (added at seq \(relations[Int(existing)].created))")
            }
            try checkRelationAllowed(type, from: start, to: end, at: seq)
            try ValidInstant.check(from: properties[ValidInstant.fromKey], until: properties[ValidInstant.untilKey])
            let handle = UInt32(relations.count)
            var record = RelationRecord(id: id, type: relationTypes.intern(type), from: start, to: end, created: seq)
            record.properties = addProperties(properties.map { ($0.key, $0.value) }, from: seq, previous: -1)
            relations.append(record)
            relationIndex[key] = handle
            labelIndex.addRelation(type: record.type)
            nodes[Int(start)].outgoing.append(Adjacency(relation: handle, other: end, type: record.type))
            nodes[Int(end)].incoming.append(Adjacency(relation: handle, other: start, type: record.type))
            // A list that keeps its relations' valid times keeps one for each.
            if !nodes[Int(start)].outgoingDays.isEmpty { nodes[Int(start)].outgoingDays.append(.always) }
            if !nodes[Int(end)].incomingDays.isEmpty { nodes[Int(end)].incomingDays.append(.always) }
            noteValidity(relation: handle, setsBounds: properties.contains { Self.isValidTimeKey($0.key) })
        case .relationUpdated(let id, let patch):
            let handle = try liveRelation(id, at: seq)
            try checkValidTime(after: patch, head: relations[Int(handle)].properties)
            let head = addProperties(patch.map { ($0.key, $0.value) }, from: seq, previous: relations[Int(handle)].properties)
            relations[Int(handle)].properties = head
            noteValidity(relation: handle, setsBounds: patch.contains { Self.isValidTimeKey($0.key) })
        case .relationRemoved(let id):
            remove(relation: try liveRelation(id, at: seq), at: seq)
        case .schemaDefined(let id, let schema):
            schemas.append(SchemaVersion(from: seq, id: id, schema: schema))
        case .entityErased(let pseudonym, let created, let relations, _):
            try erase(entityCreatedAt: created, as: pseudonym, withRelations: relations, at: seq)
        }
        head = seq
        appliedEvents += 1
    }

    /// Checks the valid time an element has once `patch` is applied to its properties at `head`.
    private func checkValidTime(after patch: PropertyPatch, head: Int32) throws(RuleViolation) {
        func bound(_ key: String) -> PropertyValue? {
            if let entry = patch.first(where: { $0.key == key }) { return entry.value }
            return newestProperty(key, from: head)
        }
        guard patch.contains(where: { $0.key == ValidInstant.fromKey || $0.key == ValidInstant.untilKey }) else { return }
        try ValidInstant.check(from: bound(ValidInstant.fromKey), until: bound(ValidInstant.untilKey))
    }

    /// Notes node `handle`'s newest valid time (an event set a bound), and narrows its relations' to it.
    private mutating func noteValidity(node handle: UInt32) {
        validity.set(node: handle, ownBounds(nodes[Int(handle)].properties))
        for outgoing in [true, false] {
            let list = outgoing ? nodes[Int(handle)].outgoing : nodes[Int(handle)].incoming
            for entry in list where !entry.isRemoved { noteValidity(relation: entry.relation, setsBounds: true) }
        }
    }

    /// Notes relation `handle`'s newest valid time, narrowed to its ends': when an event set a bound
    /// (it may have cleared one the column holds), or when it or an end has bounds.
    private mutating func noteValidity(relation handle: UInt32, setsBounds: Bool) {
        // Without a bound set and no node with bounds, there is nothing to note (the import path).
        guard setsBounds || validity.hasNodes else { return }
        let bounds = narrowedBounds(of: relations[Int(handle)])
        guard setsBounds || bounds != .always else { return }
        setValidity(relation: handle, bounds)
    }

    /// Sets relation `handle`'s valid time in the column, and beside it in its ends' adjacency lists.
    private mutating func setValidity(relation handle: UInt32, _ bounds: ValidBounds) {
        validity.set(relation: handle, bounds)
        let days = validity.days(ofRelation: handle)
        let (from, to) = (Int(relations[Int(handle)].from), Int(relations[Int(handle)].to))
        if let position = Self.position(of: handle, in: nodes[from].outgoing) {
            let count = nodes[from].outgoing.count
            Self.note(days, at: position, in: &nodes[from].outgoingDays, count: count)
        }
        if let position = Self.position(of: handle, in: nodes[to].incoming) {
            let count = nodes[to].incoming.count
            Self.note(days, at: position, in: &nodes[to].incomingDays, count: count)
        }
    }

    /// Notes `days` at `position` of a list's valid times, which starts (all `always`) with the first
    /// relation of the list that does not hold always.
    private static func note(_ days: ValidDays, at position: Int, in list: inout [ValidDays], count: Int) {
        if list.isEmpty {
            guard days != .always else { return }
            list = Array(repeating: .always, count: count)
        }
        list[position] = days
    }

    /// A relation's bounds narrowed to its ends'.
    private func narrowedBounds(of record: RelationRecord) -> ValidBounds {
        let own = ownBounds(record.properties)
        guard validity.hasNodes else { return own }
        return own.narrowed(to: validity.bounds(ofNode: record.from)).narrowed(to: validity.bounds(ofNode: record.to))
    }

    /// The bounds an element's newest properties (the chain from `head`) give it.
    private func ownBounds(_ head: Int32) -> ValidBounds {
        ValidBounds(from: newestProperty(ValidInstant.fromKey, from: head), until: newestProperty(ValidInstant.untilKey, from: head))
    }

    /// Fills the valid-time column from the newest properties (after a snapshot is read).
    mutating func indexValidity() {
        guard propertyKeys.number(of: ValidInstant.fromKey) != nil || propertyKeys.number(of: ValidInstant.untilKey) != nil else { return }
        // The nodes first, without narrowing their relations: the relations come next, each once.
        for handle in 0..<nodes.count {
            let bounds = ownBounds(nodes[handle].properties)
            if bounds != .always { validity.set(node: UInt32(handle), bounds) }
        }
        for handle in 0..<relations.count where relations[handle].properties >= 0 || validity.hasNodes {
            let bounds = narrowedBounds(of: relations[handle])
            if bounds != .always { setValidity(relation: UInt32(handle), bounds) }
        }
    }

    static func isValidTimeKey(_ key: String) -> Bool { key == ValidInstant.fromKey || key == ValidInstant.untilKey }

    /// The newest value of `key` in the chain from `head` (nil when unset or removed).
    private func newestProperty(_ key: String, from head: Int32) -> PropertyValue? {
        guard let symbol = propertyKeys.number(of: key) else { return nil }
        var version = head
        while version >= 0 {
            if propertyVersions[Int(version)].key == symbol { return propertyVersions[Int(version)].value }
            version = propertyVersions[Int(version)].previous
        }
        return nil
    }

    /// Removes relation `handle` at `seq`: in its record, and in the adjacency lists of both its ends.
    private mutating func remove(relation handle: UInt32, at seq: UInt64) {
        relations[Int(handle)].removed = seq
        let (from, to) = (Int(relations[Int(handle)].from), Int(relations[Int(handle)].to))
        if let position = Self.position(of: handle, in: nodes[from].outgoing) { nodes[from].outgoing[position].markRemoved() }
        if let position = Self.position(of: handle, in: nodes[to].incoming) { nodes[to].incoming[position].markRemoved() }
    }

    /// Where relation `handle` is in an adjacency list (nil if it is not: only a damaged snapshot
    /// could make that so). A list is in handle order (relations are appended to it as they are
    /// added, and handles count up), so a binary search finds it: a lab's members run to thousands.
    private static func position(of handle: UInt32, in list: [Adjacency]) -> Int? {
        var low = 0, high = list.count
        while low < high {
            let middle = (low + high) / 2
            if list[middle].relation < handle { low = middle + 1 } else { high = middle }
        }
        return low < list.count && list[low].relation == handle ? low : nil
    }

    private func checkCreatable(_ id: String, key: IDIndex.Key, kind: String?, at seq: UInt64) throws(RuleViolation) {
        if let handle = nodeIndex[key] {
            let (created, retired) = (nodes[Int(handle)].created, nodes[Int(handle)].retired)
            if retired == live {
                throw RuleViolation(rule: .alreadyExists, field: "id", message: "entity '\(id)' already exists (created at seq \(created))")
            }
            throw RuleViolation(
                rule: .idRetired, field: "id", message: "entity '\(id)' was retired at seq \(retired); an id is never reused")
        }
        guard let version = schema(at: seq) else { return }
        guard let kind else {
            throw RuleViolation(
                rule: .kindNotAllowed, field: "kind",
                message: "the schema in force ('\(version.id)', seq \(version.from)) requires every entity to have a kind")
        }
        if !version.schema.kinds.contains(kind) {
            throw RuleViolation(
                rule: .kindNotAllowed, field: "kind",
                message: "kind '\(kind)' is not in the schema in force ('\(version.id)', seq \(version.from))")
        }
    }

    /// Without a schema a node's kind can be taken away; the schema in force fixes it.
    private func checkKindRemovable(of node: NodeRecord, at seq: UInt64) throws(RuleViolation) {
        guard let version = schema(at: seq) else { return }
        throw RuleViolation(
            rule: .kindFixed, field: "kind",
            message:
                "the kind \(labels[node.kind]) of '\(node.id)' is fixed while a schema is in force ('\(version.id)', seq \(version.from))")
    }

    private func checkRelationAllowed(_ type: String, from start: UInt32, to end: UInt32, at seq: UInt64) throws(RuleViolation) {
        guard let version = schema(at: seq) else { return }
        guard let rule = version.schema.relations.first(where: { $0.type == type }) else {
            throw RuleViolation(
                rule: .relationNotAllowed, field: "rel",
                message: "relation type '\(type)' is not in the schema in force ('\(version.id)', seq \(version.from))")
        }
        let fromKind = labels[nodes[Int(start)].kind], toKind = labels[nodes[Int(end)].kind]
        if !rule.from.contains(fromKind) {
            throw RuleViolation(
                rule: .relationNotAllowed, field: "from",
                message:
                    "\(type) may not start at \(article(fromKind)) \(fromKind) ('\(nodes[Int(start)].id)'); the schema allows \(rule.from.joined(separator: ", "))"
            )
        }
        if !rule.to.contains(toKind) {
            throw RuleViolation(
                rule: .relationNotAllowed, field: "to",
                message:
                    "\(type) may not end at \(article(toKind)) \(toKind) ('\(nodes[Int(end)].id)'); the schema allows \(rule.to.joined(separator: ", "))"
            )
        }
    }

    private func liveNode(_ id: String, field: String, at seq: UInt64) throws(RuleViolation) -> UInt32 {
        guard let handle = nodeIndex[id] else {
            throw RuleViolation(rule: field == "id" ? .notLive : .endpointNotLive, field: field, message: "entity '\(id)' does not exist")
        }
        let retired = nodes[Int(handle)].retired
        guard retired == live else {
            throw RuleViolation(
                rule: field == "id" ? .notLive : .endpointNotLive, field: field, message: "entity '\(id)' was retired at seq \(retired)")
        }
        return handle
    }

    private func liveRelation(_ id: String, at seq: UInt64) throws(RuleViolation) -> UInt32 {
        guard let handle = relationIndex[id] else {
            throw RuleViolation(rule: .notLive, field: "id", message: "relation '\(id)' does not exist")
        }
        let removed = relations[Int(handle)].removed
        guard removed == live else {
            throw RuleViolation(rule: .notLive, field: "id", message: "relation '\(id)' was removed at seq \(removed)")
        }
        return handle
    }

    private mutating func addLabelVersion(_ names: [String], from seq: UInt64, previous: Int32, withoutKind: Bool = false) -> Int32 {
        let symbols = names.map { labels.intern($0) }
        return Int32(labelVersions.append(LabelVersion(from: seq, labels: symbols, previous: previous, withoutKind: withoutKind)))
    }

    /// The new label version of an update, if it changes labels: `names` (or the extra labels as they
    /// are) and the kind taken away when `removingKind` or by an earlier version.
    private mutating func labelVersion(_ names: [String]?, removingKind: Bool, from seq: UInt64, previous: Int32) -> Int32? {
        guard names != nil || removingKind else { return nil }
        let old = previous >= 0 ? labelVersions[Int(previous)] : nil
        let kept = names ?? old.map { $0.labels.map { labels[$0] } } ?? []
        return addLabelVersion(kept, from: seq, previous: previous, withoutKind: removingKind || old?.withoutKind == true)
    }

    /// Lists node `handle` under each label of its label version `head` that no older version had.
    mutating func noteExtraLabels(of handle: UInt32, version head: Int32) {
        for label in labelVersions[Int(head)].labels {
            var older = labelVersions[Int(head)].previous
            while older >= 0 && !labelVersions[Int(older)].labels.contains(label) { older = labelVersions[Int(older)].previous }
            if older < 0 { labelIndex.addExtraLabel(label, node: handle) }
        }
    }

    /// Lists every node under each extra label it ever had (after a snapshot is read, which does not
    /// store the lists: they follow from the label versions).
    mutating func indexExtraLabels() {
        for handle in labelIndex.relabelled {
            // The node's label versions oldest first, each noted as apply noted it.
            var versions: [Int32] = []
            var version = nodes[Int(handle)].labels
            while version >= 0 {
                versions.append(version)
                version = labelVersions[Int(version)].previous
            }
            for version in versions.reversed() { noteExtraLabels(of: handle, version: version) }
            if let newest = versions.first, labelVersions[Int(newest)].withoutKind {
                labelIndex.noteKindRemoved(nodes[Int(handle)].kind, node: handle)
            }
        }
    }

    /// Notes, as the newest of their keys for node `handle`, the versions of its chain from `head`
    /// down to (not including) `stop`, newest first.
    mutating func noteHeads(of handle: UInt32, from head: Int32, down stop: Int32) {
        var version = head
        while version > stop {
            let key = propertyVersions[Int(version)].key
            // A head above `stop` was noted in this pass: it is newer (a key set twice in one event).
            if propertyHeads.version(key: key, node: handle) <= stop {
                propertyHeads.set(version, value: propertyVersions[Int(version)].value, key: key, node: handle)
            }
            version = propertyVersions[Int(version)].previous
        }
    }

    /// Chains one version per entry in front of `previous`; returns the new head.
    mutating func addProperties(_ entries: [(String, PropertyValue?)], from seq: UInt64, previous: Int32) -> Int32 {
        var head = previous
        for (key, value) in entries {
            head = Int32(propertyVersions.append(PropertyVersion(key: propertyKeys.intern(key), from: seq, value: value, previous: head)))
        }
        return head
    }
}

extension GraphState {
    /// Moves the head past an event that could not be applied (replaying a log written before the
    /// rules were enforced), so that later events keep their seqs.
    public mutating func skip(to seq: UInt64) {
        head = max(head, seq)
    }
}

/// "a" or "an" before a kind's name.
private func article(_ word: String) -> String {
    guard let first = word.lowercased().first else { return "a" }
    return "aeiou".contains(first) ? "an" : "a"
}
