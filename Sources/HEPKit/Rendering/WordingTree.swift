/// The wording as nested dictionaries for templates.
///
/// `@unchecked Sendable` is safe: the tree is built once, never changed, and holds only strings,
/// lists of strings and dictionaries of those (all values, no references).
struct WordingTree: @unchecked Sendable {
    let value: [String: Any]
}
