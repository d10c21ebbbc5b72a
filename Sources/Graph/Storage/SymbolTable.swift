/// Interned names (labels, relation types, property keys): each name once, referred to by a small number.
struct SymbolTable: Sendable {
    private(set) var names: [String] = []
    private var numbers: [String: UInt32] = [:]

    init() {}

    /// A table holding `names`, numbered in order.
    init(names: [String]) {
        self.names = names
        for (number, name) in names.enumerated() { numbers[name] = UInt32(number) }
    }

    /// The number of `name`, adding it if new.
    mutating func intern(_ name: String) -> UInt32 {
        if let number = numbers[name] { return number }
        let number = UInt32(names.count)
        names.append(name)
        numbers[name] = number
        return number
    }

    /// The number of `name`, if it was ever interned.
    func number(of name: String) -> UInt32? { numbers[name] }

    subscript(number: UInt32) -> String { names[Int(number)] }
}
