// Expressions and patterns written back as Cypher, for plans (`kennis query --explain`) and messages.
// The text is equivalent to what was parsed, not a copy of it: spacing and parentheses are normalised.

extension Expression {
    /// The expression as Cypher text.
    public var text: String {
        switch kind {
        case .null: return "null"
        case .boolean(let b): return b ? "true" : "false"
        case .integer(let i): return String(i)
        case .float(let f): return String(f)
        case .string(let s): return Self.quoted(s)
        case .parameter(let name): return "$" + name
        case .variable(let name): return name
        case .list(let items): return "[" + items.map(\.text).joined(separator: ", ") + "]"
        case .map(let entries): return Self.mapText(entries)
        case .property(let base, let key): return "\(base.operandText).\(key)"
        case .index(let base, let index): return "\(base.operandText)[\(index.text)]"
        case .slice(let base, let from, let to): return "\(base.operandText)[\(from?.text ?? "")..\(to?.text ?? "")]"
        case .unary(let op, let operand): return op == .not ? "NOT \(operand.operandText)" : op.rawValue + operand.operandText
        case .binary(let op, let left, let right): return "\(left.operandText) \(op.rawValue) \(right.operandText)"
        case .hasLabels(let base, let labels): return base.operandText + labels.map { ":" + $0 }.joined()
        case .isNull(let base, let negated): return "\(base.operandText) IS \(negated ? "NOT " : "")NULL"
        case .function(let name, let distinct, let arguments):
            return "\(name)(\(distinct ? "DISTINCT " : "")\(arguments.map(\.text).joined(separator: ", ")))"
        case .countStar: return "count(*)"
        case .caseWhen(let subject, let branches, let otherwise):
            var parts = ["CASE"]
            if let subject { parts.append(subject.text) }
            for branch in branches { parts.append("WHEN \(branch.condition.text) THEN \(branch.result.text)") }
            if let otherwise { parts.append("ELSE \(otherwise.text)") }
            return (parts + ["END"]).joined(separator: " ")
        case .listComprehension(let variable, let list, let predicate, let projection):
            let filter = predicate.map { " WHERE \($0.text)" } ?? ""
            return "[\(variable) IN \(list.text)\(filter)\(projection.map { " | \($0.text)" } ?? "")]"
        case .quantifier(let quantifier, let variable, let list, let predicate):
            return "\(quantifier.rawValue)(\(variable) IN \(list.text) WHERE \(predicate.text))"
        case .pattern(let element): return element.text
        case .subquery(let subquery): return subquery.text
        }
    }

    /// The text, in parentheses when it is an operator application inside another.
    private var operandText: String {
        switch kind {
        case .unary, .binary, .isNull: return "(\(text))"
        default: return text
        }
    }

    static func mapText(_ entries: [MapEntry]) -> String {
        "{" + entries.map { "\($0.key): \($0.value.text)" }.joined(separator: ", ") + "}"
    }

    private static func quoted(_ s: String) -> String {
        var quoted = "'"
        for character in s {
            if character == "\\" || character == "'" { quoted.append("\\") }
            quoted.append(character)
        }
        return quoted + "'"
    }
}

extension PatternElement {
    /// The pattern as Cypher text.
    public var text: String { start.text + chain.map { $0.relationship.text + $0.node.text }.joined() }
}

extension NodePattern {
    /// The node pattern as Cypher text: `(v:Label {key: value})`.
    public var text: String {
        let properties = self.properties.map { " " + $0.text } ?? ""
        return "(\(variable ?? "")\(labels.map { ":" + $0 }.joined())\(properties))"
    }
}

extension RelationshipPattern {
    /// The relationship pattern as Cypher text: `-[r:TYPE*1..3]->`.
    public var text: String {
        var inner = variable ?? ""
        if !types.isEmpty { inner += ":" + types.joined(separator: "|") }
        if let length {
            inner += "*"
            if length.minimum != nil || length.maximum != nil {
                inner += (length.minimum.map(String.init) ?? "") + ".." + (length.maximum.map(String.init) ?? "")
            }
        }
        if let properties { inner += " " + properties.text }
        let body = inner.isEmpty ? "-" : "-[\(inner)]-"
        switch direction {
        case .outgoing: return body + ">"
        case .incoming: return "<" + body
        case .either: return body
        }
    }
}

extension SetItem {
    /// The item as Cypher text: `v.key = value`, `v += {…}`, `v:Label`.
    public var text: String {
        switch self {
        case .property(let variable, let key, let value, _): "\(variable).\(key) = \(value.text)"
        case .replaceProperties(let variable, let value, _): "\(variable) = \(value.text)"
        case .mergeProperties(let variable, let value, _): "\(variable) += \(value.text)"
        case .labels(let variable, let labels, _): variable + labels.map { ":" + $0 }.joined()
        }
    }
}

extension RemoveItem {
    /// The item as Cypher text: `v.key` or `v:Label`.
    public var text: String {
        switch self {
        case .property(let variable, let key, _): "\(variable).\(key)"
        case .labels(let variable, let labels, _): variable + labels.map { ":" + $0 }.joined()
        }
    }
}
