// Whole values on top of the reader's tokens: walking an object's members, skipping a value.

extension JSONReader {
    /// Reads an object, calling `body` with the reader at each member's value, the member's key and
    /// the 1-based column where the key starts; `body` must read the value.
    mutating func forEachMember(_ body: (inout JSONReader, String, Int) throws -> Void) throws {
        try beginObject()
        var first = true
        while true {
            skipSpace()
            let column = offset + 1
            guard let key = try nextKey(first: first) else { return }
            first = false
            try body(&self, key, column)
        }
    }

    /// Skips one value of any kind, checking its syntax, nesting at most `depth` levels.
    mutating func skipValue(depth: Int = 64) throws(JSONSyntaxError) {
        guard depth > 0 else { throw JSONSyntaxError(offset: offset, message: "values nest too deeply") }
        switch try peekKind() {
        case .object:
            try beginObject()
            var first = true
            while try nextKey(first: first) != nil {
                first = false
                try skipValue(depth: depth - 1)
            }
        case .array:
            try beginArray()
            var first = true
            while try hasNextElement(first: first) {
                first = false
                try skipValue(depth: depth - 1)
            }
        case .string: _ = try readString()
        case .number: _ = try readNumber()
        case .boolean: _ = try readBoolean()
        case .null: try readNull()
        }
    }
}
