// The tables of a CSV export, found by a first pass over the view: one per kind of node and one per
// relationship type, each with its property columns in order of their names and the one type
// each column's values fit; and the pairs of end kinds each relationship type joins, one file each,
// because a Kùzu relationship table is typed by its ends and loads each pair from its own file.
import EventLog
import Graph

/// The property columns of one table.
struct CSVColumns {
    /// Name and type, in order of their names once the layout is complete.
    private(set) var columns: [(name: String, type: CSVColumnType)] = []
    /// By property key index: the column's place, -1 while no row has the key.
    private var positions: [Int]

    init(keyCount: Int) { positions = Array(repeating: -1, count: keyCount) }

    mutating func note(_ key: PropertyKey, _ value: PropertyValue, in view: GraphView) {
        let type = CSVColumnType(value)
        let position = positions[key.index]
        if position >= 0 {
            columns[position].type = columns[position].type.joined(with: type)
        } else {
            positions[key.index] = columns.count
            columns.append((view.name(of: key), type))
        }
    }

    /// Puts the columns in order of their names, so that a table's layout does not depend on the
    /// order the log first gave its keys in.
    mutating func sortByName() {
        let order = columns.indices.sorted { columns[$0].name < columns[$1].name }
        var place = Array(repeating: 0, count: columns.count)
        for (new, old) in order.enumerated() { place[old] = new }
        columns = order.map { columns[$0] }
        for index in positions.indices where positions[index] >= 0 { positions[index] = place[positions[index]] }
    }

    /// Where `key`'s column is (nil: no row of the table has it).
    func position(of key: PropertyKey) -> Int? {
        let position = positions[key.index]
        return position >= 0 ? position : nil
    }
}

/// Every table and file of a CSV export of one view.
struct CSVLayout {
    /// A table of nodes: the kind's name as a table (a node without a kind goes to one of its own).
    struct NodeTable {
        let name: String
        /// The kind of its nodes (nil: the nodes without one).
        let kind: String?
        let file: String
        var columns: CSVColumns
    }

    /// The file of one relationship type between one pair of node tables.
    struct RelationshipFile {
        let type: String
        let from: String
        let to: String
        let file: String
    }

    private(set) var nodeTables: [NodeTable] = []
    /// Each table's nodes and each file's relationships, in the view's order: the files
    /// are then written one after the other, each in one pass over its own elements.
    private var nodesOfTables: [[Node]] = []
    private var relationshipsOfFiles: [[Relationship]] = []
    /// By kind ("" for none): the node table's place.
    private var nodeTableIndex: [String: Int] = [:]
    /// Each relationship type's columns.
    private(set) var relationshipTypes: [(type: String, columns: CSVColumns)] = []
    private var relationshipTypeIndex: [String: Int] = [:]
    private(set) var relationshipFiles: [RelationshipFile] = []
    private var relationshipFileIndex: [FileKey: Int] = [:]

    /// A relationship file by its type's place and its end tables' places.
    private struct FileKey: Hashable {
        let type: Int
        let from: Int
        let to: Int
    }

    init(of view: GraphView) {
        let kinds = Set(view.nodes.compactMap { view.kind(of: $0) })
        var unkinded = "Node"
        while kinds.contains(unkinded) { unkinded += "_" }
        for node in view.nodes {
            let kind = view.kind(of: node) ?? ""
            let table = tableIndex(kind: kind, unkinded: unkinded, keyCount: view.propertyKeyCount)
            nodesOfTables[table].append(node)
            view.forEachProperty(of: node) { nodeTables[table].columns.note($0, $1, in: view) }
        }
        for index in nodeTables.indices { nodeTables[index].columns.sortByName() }
        defer { for index in relationshipTypes.indices { relationshipTypes[index].columns.sortByName() } }
        for relationship in view.relationships {
            let type = view.type(of: relationship)
            let typeIndex = relationshipTypeIndex(type, keyCount: view.propertyKeyCount)
            view.forEachProperty(of: relationship) { relationshipTypes[typeIndex].columns.note($0, $1, in: view) }
            let key = FileKey(
                type: typeIndex, from: nodeTable(of: view.start(of: relationship), in: view),
                to: nodeTable(of: view.end(of: relationship), in: view))
            if relationshipFileIndex[key] == nil {
                relationshipFileIndex[key] = relationshipFiles.count
                let (from, to) = (nodeTables[key.from].name, nodeTables[key.to].name)
                relationshipFiles.append(RelationshipFile(type: type, from: from, to: to, file: "relationships-\(type)-\(from)-\(to).csv"))
                relationshipsOfFiles.append([])
            }
            relationshipsOfFiles[relationshipFileIndex[key]!].append(relationship)
        }
    }

    private mutating func tableIndex(kind: String, unkinded: String, keyCount: Int) -> Int {
        if let index = nodeTableIndex[kind] { return index }
        nodeTableIndex[kind] = nodeTables.count
        let name = kind.isEmpty ? unkinded : kind
        nodesOfTables.append([])
        nodeTables.append(
            NodeTable(
                name: name, kind: kind.isEmpty ? nil : kind, file: kind.isEmpty ? "nodes.csv" : "nodes-\(kind).csv",
                columns: CSVColumns(keyCount: keyCount)))
        return nodeTables.count - 1
    }

    private mutating func relationshipTypeIndex(_ type: String, keyCount: Int) -> Int {
        if let index = relationshipTypeIndex[type] { return index }
        relationshipTypeIndex[type] = relationshipTypes.count
        relationshipTypes.append((type, CSVColumns(keyCount: keyCount)))
        return relationshipTypes.count - 1
    }

    /// The nodes of the table at `index`.
    func nodes(of index: Int) -> [Node] { nodesOfTables[index] }

    /// The relationships of the file at `index`.
    func relationships(of index: Int) -> [Relationship] { relationshipsOfFiles[index] }

    /// The place of the node's table.
    func nodeTable(of node: Node, in view: GraphView) -> Int { nodeTableIndex[view.kind(of: node) ?? ""]! }

    /// The place of the relationship type's columns.
    func relationshipType(_ type: String) -> Int { relationshipTypeIndex[type]! }

    /// The place of the file of a relationship of `type` from a node of table `from` to one of `to`.
    func relationshipFile(type: Int, from: Int, to: Int) -> Int { relationshipFileIndex[FileKey(type: type, from: from, to: to)]! }
}
