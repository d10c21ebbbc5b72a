// The variables an expression reads from its row: what the planner needs to know to evaluate a WHERE
// conjunct as soon as the pattern has bound them. Names an expression binds itself (the `x` of
// `[x IN list | …]`) are not read from the row.

extension Expression {
    /// The names of the row's variables this expression reads.
    var freeVariables: Set<String> {
        var names = Set<String>()
        collectFreeVariables(into: &names, except: [])
        return names
    }

    private func collectFreeVariables(into names: inout Set<String>, except local: Set<String>) {
        func visit(_ child: Expression?, _ extra: String? = nil) {
            child?.collectFreeVariables(into: &names, except: extra.map { local.union([$0]) } ?? local)
        }
        switch kind {
        case .null, .boolean, .integer, .float, .string, .parameter, .countStar: return
        case .variable(let name): if !local.contains(name) { names.insert(name) }
        case .function(_, _, let arguments): for argument in arguments { visit(argument) }
        case .list(let items): for item in items { visit(item) }
        case .map(let entries): for entry in entries { visit(entry.value) }
        case .property(let base, _), .unary(_, let base), .isNull(let base, _), .hasLabels(let base, _): visit(base)
        case .index(let a, let b), .binary(_, let a, let b):
            visit(a)
            visit(b)
        case .slice(let base, let from, let to):
            visit(base)
            visit(from)
            visit(to)
        case .caseWhen(let subject, let branches, let otherwise):
            visit(subject)
            for branch in branches {
                visit(branch.condition)
                visit(branch.result)
            }
            visit(otherwise)
        case .listComprehension(let variable, let list, let predicate, let projection):
            visit(list)
            visit(predicate, variable)
            visit(projection, variable)
        case .quantifier(_, let variable, let list, let predicate):
            visit(list)
            visit(predicate, variable)
        case .pattern(let element):
            for (name, _) in element.variables where !local.contains(name) { names.insert(name) }
            visit(element.start.properties)
            for step in element.chain {
                visit(step.relationship.properties)
                visit(step.node.properties)
            }
        }
    }

    /// The parts of a predicate joined by AND, in text order.
    var conjuncts: [Expression] {
        if case .binary(.and, let left, let right) = kind { return left.conjuncts + right.conjuncts }
        return [self]
    }
}
