/// A value as a compiled template sees it: the view model's own kinds typed, so that filling a
/// template looks keys up with a `switch` instead of dynamic casts of `Any` (a process's first cast
/// of each type to each of swift-mustache's protocols scans every conformance record of the binary).
///
/// Anything else (a value no view-model type gives: the tests' dictionaries, a transform's result
/// such as a reversed list) is `.other` and goes through the same steps as swift-mustache, by cast.
enum TemplateValue {
    case text(String)
    case number(Int)
    case flag(Bool)
    case texts([String])
    case node(TemplateNode)
    case nodes([TemplateNode])
    /// A level of the wording tree (`text.headings`).
    case group([String: TemplateValue])
    /// Where an item is in the list being shown (`first()`, `last()`, `index()`).
    case position(CompiledTemplates.Position)
    case other(Any)

    /// `value` typed by its exact type (comparing type metadata, which costs no conformance lookup).
    init(_ value: Any) {
        let type = type(of: value)
        if type == String.self {
            self = .text(value as! String)
        } else if type == TemplateNode.self {
            self = .node(value as! TemplateNode)
        } else if type == Int.self {
            self = .number(value as! Int)
        } else if type == [TemplateNode].self {
            self = .nodes(value as! [TemplateNode])
        } else if type == [String].self {
            self = .texts(value as! [String])
        } else if type == Bool.self {
            self = .flag(value as! Bool)
        } else if type == CompiledTemplates.Position.self {
            self = .position(value as! CompiledTemplates.Position)
        } else {
            self = .other(value)
        }
    }

    /// The value as swift-mustache receives it.
    var any: Any {
        switch self {
        case .text(let text): text
        case .number(let number): number
        case .flag(let flag): flag
        case .texts(let texts): texts
        case .node(let node): node
        case .nodes(let nodes): nodes
        case .group(let group): group.mapValues(\.any)
        case .position(let position): position
        case .other(let value): value
        }
    }

    /// The wording tree typed: texts, lists of texts and groups of those.
    static func tree(_ tree: [String: Any]) -> [String: TemplateValue] {
        tree.mapValues { value in
            if let group = value as? [String: Any] { return .group(Self.tree(group)) }
            return TemplateValue(value)
        }
    }
}

/// The wording tree as templates reach it from every level (`text`): as swift-mustache receives it
/// and typed, built once per loaded wording.
///
/// `@unchecked Sendable` is safe: built once, never changed, and holding only strings, lists of
/// strings and dictionaries of those.
final class TemplateText: @unchecked Sendable {
    let raw: [String: Any]
    let typed: [String: TemplateValue]

    init(_ raw: [String: Any]) {
        self.raw = raw
        typed = TemplateValue.tree(raw)
    }
}
