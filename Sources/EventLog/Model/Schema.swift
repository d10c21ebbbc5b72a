/// The schema a `schema.defined` event puts in force: the allowed entity kinds and, per relation type,
/// the kinds its two ends may have.
public struct Schema: Sendable, Hashable {
    /// One allowed relation type with the kinds allowed at each end.
    public struct RelationRule: Sendable, Hashable {
        public var type: String
        public var from: [String]
        public var to: [String]

        public init(type: String, from: [String], to: [String]) {
            self.type = type
            self.from = from
            self.to = to
        }
    }

    /// Allowed entity kinds.
    public var kinds: [String]
    /// Allowed relation types.
    public var relations: [RelationRule]

    public init(kinds: [String], relations: [RelationRule]) {
        self.kinds = kinds
        self.relations = relations
    }
}
