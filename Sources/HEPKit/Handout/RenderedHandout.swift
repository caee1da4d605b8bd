import Foundation

/// A rendered handout, not yet written: every file of its folder, already in memory.
public struct RenderedHandout: Sendable {
    /// The handout's Markdown.
    public var markdown: String
    /// The complete HTML page, with pictures linked as files beside it (`images/<name>`).
    public var html: String
    /// The manifest (outputs filled in).
    public var manifest: Manifest
    /// The view model the templates received.
    public var viewModel: HandoutViewModel
    /// The plan exactly as given, kept with the handout so it can be reproduced.
    public var planText: String
    /// The plain-text twin (for email), wrapped at 78 columns.
    public var text: String
    /// The email, when asked for.
    public var eml: [UInt8]?
    /// Illustrations used (with their bytes), copied beside the HTML as `images/<name>`.
    public var images: [ExerciseImage] = []

    /// The files of a handout folder.
    public var files: [(name: String, data: Data)] {
        var files = [("handout.md", Data(markdown.utf8)), ("handout.html", Data(html.utf8)), ("handout.txt", Data(text.utf8)),
                     ("manifest.json", manifest.encoded()), ("plan.yaml", Data(planText.utf8))]
        if let eml { files.append(("handout.eml", Data(eml))) }
        for image in images { files.append(("images/\(image.outputName)", Data(image.data))) }
        return files
    }
}
