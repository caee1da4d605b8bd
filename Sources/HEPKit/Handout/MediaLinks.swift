/// How a handout links its pictures: decided while rendering, never patched in afterwards.
public enum MediaLinks: Sendable {
    /// `images/<name>`: files beside the standalone HTML.
    case files
    /// `cid:<name>@hep`: parts of the email.
    case email

    /// The link for one picture.
    func source(for image: ExerciseImage) -> String {
        switch self {
        case .files: "images/\(image.outputName)"
        case .email: "cid:\(image.contentID)"
        }
    }
}
