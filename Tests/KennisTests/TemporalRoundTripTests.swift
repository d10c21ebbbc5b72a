import EventLog
import Foundation
import TestSupport
import Testing

@testable import Kennis

/// Temporal property values through everything that holds them: the JSON Lines of an import, the
/// canonical bytes in LMDB (read back by `kennis log` and by replay), a snapshot, a Cypher write,
/// and every answer format — each kind keeping its type and its value.
struct TemporalRoundTripTests {
    static let line =
        #"{"type":"entity.created","id":"lab:x","kind":"Lab","props":{"# + #""d":{"date":"2023-05-11"},"t":{"localtime":"09:30:15.250"},"#
        + #""z":{"time":"14:00+01:00"},"l":{"localdatetime":"2023-05-11T10:00"},"#
        + #""dt":{"datetime":"2017-10-29T02:30+02:00[Europe/Stockholm]"},"o":{"datetime":"2023-05-11T10:00-04:30"},"#
        + #""p":{"duration":"P1Y6M2DT3.5S"},"ds":[{"date":"2024-01-15"},{"date":"2025-01-15"}],"s":"2023-05-11"}}"#

    /// The log's JSON of the event, as `kennis log` writes it: keys sorted, each value in its kind's text.
    static let logged =
        #""props":{"d":{"date":"2023-05-11"},"ds":[{"date":"2024-01-15"},{"date":"2025-01-15"}],"#
        + #""dt":{"datetime":"2017-10-29T02:30+02:00[Europe/Stockholm]"},"l":{"localdatetime":"2023-05-11T10:00"},"#
        + #""o":{"datetime":"2023-05-11T10:00-04:30"},"p":{"duration":"P1Y6M2DT3.5S"},"s":"2023-05-11","#
        + #""t":{"localtime":"09:30:15.250"},"z":{"time":"14:00+01:00"}}"#

    static let check = """
        MATCH (l:Lab) RETURN l.d = date('2023-05-11') AS d, l.t = localtime('09:30:15.25') AS t, l.z = time('13:00Z') AS z,
        l.l = localdatetime('2023-05-11T10:00') AS l, l.dt.offset + '/' + l.dt.timezone AS dt, l.o.offsetMinutes AS o,
        l.p.months + l.p.days + l.p.seconds AS p, l.ds[1] > l.ds[0] AS ds, l.s = '2023-05-11' AS s
        """

    private func database(_ dir: TemporaryDirectory) throws -> Database {
        try Self.line.write(toFile: dir.appending("t.jsonl"), atomically: true, encoding: .utf8)
        let db = try Database(path: dir.appending("db"), create: true)
        try db.importEvents(from: [.file(dir.appending("t.jsonl"))])
        return db
    }

    private func answer(_ db: Database) throws -> [String] {
        let answer = try db.query(Self.check)
        return answer.result.rows[0].map { answer.jsonText($0) }
    }

    static let expected = ["true", "true", "true", "true", "\"+02:00/Europe/Stockholm\"", "-270", "23", "true", "true"]

    @Test func importLogAndQueryKeepEveryKind() throws {
        let dir = TemporaryDirectory()
        let db = try database(dir)
        #expect(try answer(db) == Self.expected)
        let logged = try db.log.reading { reader in
            var lines: [String] = []
            try reader.forEach(after: 0) { event in
                var json = JSONWriter()
                json.recordedEvent(event)
                lines.append(json.string)
                return true
            }
            return lines
        }
        #expect(logged.count == 1 && logged[0].contains(Self.logged), "\(logged)")
        #expect(try db.log.verify().events == 1)
    }

    @Test func replayAndSnapshotGiveTheSameValues() throws {
        let dir = TemporaryDirectory()
        do {
            let db = try database(dir)
            _ = try db.snapshot()
        }
        let reopened = try Database(path: dir.appending("db"))
        #expect(reopened.opening.snapshotSeq == 1)
        #expect(try answer(reopened) == Self.expected)
        var options = Database.Options()
        options.useSnapshots = false
        #expect(try answer(try Database(path: dir.appending("db"), options: options)) == Self.expected)
    }

    @Test func aCypherWriteStoresTemporalValuesAsEvents() throws {
        let dir = TemporaryDirectory()
        let db = try Database(path: dir.appending("db"), create: true)
        _ = try db.write(
            "CREATE (:Lab {d: date('2023-05-11'), dt: datetime('2017-10-29T02:30[Europe/Stockholm]'), p: duration({months: 18}), ds: [date('2024-01-15')]})",
            actor: "steward")
        let answer = try db.query("MATCH (l:Lab) RETURN l.d AS d, l.dt AS dt, l.p AS p, l.ds AS ds, l")
        #expect(
            answer.csv()
                == "d,dt,p,ds,l\r\n2023-05-11,2017-10-29T02:30+02:00[Europe/Stockholm],P1Y6M,\"[\"\"2024-01-15\"\"]\",\(csvNode(answer))\r\n"
        )
        let json = answer.json(elapsedMilliseconds: 1)
        #expect(json.contains(#"["2023-05-11","2017-10-29T02:30+02:00[Europe/Stockholm]","P1Y6M",["2024-01-15"],"#))
        // A node's properties in an answer read as the values do; the log tags them with their kind.
        #expect(
            json.contains(
                #""properties":{"d":"2023-05-11","ds":["2024-01-15"],"dt":"2017-10-29T02:30+02:00[Europe/Stockholm]","p":"P1Y6M"}"#))
    }

    private func csvNode(_ answer: QueryAnswer) -> String {
        let text = answer.jsonText(answer.result.rows[0][4])
        return "\"" + text.replacing("\"", with: "\"\"") + "\""
    }

    @Test(arguments: [
        (#"{"date":"2023-02-30"}"#, "props.d.date: '2023-02-30' is not a valid date"),
        (#"{"date":"1 August"}"#, "props.d.date: '1 August' is not a valid date"),
        (#"{"datetime":"2023-05-11T10:00[Mars/Olympus]"}"#, "is not a valid datetime"),
        (#"{"dates":"2023-05-11"}"#, "nested objects are not allowed"), (#"{"date":20230511}"#, "nested objects are not allowed"),
        (#"{"date":"2023-05-11","x":1}"#, "nested objects are not allowed"), (#"[{"date":"2023-05-11"},[1]]"#, "lists may not nest"),
        (#"{"duration":"P"}"#, "is not a valid duration"), (#"{"time":"25:00"}"#, "is not a valid time"),
    ])
    func badTemporalValuesAreRejectedWithTheirPlaceAndNothingIsWritten(value: String, message: String) throws {
        let dir = TemporaryDirectory()
        let good = #"{"type":"entity.created","id":"lab:a","kind":"Lab"}"#
        let bad = #"{"type":"entity.created","id":"lab:b","kind":"Lab","props":{"d":"# + value + "}}"
        try (good + "\n" + bad + "\n").write(toFile: dir.appending("t.jsonl"), atomically: true, encoding: .utf8)
        let db = try Database(path: dir.appending("db"), create: true)
        let error = #expect(throws: EventInputError.self) { try db.importEvents(from: [.file(dir.appending("t.jsonl"))]) }
        #expect(
            error?.description.contains("t.jsonl:2:") == true && error?.description.contains(message) == true,
            "\(error.map(String.init(describing:)) ?? "")")
        #expect(try db.log.head().seq == 0)
    }

    /// AS OF a date or date-time names the same position as the RFC 3339 text of that instant, and
    /// createdAt is a datetime that compares and subtracts as one.
    @Test func asOfTakesDatesAndDateTimes() throws {
        let dir = TemporaryDirectory()
        let db = try database(dir)
        let created = try db.query("MATCH (l:Lab) RETURN createdAt(l) AS at")
        guard case .temporal(.dateTime(let at)) = created.result.rows[0][0] else { return #expect(Bool(false), "not a datetime") }
        #expect(at.offset == .utc)
        let text = at.iso8601
        for (asOf, count) in [
            ("datetime('\(text)')", 1), ("datetime('\(text)') - duration('PT0.001S')", 0), ("'\(text)'", 1),
            ("date('2000-01-01')", 0), ("date.truncate('day', datetime('\(text)')) + duration('P1D')", 1),
            ("localdatetime('\(at.local.iso8601)')", 1),
        ] {
            let answer = try db.query("AS OF \(asOf) MATCH (l:Lab) RETURN count(l) AS n")
            #expect(answer.jsonText(answer.result.rows[0][0]) == "\(count)", "AS OF \(asOf)")
        }
        let recent = try db.query("MATCH (l:Lab) RETURN duration.inSeconds(createdAt(l), datetime()).seconds < 600 AS recent")
        #expect(recent.jsonText(recent.result.rows[0][0]) == "true")
        #expect(throws: QueryError.self) { try db.query("AS OF localtime('12:00') MATCH (l:Lab) RETURN l") }
    }
}
