import Foundation
import Testing
@testable import HEPKit

/// The catalogue lock is read through JSONSerialization when it is exactly a lock as JSONDecoder
/// reads it, and left to the decoder (and its error message) otherwise.
@Suite("Catalogue lock decoding")
struct CatalogueLockDecodingTests {
    @Test("the repository's lock reads as JSONDecoder reads it")
    func repository() throws {
        let data = try Data(contentsOf: Repository.project.url(CatalogueLock.path))
        let ours = try #require(CatalogueLock.decode(data))
        #expect(ours == (try JSONDecoder().decode(CatalogueLock.self, from: data)))
        #expect(ours.exercises.count > 50)
    }

    @Test("odd and broken locks: the same lock or the same refusal as JSONDecoder")
    func oddLocks() throws {
        let entry = #"{"file": "a.md", "version": VERSION, "sha256": "x", "released": {"1": "x"}}"#
        var texts = ["{}", "[]", "", "nope", #"{"lock-version": 1}"#, #"{"exercises": {}}"#, #"{"lock-version": 1, "exercises": {}}"#,
                     #"{"lock-version": true, "exercises": {}}"#, #"{"lock-version": 1.0, "exercises": {}}"#,
                     #"{"lock-version": 1, "exercises": {"a": {"en": {"file": "a.md"}}}}"#,
                     #"{"lock-version": 1, "exercises": {"a": []}}"#,
                     #"{"lock-version": 1, "exercises": {"a": {"en": ENTRY, "fr": ENTRY}}}"#,
                     #"{"lock-version": 1, "exercises": {"a": {"en": {"file": "a.md", "version": 1, "sha256": "x", "released": {"1": 2}}}}}"#,
                     #"{"lock-version": 1, "exercises": {"a\u00e9\ud83d\ude00": {"en": ENTRY}}, "more": null}"#,
                     #"{"lock-version": 1, "exercises": {"a": {"en": {"file": null, "version": 1, "sha256": "x", "released": {}}}}}"#]
        for version in ["1", "2.0", "1e2", "2.5", "true", #""2""#, "-1", "99999999999999999999", "null"] {
            texts.append(#"{"lock-version": 1, "exercises": {"a": {"en": ENTRY}}}"#.replacingOccurrences(of: "ENTRY", with: entry)
                .replacingOccurrences(of: "VERSION", with: version))
        }
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("hep-lock-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: root.appendingPathComponent("Exercises"), withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: root) }
        let project = Project(root: root)
        var decodedSome = 0
        for text in texts {
            let data = Data(text.replacingOccurrences(of: "ENTRY", with: entry).replacingOccurrences(of: "VERSION", with: "1").utf8)
            let decoded = try? JSONDecoder().decode(CatalogueLock.self, from: data)
            if decoded != nil { decodedSome += 1 }
            let ours = CatalogueLock.decode(data)
            if let ours { #expect(ours == decoded, "\(text)") }
            // Every plain lock (integer versions) is read here, not left to the decoder.
            if decoded != nil, text.contains(#""version": 1,"#) || !text.contains("ENTRY") { #expect(ours != nil, "\(text)") }
            try data.write(to: project.url(CatalogueLock.path))
            var diagnostics = DiagnosticList()
            #expect(CatalogueLock.load(project, into: &diagnostics) == decoded, "\(text)")
            #expect(diagnostics.hasErrors == (decoded == nil), "\(text)")
        }
        #expect(decodedSome >= 6)
    }
}
