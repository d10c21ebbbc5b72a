/// Checks a batch against the state of the log before it is written: the hook through which the
/// graph enforces the rules that depend on state (live ids, relation endpoints, the schema in force).
///
/// The log calls it inside its write transaction, so the state it checks cannot change under it:
/// `begin` once per append, then `validate` for each part of the batch in order. A later part may
/// refer to what an earlier part of the same append created, so a validator keeps what it has seen
/// since `begin`. If the map has to grow, the append starts over with `begin`, so a validator must
/// have no effects besides its own staging.
public protocol BatchValidator: AnyObject {
    /// An append starts; its first event will get `firstSeq`.
    func begin(firstSeq: UInt64)

    /// Checks the next part; `offset` is the index of its first event within the whole batch.
    /// Throws the error of the first bad event, with `index` relative to the part.
    func validate(_ part: EventBatch, offset: Int) throws(EventInputError)
}
