/// An event that breaks a rule of docs/events.md which depends on the state of the graph.
public struct RuleViolation: Error, Sendable, Equatable, CustomStringConvertible {
    /// The rules, by name.
    public enum Rule: String, Sendable {
        case alreadyExists = "already exists"
        case idRetired = "id retired"
        case notLive = "not live"
        case endpointNotLive = "endpoint not live"
        case relationAlreadyLive = "relation already live"
        case kindNotAllowed = "kind not allowed"
        case kindFixed = "kind is fixed"
        case relationNotAllowed = "relation not allowed"
        case validTime = "valid time"
        case erasure = "erasure"
    }

    /// Which rule was broken.
    public let rule: Rule
    /// The field of the event at fault (`id`, `kind`, `rel`, `from`, `to`).
    public let field: String
    /// What is wrong, in a sentence.
    public let message: String

    public var description: String { "\(field): \(message)" }
}
