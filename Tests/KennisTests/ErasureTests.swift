import Foundation
import Synchronization
import TestSupport
import Testing

@testable import EventLog
@testable import Kennis

/// Erasure over random histories: after every erasure the log verifies, no erased value is left in any
/// byte of the database's file, events the erasure did not change are stored exactly as before, and
/// the graph at every seq equals that of a model log that never held the content.
struct ErasureTests {
    /// One random history, and the erasures made in it at random points.
    struct History {
        var random: SplitMix
        /// Every event appended, in order, with its seq (erasures included, as nil).
        var appended: [Event?] = []
        var people: [String] = [], labs: [String] = []
        var liveRelations: [(id: String, from: String, to: String)] = []
        var retired = Set<String>()
        var counter = 0

        init(seed: UInt64) { random = SplitMix(seed: seed) }

        mutating func nextBatch() -> [Event] {
            var batch: [Event] = []
            for _ in 0..<(1 + random.below(6)) { batch.append(nextEvent()) }
            return batch
        }

        private mutating func envelope(_ body: EventBody) -> Event {
            Event(
                body, actor: random.chance(50) ? "actor-\(random.below(3))" : nil,
                source: random.chance(60) ? random.marker("https://src") : nil, note: random.chance(30) ? random.marker("note") : nil)
        }

        private mutating func nextEvent() -> Event {
            counter += 1
            let live = people.filter { !retired.contains($0) }
            switch random.below(10) {
            case 0 where labs.count < 4, _ where people.isEmpty || labs.isEmpty:
                if labs.count < 3 || random.chance(50) {
                    let id = "lab:\(counter)"
                    labs.append(id)
                    return envelope(
                        .entityCreated(id: id, kind: "Lab", properties: Properties([("name", .string(random.marker("lab")))]), labels: []))
                }
                return newPerson()
            case 1, 2:
                return newPerson()
            case 3,
                4 where !live.isEmpty:
                let id = live[random.below(live.count)]
                var patch: [PatchEntry] = [PatchEntry("email", .string(random.marker("mail")))]
                if random.chance(30) { patch.append(PatchEntry("title", nil)) }
                if random.chance(30) {
                    patch.append(PatchEntry("valid_until", .temporal(.date(CalendarDate(year: 2030, month: 1, day: 1)!))))
                }
                return envelope(.entityUpdated(id: id, patch: PropertyPatch(patch), labels: random.chance(20) ? ["Staff"] : nil))
            case 5,
                6 where !live.isEmpty:
                let person = live[random.below(live.count)]
                let lab = labs[random.below(labs.count)]
                let custom = random.chance(40)
                let id = custom ? "m\(counter):\(person)" : Event.defaultRelationID(type: "MEMBER_OF", from: person, to: lab)
                guard !liveRelations.contains(where: { $0.id == id }) else { return newPerson() }
                liveRelations.append((id, person, lab))
                return envelope(
                    .relationAdded(
                        id: id, type: "MEMBER_OF", from: person, to: lab,
                        properties: Properties([("role", .string(random.marker("role"))), ("since", .integer(Int64(counter)))])))
            case 7 where !liveRelations.isEmpty:
                let relation = liveRelations[random.below(liveRelations.count)]
                return envelope(
                    .relationUpdated(id: relation.id, patch: PropertyPatch([PatchEntry("role", .string(random.marker("role")))])))
            case 8 where !liveRelations.isEmpty:
                let relation = liveRelations.remove(at: random.below(liveRelations.count))
                return envelope(.relationRemoved(id: relation.id))
            case 9 where live.count > 2:
                let id = live[random.below(live.count)]
                retired.insert(id)
                liveRelations.removeAll { $0.from == id || $0.to == id }
                return envelope(.entityRetired(id: id))
            default:
                return newPerson()
            }
        }

        private mutating func newPerson() -> Event {
            let id = "person:\(random.marker("p"))"
            people.append(id)
            var properties: [(String, PropertyValue)] = [
                ("name", .string(random.marker("name"))), ("title", .string(random.marker("title"))),
            ]
            if random.chance(30) { properties.append(("valid_from", .temporal(.date(CalendarDate(year: 2020, month: 2, day: 1)!)))) }
            return envelope(.entityCreated(id: id, kind: "Person", properties: Properties(properties), labels: []))
        }

        /// The generator's view after `id` was erased as `pseudonym`.
        mutating func erased(_ id: String, as pseudonym: String) {
            people = people.map { $0 == id ? pseudonym : $0 }
            if retired.remove(id) != nil { retired.insert(pseudonym) }
            liveRelations = liveRelations.map { relation in
                let (from, to) = (relation.from == id ? pseudonym : relation.from, relation.to == id ? pseudonym : relation.to)
                let newID = Event.erasedRelationID(relation.id, type: "MEMBER_OF", from: from, to: to, replacing: id, with: pseudonym)
                return (newID, from, to)
            }
        }
    }

    /// An erasure as the model applies it, written out plainly from docs/events.md.
    struct ModelErasure {
        let id: String, pseudonym: String, relations: Bool, seq: UInt64

        func apply(to event: Event, relationIDs: inout [String: String]) -> Event {
            func kept(_ properties: Properties) -> Properties {
                Properties(properties.filter { $0.key.hasPrefix("valid_") }.map { ($0.key, $0.value) })
            }
            func kept(_ patch: PropertyPatch) -> PropertyPatch { PropertyPatch(patch.filter { $0.key.hasPrefix("valid_") }) }
            switch event.body {
            case .entityCreated(id, let kind, let properties, let labels):
                return Event(.entityCreated(id: pseudonym, kind: kind, properties: kept(properties), labels: labels), actor: event.actor)
            case .entityUpdated(id, let patch, let labels, let removesKind):
                return Event(
                    .entityUpdated(id: pseudonym, patch: kept(patch), labels: labels, removesKind: removesKind), actor: event.actor)
            case .entityRetired(id):
                return Event(.entityRetired(id: pseudonym), actor: event.actor)
            case .relationAdded(let relation, let type, let from, let to, let properties) where from == id || to == id:
                let (newFrom, newTo) = (from == id ? pseudonym : from, to == id ? pseudonym : to)
                let newID =
                    relation == Event.defaultRelationID(type: type, from: from, to: to)
                    ? Event.defaultRelationID(type: type, from: newFrom, to: newTo) : relation.replacingOccurrences(of: id, with: pseudonym)
                relationIDs[relation] = newID
                let body = EventBody.relationAdded(
                    id: newID, type: type, from: newFrom, to: newTo, properties: relations ? kept(properties) : properties)
                return relations ? Event(body, actor: event.actor) : Event(body, actor: event.actor, source: event.source, note: event.note)
            case .relationUpdated(let relation, let patch):
                guard let newID = relationIDs[relation] else { return event }
                let body = EventBody.relationUpdated(id: newID, patch: relations ? kept(patch) : patch)
                return relations ? Event(body, actor: event.actor) : Event(body, actor: event.actor, source: event.source, note: event.note)
            case .relationRemoved(let relation):
                guard let newID = relationIDs[relation] else { return event }
                let body = EventBody.relationRemoved(id: newID)
                return relations ? Event(body, actor: event.actor) : Event(body, actor: event.actor, source: event.source, note: event.note)
            default:
                return event
            }
        }
    }

    /// The graph at a position as the sorted lines of its events export.
    private func picture(_ view: GraphView) throws -> [String] {
        guard case .document(let export) = GraphExportFormat.jsonl.export(view) else { return [] }
        var bytes: [UInt8] = []
        try export.write { bytes += $0 }
        return String(decoding: bytes, as: UTF8.self).split(separator: "\n").map(String.init).sorted()
    }

    /// The strings a changed event held that the erasure of `id` removed.
    private func content(of event: Event, about id: String, relations: Bool) -> [String] {
        let envelope = [event.source, event.note].compactMap { $0 }
        func strings(_ values: [PropertyValue?]) -> [String] { values.compactMap { if case .string(let s)? = $0 { s } else { nil } } }
        switch event.body {
        case .entityCreated(id, _, let properties, _): return envelope + strings(properties.map(\.value)) + [id]
        case .entityUpdated(id, let patch, _, _): return envelope + strings(patch.map(\.value)) + [id]
        case .entityRetired(id): return envelope + [id]
        case .relationAdded(_, _, _, _, let properties): return relations ? envelope + strings(properties.map(\.value)) + [id] : [id]
        case .relationUpdated(_, let patch): return relations ? envelope + strings(patch.map(\.value)) : []
        default: return relations ? envelope : []
        }
    }

    @Test(arguments: [1, 2, 3, 4, 5, 6] as [UInt64])
    func randomHistoriesErasedAtRandomPoints(seed: UInt64) throws {
        let directory = TemporaryDirectory()
        var options = Database.Options()
        options.snapshotEvery = 40
        let db = try Database(path: directory.appending("db"), create: true, options: options)
        var history = History(seed: seed)
        var erasures: [ModelErasure] = []
        var erasedTexts: [String] = []
        for round in 0..<40 {
            let batch = history.nextBatch()
            let receipt = try db.append(EventBatch(batch))
            history.appended += batch.map { $0 }
            #expect(receipt.count == batch.count)
            guard round % 5 == 4 || history.random.chance(10) else { continue }
            let candidates = history.people.filter { !$0.hasPrefix(Database.pseudonymPrefix) }
            guard !candidates.isEmpty else { continue }
            let id = candidates[history.random.below(candidates.count)]
            let relations = history.random.chance(50)
            let before = try db.log.reading { try $0.events(matching: EventFilter()) }
            let report = try db.erase(id, reason: "request \(round)", relations: relations, actor: "steward", patience: .seconds(5))
            let after = try db.log.reading { try $0.events(matching: EventFilter()) }
            // Every hash stays; every event the erasure did not change is stored exactly as before.
            #expect(after.count == before.count + 1)
            let changed = Set(report.changedEvents)
            for (old, new) in zip(before, after) {
                #expect(old.hash == new.hash)
                if !changed.contains(old.seq) { #expect(old == new, "seq \(old.seq) changed") }
                if changed.contains(old.seq) {
                    #expect(new.erasedBy == report.seq)
                    erasedTexts += content(of: history.appended[Int(old.seq) - 1] ?? old.event, about: id, relations: relations)
                }
            }
            erasures.append(ModelErasure(id: id, pseudonym: report.pseudonym, relations: relations, seq: report.seq))
            history.erased(id, as: report.pseudonym)
            history.appended.append(nil)
            // The history as the generator knows it now carries the pseudonym (for the model).
            var relationIDs: [String: String] = [:]
            let rule = ModelErasure(id: id, pseudonym: report.pseudonym, relations: relations, seq: report.seq)
            history.appended = history.appended.map { event in event.map { rule.apply(to: $0, relationIDs: &relationIDs) } }
            // The scrub ran, and read every page of the file as LMDB's.
            #expect(try report.scrub.get().pagesLeft == 0)
            let verified = try db.verifyLog()
            #expect(verified.erased[report.seq] == UInt64(report.changedEvents.count))
            try expectNoneOf(erasedTexts, in: directory.appending("db"))
            // Erasing it again by its pseudonym is refused, and changes nothing.
            #expect(throws: EventLogError.self) { try db.erase(report.pseudonym, reason: "again", actor: "steward") }
        }
        #expect(erasures.count >= 6, "seed \(seed): \(erasures.count) erasures")
        // The scan finds what was not erased: every lab's name is still in the file.
        let data = try Self.dataOf(directory.appending("db") + "/data.mdb")
        for case .entityCreated(_, "Lab", let properties, _)? in history.appended.map(\.?.body) {
            guard case .string(let name)? = properties["name"] else { continue }
            #expect(data.range(of: Data(name.utf8)) != nil, "'\(name)' is missing from the file")
        }
        try db.snapshot()
        #expect(try db.verifyGraph().matches)
        try compareWithModel(db, history: history, directory: directory)
    }

    /// An erasure while another thread appends: every append lands whole, before or after it, and the
    /// log verifies.
    @Test func anErasureWhileAWriterAppends() throws {
        let directory = TemporaryDirectory()
        let db = try Database(path: directory.appending("db"), create: true)
        let person = Event(
            .entityCreated(id: "person:ann", kind: "Person", properties: Properties([("name", .string("Ann Secret"))]), labels: []))
        try db.append(EventBatch([person]))
        let stop = Atomic<Bool>(false), written = Atomic<Int>(0)
        let writer = Thread {
            var next = 0
            while !stop.load(ordering: .relaxed) {
                let batch = (next..<next + 20).map { index in
                    Event(.relationAdded(id: "K\(index)", type: "KNOWS", from: "n:\(index)", to: "n:\(index)", properties: Properties()))
                }
                let nodes = (next..<next + 20).map { Event(.entityCreated(id: "n:\($0)", kind: "N", properties: Properties(), labels: [])) }
                if (try? db.append(EventBatch(nodes + batch))) != nil { written.store(next + 20, ordering: .relaxed) }
                next += 20
            }
        }
        writer.start()
        while written.load(ordering: .relaxed) < 200 { usleep(1_000) }
        let report = try db.erase("person:ann", reason: "request", actor: "steward")
        while written.load(ordering: .relaxed) < report.seq + 200 { usleep(1_000) }
        stop.store(true, ordering: .relaxed)
        while !writer.isFinished { usleep(1_000) }
        let verified = try db.verifyLog()
        #expect(verified.erased[report.seq] == 1)
        #expect(try db.view().nodes(label: "N").count == written.load(ordering: .relaxed))
        try expectNoneOf(["Ann Secret", "person:ann"], in: directory.appending("db"))
        #expect(try picture(db.view()) == picture(Database(path: directory.appending("db"), options: Self.replayOnly).view()))
    }

    /// A reader of the state before the erasure holds its pages: the scrub waits for it, and past its
    /// patience reports that it could not run (the erasure stays committed); `scrub()` after the reader
    /// has gone zeroes what is left.
    @Test func aScrubWaitsForReadersOfTheOldState() throws {
        let directory = TemporaryDirectory()
        let db = try Database(path: directory.appending("db"), create: true)
        try db.append(
            EventBatch([
                Event(.entityCreated(id: "person:cy", kind: "Person", properties: Properties([("name", .string("Cy Hidden"))]), labels: []))
            ]))
        let reading = Atomic<Bool>(false), release = Atomic<Bool>(false)
        let reader = Thread {
            _ = try? db.log.reading { _ in
                reading.store(true, ordering: .relaxed)
                while !release.load(ordering: .relaxed) { usleep(1_000) }
            }
        }
        reader.start()
        while !reading.load(ordering: .relaxed) { usleep(1_000) }
        let report = try db.erase("person:cy", reason: "request", actor: nil, patience: .milliseconds(200))
        guard case .failure(let failure) = report.scrub else {
            Issue.record("the scrub ran under a reader of the old state")
            return
        }
        #expect(failure.description.contains("reader"))
        #expect(try picture(db.view()).joined().contains("Cy Hidden") == false)
        release.store(true, ordering: .relaxed)
        while !reader.isFinished { usleep(1_000) }
        #expect(try db.scrub(patience: .seconds(5)).bytes > 0)
        try expectNoneOf(["Cy Hidden", "person:cy"], in: directory.appending("db"))
    }

    /// A second store on the same database (as another process's is) learns of an erasure when it
    /// catches up: the event is applied to its graph too.
    @Test func anotherStoreAppliesTheErasureWhenItCatchesUp() throws {
        let directory = TemporaryDirectory()
        let path = directory.appending("db")
        let first = try Database(path: path, create: true)
        try first.append(
            EventBatch([
                Event(
                    .entityCreated(id: "person:bo", kind: "Person", properties: Properties([("name", .string("Bo Private"))]), labels: [])),
                Event(.entityCreated(id: "lab:x", kind: "Lab", properties: Properties([("name", .string("X"))]), labels: [])),
                Event(
                    .relationAdded(
                        id: "MEMBER_OF:person:bo->lab:x", type: "MEMBER_OF", from: "person:bo", to: "lab:x", properties: Properties())),
            ]))
        let second = try Database(path: path)
        let report = try first.erase("person:bo", reason: "request", actor: nil)
        try second.refresh()
        #expect(try picture(second.view()) == picture(first.view()))
        #expect(try picture(second.view(at: .seq(3))).joined().contains("Bo Private") == false)
        #expect(try picture(second.view()).contains { $0.contains("MEMBER_OF:\(report.pseudonym)->lab:x") })
    }

    /// A log of format 1 is refused with the way out; `upgrade` proves it, backs it up, rechains it; a
    /// damaged one is refused and left as it was.
    @Test func aFormatOneLogIsUpgradedAfterItsChainIsProved() throws {
        let directory = TemporaryDirectory()
        let path = directory.appending("old")
        do {
            let db = try Database(path: path, create: true)
            try db.append(
                EventBatch((0..<300).map { Event(.entityCreated(id: "n:\($0)", kind: "N", properties: Properties(), labels: [])) }))
            try db.log.writeFormatOneChain()
        }
        #expect {
            try Database(path: path)
        } throws: { "\($0)".contains("kennis upgrade") }
        let outcome = try Database.upgrade(path, backup: directory.appending("before"))
        guard case .upgraded(1, 300, let head, _) = outcome else {
            Issue.record("\(outcome)")
            return
        }
        let upgraded = try Database(path: path)
        #expect(try upgraded.verifyLog().head == head)
        #expect(try EventLog.openForUpgrade(path: directory.appending("before")).format() == 1)
        #expect(try Database.upgrade(path, backup: directory.appending("unused")) == .current(format: 2))
        // A format 1 log whose record was altered: refused before anything is written.
        let damaged = directory.appending("damaged")
        do {
            let db = try Database(path: damaged, create: true)
            try db.append(
                EventBatch((0..<10).map { Event(.entityCreated(id: "n:\($0)", kind: "N", properties: Properties(), labels: [])) }))
            try db.log.writeFormatOneChain()
            try db.log.environment.write { txn in
                var value = try #require(try txn.value(db.log.databases.events, key: LogLayout.seqKey(4)))
                value[value.count - 1] ^= 1
                try txn.put(db.log.databases.events, key: LogLayout.seqKey(4), value: value)
            }
        }
        #expect {
            try Database.upgrade(damaged, backup: directory.appending("damaged-before"))
        } throws: { "\($0)".contains("seq 4") }
        #expect(try EventLog.openForUpgrade(path: damaged).format() == 1)
        #expect(!FileManager.default.fileExists(atPath: directory.appending("damaged-before")))
    }

    private static var replayOnly: Database.Options {
        var options = Database.Options()
        options.useSnapshots = false
        return options
    }

    /// The log as stored is the model's log (the history with each erasure applied, written out plainly
    /// above), and the graph at every seq equals the one a log that never held the content gives.
    private func compareWithModel(_ db: Database, history: History, directory: TemporaryDirectory) throws {
        let recorded = try db.log.reading { try $0.events(matching: EventFilter()) }
        #expect(recorded.count == history.appended.count)
        var modelEvents: [Event] = []
        var modelSeq: [UInt64: UInt64] = [:]
        for (stored, expected) in zip(recorded, history.appended) {
            if let expected {
                #expect(stored.event == expected, "seq \(stored.seq)")
                modelEvents.append(expected)
            } else {
                #expect(stored.event.type == .entityErased)
            }
            modelSeq[stored.seq] = UInt64(modelEvents.count)
        }
        let model = try Database(path: directory.appending("model"), create: true)
        try model.append(EventBatch(modelEvents))
        for event in recorded {
            let mine = try picture(db.view(at: .seq(event.seq)))
            let theirs = try picture(model.view(at: .seq(modelSeq[event.seq]!)))
            #expect(mine == theirs, "seq \(event.seq)")
        }
        // A replay of the erased log (no snapshot) gives the graph the erasures made in place.
        var options = Database.Options()
        options.useSnapshots = false
        let replayed = try Database(path: directory.appending("db"), options: options)
        #expect(try picture(replayed.view()) == picture(db.view()))
    }

    /// No byte of the database's files holds any of `texts`.
    private func expectNoneOf(_ texts: [String], in path: String) throws {
        for file in ["data.mdb", "lock.mdb"] {
            let data = try Self.dataOf(path + "/" + file)
            for text in Set(texts) where !text.isEmpty {
                #expect(data.range(of: Data(text.utf8)) == nil, "'\(text)' is still in \(file)")
            }
        }
    }

    /// The bytes of `path` that hold data, back to back: with the write map the file is as long as the
    /// map, mostly holes (which read as zeros, and can hold no text).
    static func dataOf(_ path: String) throws -> Data {
        let handle = try FileHandle(forReadingFrom: URL(fileURLWithPath: path))
        defer { try? handle.close() }
        let file = handle.fileDescriptor
        let end = lseek(file, 0, SEEK_END)
        var data = Data()
        var at: off_t = 0
        while at < end {
            let start = lseek(file, at, 3)  // SEEK_DATA
            guard start >= 0 else { break }
            let stop = max(lseek(file, start, 4), start)  // SEEK_HOLE
            try handle.seek(toOffset: UInt64(start))
            data.append(try handle.read(upToCount: Int(stop - start)) ?? Data())
            at = stop
        }
        return data
    }
}

extension SplitMix {
    /// True `percent` times in a hundred.
    mutating func chance(_ percent: Int) -> Bool { below(100) < percent }
    /// A text no other value holds: what the byte scan looks for.
    mutating func marker(_ what: String) -> String { "\(what)-\(String(next(), radix: 36))\(String(next(), radix: 36))" }
}
