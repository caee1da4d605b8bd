import Foundation

/// Message-IDs (`<unique@clinic-domain>`), made in one place.
public enum MessageID {
    /// The domain of the clinic's address, for the right-hand side.
    public static func domain(of address: String) -> String {
        address.split(separator: "@").last.map(String.init) ?? "localhost"
    }

    /// Derived from the handout's content: the same handout gives the same id.
    static func derived(from handout: RenderedHandout, domain: String) -> String {
        "\(SHA256.hex(of: handout.markdown + handout.html).prefix(32)).hep@\(domain)"
    }

    /// Fresh for each sending.
    static func fresh(domain: String) -> String {
        "\(UUID().uuidString.lowercased()).hep@\(domain)"
    }
}
