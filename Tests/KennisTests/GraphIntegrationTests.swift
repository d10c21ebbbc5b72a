import Dispatch
import EventLog
import Foundation
import Graph
import TestSupport
import Testing

@testable import Kennis

/// The graph behind a database: validated appends, replay on open, snapshot isolation for readers.
struct GraphIntegrationTests {
    static var shippedFiles: [ImportSource] {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let directory = root.appendingPathComponent("events")
        return ((try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? []).filter { $0.hasSuffix(".jsonl") }.sorted()
            .map { ImportSource.file(directory.appendingPathComponent($0).path) }
    }

    @Test func importingTheShippedEventsTwiceFailsOnTheFirstDuplicateAndWritesNothing() throws {
        let dir = TemporaryDirectory()
        let db = try Database(path: dir.appending("db"), create: true)
        let first = try db.importEvents(from: Self.shippedFiles)
        let error = #expect(throws: EventLogError.self) { try db.importEvents(from: Self.shippedFiles) }
        guard case .rejected(let input)? = error else {
            Issue.record("expected a rejection, got \(String(describing: error))")
            return
        }
        #expect(input.location?.file.hasSuffix("10-organisations.jsonl") == true)
        #expect(input.message.contains("already exists"))
        #expect(try db.log.head().seq == first.lastSeq)
        #expect(db.graph.head == first.lastSeq)
    }

    @Test func reopeningRebuildsTheSameGraph() throws {
        let dir = TemporaryDirectory()
        let path = dir.appending("db")
        let before: GraphModelPicture
        do {
            let db = try Database(path: path, create: true)
            try db.importEvents(from: Self.shippedFiles)
            before = GraphModelPicture(db.graph.view())
        }
        let reopened = try Database(path: path)
        #expect(reopened.replayProblems.isEmpty)
        #expect(GraphModelPicture(reopened.graph.view()) == before)
        let labs = reopened.graph.view().nodes.filter { reopened.graph.view().labels(of: $0).contains("HealthAILab") }
        #expect(labs.count == 5)
    }

    @Test func aReaderKeepsItsSeqWhileAppendsLand() throws {
        let dir = TemporaryDirectory()
        let db = try Database(path: dir.appending("db"), create: true)
        try db.append(EventBatch([Event(.entityCreated(id: "lab:x", kind: "Lab", properties: Properties(), labels: []))]))
        let view = db.graph.view()
        let writer = DispatchGroup()
        DispatchQueue.global().async(group: writer) {
            for i in 0..<200 {
                _ = try? db.append(EventBatch([Event(.entityCreated(id: "p:\(i)", kind: "Person", properties: Properties(), labels: []))]))
            }
        }
        // Read concurrently: the old view never changes, new views only grow.
        var sizes: [Int] = []
        while writer.wait(timeout: .now()) == .timedOut {
            #expect(Array(view.nodes).count == 1)
            sizes.append(Array(db.graph.view().nodes).count)
        }
        #expect(sizes == sizes.sorted())
        #expect(Array(db.graph.view().nodes).count == 201)
        #expect(view.seq == 1)
    }

    @Test func theGraphKnowsWhenEachEventWasRecorded() throws {
        let dir = TemporaryDirectory()
        let path = dir.appending("db")
        var expected: [String: Timestamp] = [:]
        do {
            let db = try Database(path: path, create: true)
            for i in 0..<3 {
                let receipt = try db.append(
                    EventBatch([Event(.entityCreated(id: "p:\(i)", kind: "Person", properties: Properties(), labels: []))]))
                expected["p:\(i)"] = receipt.recordedAt
                usleep(2000)
            }
            let updated = try db.append(
                EventBatch([Event(.entityUpdated(id: "p:0", patch: PropertyPatch([PatchEntry("x", 1)]), labels: nil))]))
            let view = db.graph.view()
            for (id, time) in expected { #expect(view.createdAt(of: view.node(id: id)!) == time) }
            #expect(view.updatedAt(of: view.node(id: "p:0")!) == updated.recordedAt)
            #expect(db.graph.view(at: 3).updatedAt(of: view.node(id: "p:0")!) == expected["p:0"])
            try db.snapshot()
        }
        for useSnapshots in [true, false] {
            var options = Database.Options()
            options.useSnapshots = useSnapshots
            let reopened = try Database(path: path, options: options)
            let view = reopened.graph.view()
            for (id, time) in expected { #expect(view.createdAt(of: view.node(id: id)!) == time, "snapshots: \(useSnapshots)") }
        }
    }

    @Test func aRuleBrokenInABatchNamesTheLineAndWritesNothing() throws {
        let dir = TemporaryDirectory()
        let file = dir.appending("bad.jsonl")
        try """
        {"type":"entity.created","id":"p:a","kind":"Person"}
        {"type":"relation.added","rel":"KNOWS","from":"p:a","to":"p:nobody"}
        """.write(toFile: file, atomically: true, encoding: .utf8)
        let db = try Database(path: dir.appending("db"), create: true)
        let error = #expect(throws: EventLogError.self) { try db.importEvents(from: [.file(file)]) }
        #expect(error?.description == "\(file):2: to: entity 'p:nobody' does not exist")
        #expect(try db.log.head().seq == 0)
        #expect(db.graph.view().node(id: "p:a") == nil)
    }
}

/// A comparable picture of a view.
struct GraphModelPicture: Equatable {
    let nodes: [String]
    let relations: [String]

    init(_ view: GraphView) {
        nodes = view.nodes.map { "\(view.id(of: $0)) \(view.labels(of: $0)) \(view.properties(of: $0))" }.sorted()
        relations = view.relationships.map {
            "\(view.id(of: $0)) \(view.type(of: $0)) \(view.id(of: view.start(of: $0))) \(view.id(of: view.end(of: $0))) \(view.properties(of: $0))"
        }.sorted()
    }
}

/// The slots of work a server runs at once, shared by its doors.
struct AdmissionTests {
    @Test func slotsAreTakenUpToTheMaximumAndGivenBack() {
        let admission = Admission(maximum: 2)
        #expect(admission.enter() && admission.enter())
        #expect(!admission.enter(), "the third is refused")
        admission.leave()
        #expect(admission.enter() && admission.current == 2)
        // Work admitted before that waited takes its slot back even when the others are taken.
        admission.reenter()
        #expect(admission.current == 3 && !admission.enter())
    }
}
