// Errors shown the way compilers show them: the line of the query, and a caret under the column.
//
//   1 | MATCH (p:Person RETURN p
//     |                 ^ expected ')' to close the node pattern, found 'RETURN'

extension QueryError {
    /// The error with the line of `text` it points at and a caret under its column (just the
    /// description when it has no place).
    public func rendered(in text: String) -> String {
        guard let location else { return description }
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        guard location.line >= 1 && location.line <= lines.count else { return description }
        let number = String(location.line)
        let gutter = String(repeating: " ", count: number.count)
        let line = String(lines[location.line - 1].map { $0 == "\t" ? " " : $0 })
        let caretIndent = String(repeating: " ", count: max(0, location.column - 1))
        return "\(heading): \(message)\n\(number) | \(line)\n\(gutter) | \(caretIndent)^"
    }
}
