// The `props` of a `schema.defined` event: {"kinds": [names], "relations": [{"rel", "from", "to"}]}.

enum SchemaDecoding {
    static func read(_ reader: inout JSONReader) throws -> Schema {
        var kinds: [String]?
        var relations: [Schema.RelationRule]?
        try reader.forEachMember { reader, key, column in
            switch key {
            case "kinds" where kinds == nil:
                kinds = try readNameList("props.kinds", &reader)
            case "relations" where relations == nil:
                relations = try readRules(&reader)
            case "kinds", "relations":
                throw EventInputError(field: "props.\(key)", message: "appears twice", column: column)
            default:
                throw EventInputError(field: "props.\(key)", message: "unknown schema field; expected kinds and relations", column: column)
            }
        }
        guard let kinds else { throw EventInputError(field: "props.kinds", message: "is required") }
        let rules = relations ?? []
        for (i, rule) in rules.enumerated() {
            for (end, names) in [("from", rule.from), ("to", rule.to)] {
                if let unknown = names.first(where: { !kinds.contains($0) }) {
                    throw EventInputError(field: "props.relations[\(i)].\(end)", message: "kind '\(unknown)' is not in props.kinds")
                }
            }
        }
        return Schema(kinds: kinds, relations: rules)
    }

    private static func readRules(_ reader: inout JSONReader) throws -> [Schema.RelationRule] {
        reader.skipSpace()
        guard try reader.peekKind() == .array else {
            throw EventInputError(field: "props.relations", message: "must be a list of {rel, from, to} objects", column: reader.offset + 1)
        }
        try reader.beginArray()
        var rules: [Schema.RelationRule] = []
        while try reader.hasNextElement(first: rules.isEmpty) {
            let path = "props.relations[\(rules.count)]"
            let rule = try readRule(&reader, path: path)
            if rules.contains(where: { $0.type == rule.type }) {
                throw EventInputError(field: "\(path).rel", message: "relation type '\(rule.type)' is defined twice")
            }
            rules.append(rule)
        }
        return rules
    }

    /// One `{"rel": name, "from": [kinds], "to": [kinds]}`.
    private static func readRule(_ reader: inout JSONReader, path: String) throws -> Schema.RelationRule {
        reader.skipSpace()
        guard try reader.peekKind() == .object else {
            throw EventInputError(field: path, message: "must be an object {rel, from, to}", column: reader.offset + 1)
        }
        var rel: String?, from: [String]?, to: [String]?
        try reader.forEachMember { reader, key, column in
            switch key {
            case "rel":
                reader.skipSpace()
                let valueColumn = reader.offset + 1
                guard try reader.peekKind() == .string else {
                    throw EventInputError(field: "\(path).rel", message: "must be a string", column: valueColumn)
                }
                let name = try reader.readString()
                guard Names.isIdentifier(name) else {
                    throw EventInputError(
                        field: "\(path).rel", message: "'\(name)' is not a name of the form [A-Za-z_][A-Za-z0-9_]*", column: valueColumn)
                }
                rel = name
            case "from": from = try readNameList("\(path).from", &reader)
            case "to": to = try readNameList("\(path).to", &reader)
            default:
                throw EventInputError(field: "\(path).\(key)", message: "unknown field; expected rel, from and to", column: column)
            }
        }
        guard let rel else { throw EventInputError(field: "\(path).rel", message: "is required") }
        guard let from else { throw EventInputError(field: "\(path).from", message: "is required") }
        guard let to else { throw EventInputError(field: "\(path).to", message: "is required") }
        return Schema.RelationRule(type: rel, from: from, to: to)
    }
}
