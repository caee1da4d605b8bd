import Testing
@testable import hep

/// `hep render` and `hep check` lines in their plain forms are read without the argument parser;
/// whatever such a line gives must be what the parser gives, and every other line is the parser's.
@Suite("Quick command lines")
struct QuickLineTests {
    static let renderLines: [[String]] = [
        ["render"], ["render", "a.yaml", "b.yaml"], ["render", "--project", "p", "a.yaml"], ["render", "--project=p", "--output=o", "a.yaml"],
        ["render", "--jobs", "2", "--quiet", "--timings", "--eml", "x"], ["render", "--jobs", "0", "x"], ["render", "--jobs", "two", "x"],
        ["render", "--quiet", "--quiet", "x"], ["render", "--project", "a", "--project", "b"], ["render", "--project"],
        ["render", "--project", "-x"], ["render", "--project="], ["render", "--quiet=yes", "x"], ["render", "--unknown", "x"],
        ["render", "-q", "x"], ["render", "--", "x"], ["render", "-"], ["render", "x", "--output", "o", "y"],
    ]

    static let checkLines: [[String]] = [
        ["check"], ["check", "--quiet"], ["check", "--project", "p", "plan.yaml", "plans/"], ["check", "--project=p", "--quiet"],
        ["check", "--summary"], ["check", "--fix"], ["check", "--format", "json"], ["check", "--format=text", "--summary"],
        ["check", "--format", "json", "--summary"], ["check", "--format", "json", "--fix"], ["check", "--format", "xml"],
        ["check", "--only", "Exercises/", "--only", "unknown-key"], ["check", "--only=a", "x.yaml"], ["check", "--only"],
        ["check", "--summary", "--summary"], ["check", "--project", "a", "--project", "b"], ["check", "--verbose"],
        ["check", "-h"], ["check", "--help"], ["check", "--", "a"],
    ]

    @Test("a quick render line is the parser's command, field for field", arguments: renderLines)
    func render(line: [String]) {
        let parsed = try? HEP.Render.parse(Array(line.dropFirst()))
        guard let quick = HEP.Render(quickArguments: line) else { return }
        #expect(parsed != nil, "the parser refuses \(line)")
        guard let parsed else { return }
        #expect(quick.options.project == parsed.options.project)
        #expect(quick.options.quiet == parsed.options.quiet)
        #expect(quick.output == parsed.output)
        #expect(quick.jobs == parsed.jobs)
        #expect(quick.timings == parsed.timings)
        #expect(quick.eml == parsed.eml)
        #expect(quick.plans == parsed.plans)
    }

    @Test("a quick check line is the parser's command, field for field", arguments: checkLines)
    func check(line: [String]) {
        let parsed = try? HEP.Check.parse(Array(line.dropFirst()))
        guard let quick = HEP.Check(quickArguments: line) else { return }
        #expect(parsed != nil, "the parser refuses \(line)")
        guard let parsed else { return }
        #expect(quick.options.project == parsed.options.project)
        #expect(quick.options.quiet == parsed.options.quiet)
        #expect(quick.plans == parsed.plans)
        #expect(quick.summary == parsed.summary)
        #expect(quick.fix == parsed.fix)
        #expect(quick.only == parsed.only)
        #expect(quick.format == parsed.format)
    }

    @Test("the everyday lines take the quick path; help, unknown options and refused combinations do not")
    func coverage() {
        #expect(HEP.Render(quickArguments: ["render", "--project", "p", "a.yaml"]) != nil)
        #expect(HEP.Check(quickArguments: ["check"]) != nil)
        #expect(HEP.Check(quickArguments: ["check", "--quiet", "--project", "p", "plans/"]) != nil)
        #expect(HEP.Check(quickArguments: ["check", "--only", "a", "--only", "b"])?.only == ["a", "b"])
        for line in [["check", "--help"], ["check", "--format", "json", "--summary"], ["check", "--format", "xml"],
                     ["check", "--verbose"], ["render", "--jobs", "0"], ["exercises", "list"]] {
            #expect(HEP.Check(quickArguments: line) == nil && HEP.Render(quickArguments: line) == nil, "\(line)")
        }
    }
}
