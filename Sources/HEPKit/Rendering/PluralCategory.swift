/// CLDR plural categories, so each language's wording file can give the forms it needs
/// (`one`/`other` in English; `one`/`few`/`many`/`other` in Polish...). Exact forms (`=2`) come first.
enum PluralCategory: String, Sendable {
    case zero, one, two, few, many, other

    /// The category of a whole number in `language` (the rules for the languages hep has wording
    /// for, and English's for any other).
    static func of(_ count: Int, language: String) -> PluralCategory {
        switch language {
        case "fr": return count == 0 || count == 1 ? .one : .other
        case "pl":
            if count == 1 { return .one }
            let ten = count % 10, hundred = count % 100
            if (2...4).contains(ten) && !(12...14).contains(hundred) { return .few }
            return .many
        default: return count == 1 ? .one : .other
        }
    }
}
