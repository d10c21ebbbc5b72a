// The optional map every `algo.*` procedure takes: which part of the graph to analyse and how.
//   {labels: ['Person'], relationships: ['WORKS_ON'], direction: 'both', maxIterations: 100,
//    dampingFactor: 0.85, tolerance: 1e-6, normalized: true, samples: 1000, seed: 42}
// Unknown keys and values of the wrong type are errors: a misspelt option must not be ignored.

/// The settings of one algorithm call.
struct AlgorithmConfiguration {
    enum Direction: String { case outgoing, incoming, both }

    var labels: [String]? = nil
    var relationships: [String]? = nil
    var direction: Direction
    var maxIterations = 100
    var dampingFactor = 0.85
    var tolerance = 1e-6
    var normalized = true
    var samples: Int? = nil
    var seed: UInt64 = 42

    /// Reads the map (the first argument, if any); `allowed` are the keys this procedure takes.
    init(_ arguments: [Value], procedure: String, allowed: Set<String>, direction initial: Direction, at location: SourceLocation)
        throws(QueryError)
    {
        direction = initial
        guard let argument = arguments.first, !argument.isNull else { return }
        guard case .map(let entries) = argument else {
            throw QueryError(.typeError, "\(procedure) takes a map of options, not \(withArticle(argument.typeName))", at: location)
        }
        func fail(_ message: String) -> QueryError { QueryError(.typeError, "\(procedure): \(message)", at: location) }
        for (key, value) in entries {
            guard ["labels", "relationships"].contains(key) || allowed.contains(key) else {
                let known = (["labels", "relationships"] + allowed.sorted()).joined(separator: ", ")
                throw QueryError(.semanticError, "\(procedure) has no option '\(key)' (it takes \(known))", at: location)
            }
            switch (key, value) {
            case ("labels", .list(let items)), ("relationships", .list(let items)):
                var names: [String] = []
                for item in items {
                    guard case .string(let name) = item else { throw fail("\(key) must be a list of strings") }
                    names.append(name)
                }
                if key == "labels" { labels = names } else { relationships = names }
            case ("direction", .string(let text)):
                guard let parsed = Direction(rawValue: text.lowercased()) else {
                    throw fail("direction is 'outgoing', 'incoming' or 'both'")
                }
                direction = parsed
            case ("maxIterations", .integer(let n)) where n >= 1 && n <= 10_000: maxIterations = Int(n)
            case ("dampingFactor", .float(let x)) where x >= 0 && x < 1: dampingFactor = x
            case ("tolerance", .float(let x)) where x > 0: tolerance = x
            case ("tolerance", .integer(let n)) where n > 0: tolerance = Double(n)
            case ("normalized", .boolean(let b)): normalized = b
            case ("samples", .integer(let n)) where n >= 1: samples = Int(n)
            case ("seed", .integer(let n)): seed = UInt64(bitPattern: n)
            default: throw fail("\(key) cannot be \(value.typeName == "NULL" ? "null" : withArticle(value.typeName)) here")
            }
        }
    }
}
