import Foundation
import Testing

/// The shipped events keep the rules of docs/data.md: every fact names its source, every date a
/// source gives is a typed date, and a date given to a month or a year says so.
@Suite struct ShippedDataTests {
    struct Line {
        let file: String
        let number: Int
        let text: String
        var place: String { "\(file):\(number)" }
    }

    static let lines: [Line] = {
        let directory = ShippedQueryTests.root.appendingPathComponent("events")
        let files = ((try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? []).filter { $0.hasSuffix(".jsonl") }
            .sorted()
        return files.flatMap { file in
            let text = (try? String(contentsOf: directory.appendingPathComponent(file), encoding: .utf8)) ?? ""
            return text.split(separator: "\n", omittingEmptySubsequences: false).enumerated().map {
                Line(file: file, number: $0.offset + 1, text: String($0.element))
            }
        }
    }()

    static var events: [(line: Line, event: [String: Any])] {
        lines.filter { !$0.text.isEmpty && !$0.text.hasPrefix("//") }.map { line in
            (line, (try? JSONSerialization.jsonObject(with: Data(line.text.utf8))) as? [String: Any] ?? [:])
        }
    }

    @Test func everyFactNamesItsSource() {
        #expect(Self.events.count > 400)
        for (line, event) in Self.events where event["type"] as? String != "schema.defined" {
            let source = event["source"] as? String ?? ""
            #expect(source.hasPrefix("https://") || source.hasPrefix("http://") || source.contains("no URL"), "\(line.place)")
        }
    }

    /// A year, a month's name or a year as a number in a plain property is a date pretending not to be one.
    @Test func everyDateIsTyped() throws {
        let dateLike = try Regex(
            #"\b(1[89]|20)\d\d\b|\b(January|February|March|April|May|June|July|August|September|October|November|December)\b"#)
        for (line, event) in Self.events {
            for (key, value) in event["props"] as? [String: Any] ?? [:] {
                for item in value as? [Any] ?? [value] {
                    if let text = item as? String { #expect(text.firstMatch(of: dateLike) == nil, "\(line.place) \(key): \(text)") }
                    if let number = item as? Int { #expect(!(1800...2100).contains(number), "\(line.place) \(key): \(number)") }
                }
            }
        }
    }

    /// `valid_from`/`valid_until` are dates; `X_precision` is "month" or "year" beside a date `X` on
    /// the first day of its month or year.
    @Test func boundsAreDatesAndPrecisionIsHonest() {
        var precise = 0
        for (line, event) in Self.events {
            let props = event["props"] as? [String: Any] ?? [:]
            for key in ["valid_from", "valid_until"] where props[key] != nil {
                #expect((props[key] as? [String: String])?.keys.first == "date", "\(line.place) \(key)")
            }
            for (key, value) in props where key.hasSuffix("_precision") {
                precise += 1
                let date = (props[String(key.dropLast("_precision".count))] as? [String: String])?["date"] ?? ""
                switch value as? String {
                case "month": #expect(date.hasSuffix("-01") && date.count == 10, "\(line.place) \(key)")
                case "year": #expect(date.hasSuffix("-01-01"), "\(line.place) \(key)")
                default: Issue.record("\(line.place) \(key) is \(value), not month or year")
                }
            }
        }
        #expect(precise > 10)
    }

    /// The repository stands alone: the events name pages, not files elsewhere.
    @Test func nothingPointsOutsideTheRepository() {
        for line in Self.lines { #expect(!line.text.contains("seeds/") && !line.text.contains("../"), "\(line.place)") }
    }
}
