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
        case .subquery(let subquery):
            for name in subquery.outerVariables where !local.contains(name) { names.insert(name) }
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

extension SingleQuery {
    /// The names a subquery may read from the row it runs from: its patterns' variables (each may be
    /// bound outside) and what its expressions read before the subquery binds it itself.
    var outerVariables: Set<String> {
        var outer = Set<String>(), introduced = Set<String>()
        func read(_ expression: Expression?) { outer.formUnion((expression?.freeVariables ?? []).subtracting(introduced)) }
        for clause in clauses {
            switch clause {
            case .match(let match):
                for part in match.patterns {
                    let names = Planner.variables(of: part)
                    outer.formUnion(Set(names).subtracting(introduced))
                    introduced.formUnion(names)
                    read(part.element.start.properties)
                    for step in part.element.chain {
                        read(step.relationship.properties)
                        read(step.node.properties)
                    }
                }
                read(match.predicate)
            case .unwind(let expression, let variable, _):
                read(expression)
                introduced.insert(variable)
            case .with(let projection, let predicate):
                for item in projection.items { read(item.expression) }
                var names = projection.star ? introduced : []
                for item in projection.items { names.insert(item.alias ?? item.text) }
                introduced.formUnion(names)
                read(predicate)
            case .return(let projection):
                for item in projection.items { read(item.expression) }
                for sort in projection.orderBy { read(sort.expression) }
            case .call(let call):
                for argument in call.arguments { read(argument) }
            case .create, .merge, .set, .remove, .delete: continue
            }
        }
        return outer
    }
}
