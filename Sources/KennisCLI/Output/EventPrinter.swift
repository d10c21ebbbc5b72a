// Prints recorded events as JSON Lines (for programs) or an aligned table (for people).
import ArgumentParser
import Kennis

/// How `log` and `history` print events.
enum EventFormat: String, ExpressibleByArgument, CaseIterable {
    case jsonl, table

    /// Table on a terminal, JSON Lines otherwise.
    static var automatic: EventFormat { Terminal.standardOutput.isInteractive ? .table : .jsonl }
}

/// Writes events to stdout in one format.
struct EventPrinter {
    let format: EventFormat
    private var out = OutputBuffer(.standardOutput)
    private let width = Terminal.standardOutput.width
    private var wroteHeader = false

    init(format: EventFormat) { self.format = format }

    mutating func print(_ recorded: RecordedEvent) {
        switch format {
        case .jsonl:
            var json = JSONWriter()
            json.recordedEvent(recorded)
            out.append(json.bytes)
            out.append([0x0A])
        case .table:
            if !wroteHeader {
                out.append(row("SEQ", "RECORDED_AT", "TYPE", "ID", "DETAILS"))
                wroteHeader = true
            }
            out.append(
                row(
                    String(recorded.seq), recorded.recordedAt.rfc3339, recorded.event.type.rawValue,
                    recorded.event.id, details(of: recorded.event) + (recorded.erasedBy.map { " (erased by seq \($0))" } ?? "")))
        }
    }

    mutating func finish() { out.flush() }

    /// Events not yet appended (a dry run's) as JSON Lines, in the form `kennis import` reads.
    static func printJSONLines(_ events: [Event]) {
        var out = OutputBuffer(.standardOutput)
        for event in events {
            var json = JSONWriter()
            json.event(event)
            out.append(json.bytes)
            out.append([0x0A])
        }
        out.flush()
    }

    private func row(_ seq: String, _ time: String, _ type: String, _ id: String, _ details: String) -> String {
        let line = pad(seq, 7) + " " + pad(time, 24) + " " + pad(type, 16) + " " + pad(id, 36) + " " + details
        return cut(line, width) + "\n"
    }

    private func details(of event: Event) -> String {
        var parts: [String] = []
        switch event.body {
        case .entityCreated(_, let kind, let properties, let labels):
            let names = (kind.map { [$0] } ?? []) + labels
            if !names.isEmpty { parts.append(names.joined(separator: ":")) }
            // The name first: it is what a reader scans a table for.
            let ordered = properties.filter { $0.key == "name" } + properties.filter { $0.key != "name" }
            parts.append(contentsOf: ordered.map { "\($0.key)=\(describe($0.value))" })
        case .entityUpdated(_, let patch, let labels, let removesKind):
            if removesKind { parts.append("kind=∅") }
            if let labels { parts.append("labels=[\(labels.joined(separator: ","))]") }
            parts.append(contentsOf: patch.map { "\($0.key)=\($0.value.map(describe) ?? "∅")" })
        case .relationAdded(_, let type, let from, let to, let properties):
            parts.append("\(from) -[\(type)]-> \(to)")
            parts.append(contentsOf: properties.map { "\($0.key)=\(describe($0.value))" })
        case .relationUpdated(_, let patch):
            parts.append(contentsOf: patch.map { "\($0.key)=\($0.value.map(describe) ?? "∅")" })
        case .schemaDefined(_, let schema):
            parts.append("\(schema.kinds.count) kinds, \(schema.relations.count) relation types")
        case .entityErased(_, let created, let relations, let reason):
            parts.append("the entity created at seq \(created)\(relations ? " and its relations' content" : ""): \(quoted(reason))")
        case .entityRetired, .relationRemoved:
            break
        }
        if let actor = event.actor { parts.append("by \(actor)") }
        return parts.joined(separator: " ")
    }
}

func describe(_ value: PropertyValue) -> String {
    switch value {
    case .string(let s): quoted(s)
    case .integer(let n): String(n)
    case .float(let x): String(x)
    case .boolean(let b): String(b)
    // date('2023-05-11'): as a query would write the value.
    case .temporal(let value): "\(value.kind.rawValue)('\(value.iso8601)')"
    case .list(let items): "[" + items.map(describe).joined(separator: ", ") + "]"
    }
}

/// `text` padded with spaces to `width` characters, or cut to it with an ellipsis.
func pad(_ text: String, _ width: Int) -> String {
    let cutText = cut(text, width)
    return cutText + String(repeating: " ", count: max(0, width - cutText.count))
}

/// `text` cut to at most `width` characters, ending in an ellipsis when cut.
func cut(_ text: String, _ width: Int) -> String {
    text.count <= width ? text : String(text.prefix(max(0, width - 1))) + "…"
}

/// `s` as a JSON string literal: quoted, with newlines and quotes escaped, so a table row stays one line.
func quoted(_ s: String) -> String {
    var json = JSONWriter()
    json.string(s)
    return json.string
}
