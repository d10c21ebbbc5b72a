import ArgumentParser
import Kennis

struct StatsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "stats",
        abstract: "Summarize the log: events by type, ids, time span, size.",
        discussion: """
            Example:
              kennis stats
              kennis stats --format json
            """
    )

    enum Format: String, ExpressibleByArgument, CaseIterable { case table, json }

    @OptionGroup var database: DatabaseOptions

    @Option(help: "table or json.")
    var format: Format = .table

    func run() throws {
        let db = try database.open()
        let stats: LogStatistics
        do { stats = try db.log.statistics() } catch { throw CommandFailure(oneLine(error)) }
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
            json.key("used_bytes")
            json.integer(Int64(stats.usedBytes))
            json.key("map_bytes")
            json.integer(Int64(stats.mapSize))
            json.endObject()
            print(json.string)
        case .table:
            print("database     \(database.resolvedPath)")
            print("events       \(stats.events)")
            print("head         seq \(stats.head.seq)  \(stats.head.hash.hex)")
            print("recorded     \(stats.firstRecordedAt?.rfc3339 ?? "-")  …  \(stats.head.recordedAt?.rfc3339 ?? "-")")
            print("ids          \(stats.ids) (entities, relations and schemas with a history)")
            print("by type")
            for type in EventType.allCases {
                print("  " + pad(type.rawValue, 18) + String(stats.countsByType[type] ?? 0))
            }
            print("size         \(bytes(stats.usedBytes)) used of a \(bytes(stats.mapSize)) map")
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
