extension PlanDrafts {
    /// A short fingerprint of a draft's text: a form carries the revision it was opened at, and a
    /// save from a form whose revision is no longer the file's (changed in another tab, by another
    /// practitioner or in a text editor) is refused instead of overwriting that change.
    public static func revision(of text: String) -> String { String(SHA256.hex(of: text).prefix(16)) }
}
