// Query results on the command line: an aligned table for people (long cells cut to fit), JSON as
// docs/query.md's Results (for programs), JSON Lines (one object per row, for jq and streams), CSV
// (for spreadsheets; strings bare, other values as their JSON). A write query's statistics are part of
// the table and the JSON; JSON Lines and CSV hold rows only, so the command prints them on stderr.
import ArgumentParser
import Kennis

/// The formats `kennis query` writes.
enum ResultFormat: String, ExpressibleByArgument, CaseIterable {
    case table, json, jsonl, csv

    static var automatic: ResultFormat { Terminal.standardOutput.isInteractive ? .table : .json }
}

/// Writes one query answer in one format.
struct ResultPrinter {
    let answer: QueryAnswer
    let elapsedMilliseconds: Double

    private var view: GraphView { answer.view }
    private var result: QueryResult { answer.result }

    func text(_ format: ResultFormat, width: Int) -> String {
        switch format {
        case .table: table(width: width)
        case .json: answer.json(elapsedMilliseconds: elapsedMilliseconds) + "\n"
        case .jsonl: answer.jsonLines()
        case .csv: answer.csv()
        }
    }

    /// Columns padded to their widest cell, each cell cut to a share of the terminal's width.
    private func table(width: Int) -> String {
        let columns = result.columns.count
        let statistics = result.statistics.map { "(\($0.summary))\n" } ?? ""
        guard columns > 0 else { return statistics.isEmpty ? "(no columns)\n" : statistics }
        let limit = width == .max ? 80 : max(12, (width - 3 * (columns - 1)) / columns)
        let header = result.columns.map { cut($0, limit) }
        let cells = result.rows.map { $0.map { cut(cell($0), limit) } }
        var widths = header.map(\.count)
        for row in cells { for (i, cell) in row.enumerated() { widths[i] = max(widths[i], cell.count) } }
        func line(_ row: [String]) -> String {
            zip(row, widths).map { $0 + String(repeating: " ", count: $1 - $0.count) }.joined(separator: " | ")
                .replacing(/\s+$/, with: "")
        }
        var out = line(header) + "\n" + widths.map { String(repeating: "-", count: $0) }.joined(separator: "-+-") + "\n"
        for row in cells { out += line(row) + "\n" }
        let count = result.rows.count
        out += "(\(count) row\(count == 1 ? "" : "s") at seq \(view.seq))\n"
        return out + statistics
    }

    private func cut(_ text: String, _ limit: Int) -> String {
        let flat = text.replacing("\n", with: " ")
        return flat.count <= limit ? flat : String(flat.prefix(limit - 1)) + "…"
    }

    /// A value as a person reads it: strings bare, nodes as `(id)`, relationships as `[:TYPE id]`.
    private func cell(_ value: Value) -> String {
        switch value {
        case .null: "null"
        case .boolean(let b): "\(b)"
        case .integer(let n): "\(n)"
        case .float: answer.jsonText(value)
        case .string(let s): s
        case .list(let items): "[" + items.map(nested).joined(separator: ", ") + "]"
        case .map(let entries): "{" + entries.map { "\($0.key): \(nested($0.value))" }.joined(separator: ", ") + "}"
        case .node(let node): "(\(view.id(of: node)))"
        case .relationship(let relationship): "[:\(view.type(of: relationship)) \(view.id(of: relationship))]"
        case .temporal(let value): value.iso8601
        case .path(let path):
            zip(path.nodes, [nil] + path.relationships.map(Optional.some)).map { node, relationship in
                let step = relationship.map { relationship in
                    view.start(of: relationship) == node ? "<-[:\(view.type(of: relationship))]-" : "-[:\(view.type(of: relationship))]->"
                }
                return (step ?? "") + "(\(view.id(of: node)))"
            }.joined()
        }
    }

    /// Inside lists and maps strings keep their quotes, so `['a, b']` is not read as two items.
    private func nested(_ value: Value) -> String {
        if case .string = value { return answer.jsonText(value) }
        return cell(value)
    }
}
