import ArgumentParser
import Kennis

struct StatsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "stats",
        abstract: "Summarize the database: entities by kind, relationships by type, events by type, size.",
        discussion: """
            The graph's counts are of the graph now, or --as-of a seq or time; the log's counts are of the \
            whole log.

            Examples:
              kennis stats
              kennis stats --as-of 2026-01-01 --format json
              kennis stats --by actor

            --by actor is the audit of who wrote the log: each actor the events name (over HTTP, the \
            write token's name; "-" for events that name none) with its events by type and the seqs and \
            times of its first and last, most events first.
            """
    )

    enum Format: String, ExpressibleByArgument, CaseIterable { case table, json }

    @OptionGroup var database: DatabaseOptions
    @OptionGroup var asOf: AsOfOption

    @Option(help: "table or json.")
    var format: Format = .table

    enum Grouping: String, ExpressibleByArgument, CaseIterable { case actor }

    @Option(help: ArgumentHelp("Count the log's events by this instead: actor.", valueName: "actor"))
    var by: Grouping?

    func run() throws {
        let db = try database.open()
        if by == .actor {
            try printActivity(of: db)
            return
        }
        let stats: LogStatistics
        let graph: GraphStatistics
        do {
            stats = try db.logStatistics()
            graph = try db.view(at: asOf.position).statistics()
        } catch {
            throw CommandFailure(oneLine(error))
        }
        switch format {
        case .json:
            var json = JSONWriter()
            json.beginObject()
            json.key("events")
            json.integer(Int64(stats.events))
            json.key("head_seq")
            json.unsigned(stats.head.seq)
            json.key("head_hash")
            json.string(stats.head.hash.hex)
            json.key("first_recorded_at")
            stats.firstRecordedAt.map { json.string($0.rfc3339) } ?? json.null()
            json.key("last_recorded_at")
            stats.head.recordedAt.map { json.string($0.rfc3339) } ?? json.null()
            json.key("ids")
            json.integer(Int64(stats.ids))
            json.key("by_type")
            json.beginObject()
            for type in EventType.allCases {
                json.key(type.rawValue)
                json.integer(Int64(stats.countsByType[type] ?? 0))
            }
            json.endObject()
            json.key("graph")
            json.beginObject()
            json.key("seq")
            json.unsigned(graph.seq)
            json.key("entities")
            json.integer(Int64(graph.nodes))
            json.key("relationships")
            json.integer(Int64(graph.relationships))
            json.key("entities_by_kind")
            json.counts(graph.nodesByKind)
            json.key("relationships_by_type")
            json.counts(graph.relationshipsByType)
            json.endObject()
            json.key("used_bytes")
            json.integer(Int64(stats.usedBytes))
            json.key("map_bytes")
            json.integer(Int64(stats.mapSize))
            json.endObject()
            print(json.string)
        case .table:
            print("database     \(database.resolvedPath)")
            print("graph        \(counted(graph.nodes, "entity")), \(counted(graph.relationships, "relationship")) at seq \(graph.seq)")
            print("by kind")
            for (kind, count) in graph.nodesByKind.sorted(by: { ($1.value, $0.key) < ($0.value, $1.key) }) {
                print("  " + pad(kind, 18) + String(count))
            }
            print("by relationship type")
            for (type, count) in graph.relationshipsByType.sorted(by: { ($1.value, $0.key) < ($0.value, $1.key) }) {
                print("  " + pad(type, 18) + String(count))
            }
            print("events       \(stats.events)")
            print("head         seq \(stats.head.seq)  \(stats.head.hash.hex)")
            print("recorded     \(stats.firstRecordedAt?.rfc3339 ?? "-")  …  \(stats.head.recordedAt?.rfc3339 ?? "-")")
            print("ids          \(stats.ids) (entities, relations and schemas with a history)")
            print("log events by type")
            for type in EventType.allCases {
                print("  " + pad(type.rawValue, 18) + String(stats.countsByType[type] ?? 0))
            }
            print("size         \(bytes(stats.usedBytes)) used of a \(bytes(stats.mapSize)) map")
        }
    }

    /// The events of each actor, as a table or JSON.
    private func printActivity(of db: Database) throws {
        let activity: [ActorActivity]
        do {
            activity = try db.activityByActor()
        } catch {
            throw CommandFailure(oneLine(error))
        }
        guard format == .table else {
            var json = JSONWriter()
            json.beginArray()
            for entry in activity {
                json.beginObject()
                json.key("actor")
                entry.actor.map { json.string($0) } ?? json.null()
                for (key, value) in [("events", entry.events), ("first_seq", Int(entry.firstSeq)), ("last_seq", Int(entry.lastSeq))] {
                    json.key(key)
                    json.integer(Int64(value))
                }
                json.key("first_recorded_at")
                json.string(entry.firstRecordedAt.rfc3339)
                json.key("last_recorded_at")
                json.string(entry.lastRecordedAt.rfc3339)
                json.key("by_type")
                json.counts(Dictionary(uniqueKeysWithValues: entry.byType.map { ($0.key.rawValue, $0.value) }))
                json.endObject()
            }
            json.endArray()
            print(json.string)
            return
        }
        print(pad("ACTOR", 24) + " " + pad("EVENTS", 8) + " " + pad("SEQS", 16) + " LAST RECORDED")
        for entry in activity {
            let seqs = "\(entry.firstSeq)–\(entry.lastSeq)"
            print(
                pad(entry.actor ?? "-", 24) + " " + pad(String(entry.events), 8) + " " + pad(seqs, 16) + " " + entry.lastRecordedAt.rfc3339)
        }
    }

    private func bytes(_ n: Int) -> String {
        let units = ["B", "KiB", "MiB", "GiB", "TiB"]
        var value = Double(n)
        var unit = 0
        while value >= 1024 && unit < units.count - 1 {
            value /= 1024
            unit += 1
        }
        return unit == 0 ? "\(n) B" : String(Int(value * 10) / 10) + "." + String(Int(value * 10) % 10) + " " + units[unit]
    }
}

extension JSONWriter {
    /// Writes `{name: count}` with the names in order.
    mutating func counts(_ counts: [String: Int]) {
        beginObject()
        for (name, count) in counts.sorted(by: { $0.key < $1.key }) {
            key(name)
            integer(Int64(count))
        }
        endObject()
    }
}
