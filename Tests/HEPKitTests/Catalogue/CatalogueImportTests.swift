import Foundation
import Testing
@_spi(Fuzzing) @testable import HEPKit
@testable import hep

/// `hep catalogue import`: free-exercise-db's JSON and a spreadsheet's CSV become draft exercises,
/// or nothing is written.
@Suite struct CatalogueImportTests {
    static let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Fixtures/import")
    static let mapping = "Examples/import/free-exercise-db-mapping.yaml"

    /// A project holding glute-bridge (for the id clash) and the import file at `import/<name>`.
    static func project(with name: String, text: String? = nil) async throws -> FixtureProject {
        let fixture = try await FixtureProject(exercises: ["integrate/glute-bridge"], released: false)
        let content = try text ?? String(contentsOf: fixtures.appendingPathComponent(name), encoding: .utf8)
        try fixture.write("import/\(name)", content)
        try fixture.write(mapping, String(contentsOf: Repository.url(mapping), encoding: .utf8))
        return fixture
    }

    static func run(_ fixture: FixtureProject, _ name: String, mapping: String? = nil, phase: Phase? = nil) -> CommandResult {
        ImportCommand.run(file: fixture.url("import/\(name)").path, mapping: mapping.map { fixture.url($0).path }, phase: phase,
                          project: fixture.project, date: CalendarDate(year: 2026, month: 12, day: 2))
    }

    /// Every exercise file under Exercises/, relative and sorted.
    static func exerciseFiles(_ fixture: FixtureProject) -> [String] {
        let root = fixture.url("Exercises")
        let found = FileManager.default.enumerator(atPath: root.path)?.compactMap { $0 as? String } ?? []
        return found.filter { $0.hasSuffix(".md") }.sorted()
    }

    @Test func importsFreeExerciseDB() async throws {
        let fixture = try await Self.project(with: "free-exercise-db-sample.json")
        defer { fixture.remove() }
        let result = Self.run(fixture, "free-exercise-db-sample.json", mapping: Self.mapping)
        #expect(result.exitCode == 0)
        #expect(result.outputText == """
        Exercises/strength/glute-bridge-2.md
        Exercises/lengthen/calf-stretch-wall.md
        Exercises/strength/ubung-fur-die-hufte-seitstutz.md
        Imported 3 exercises as drafts, 3 terms unmapped. Fill in every TODO; `hep check` lists them.

        """)
        #expect(result.errorText == """
        import/free-exercise-db-sample.json:3:11: warning: id 'glute-bridge' is taken by Exercises/integrate/glute-bridge.md; imported as 'glute-bridge-2'
          hint: ids are unique and never renamed once released: change it now if another name fits better
        import/free-exercise-db-sample.json:38:18: warning: unmapped equipment 'exercise ball'
          hint: add `exercise ball: ID` under `equipment:` in Examples/import/free-exercise-db-mapping.yaml (an id from Exercises/vocabulary/equipment.yaml, or [] for none)
        import/free-exercise-db-sample.json:39:37: warning: unmapped muscle 'hip flexors'
          hint: add `hip flexors: ID` under `muscles:` in Examples/import/free-exercise-db-mapping.yaml (an id from Exercises/vocabulary/muscles.yaml, or [] for none)
        import/free-exercise-db-sample.json:39:37: warning: unmapped region 'hip flexors'
          hint: add `hip flexors: ID` under `regions:` in Examples/import/free-exercise-db-mapping.yaml (an id from Exercises/vocabulary/regions.yaml, or [] for none)
        0 errors, 4 warnings

        """)
        #expect(Self.exerciseFiles(fixture) == ["integrate/glute-bridge.md", "lengthen/calf-stretch-wall.md",
                                                "strength/glute-bridge-2.md", "strength/ubung-fur-die-hufte-seitstutz.md"])
        for id in ["glute-bridge-2", "calf-stretch-wall", "ubung-fur-die-hufte-seitstutz"] {
            let path = try #require(Self.exerciseFiles(fixture).first { $0.hasSuffix("/\(id).md") })
            Snapshot.assert(try fixture.read("Exercises/\(path)"), named: "import/\(id).md")
        }
        let bridge = try #require(fixture.project.exercise("glute-bridge-2"))
        #expect(bridge.status == .draft)
        #expect(bridge.source == "free-exercise-db: Glute_Bridge")
        #expect(bridge.licence == "Unlicense")
        #expect(bridge.steps == ["Lie on your back with your knees bent.", "Lift your hips until your body is straight.", "Lower slowly."])
        #expect(bridge.targetIDs == ["gluteus-maximus", "hamstrings", "erector-spinae"])
        #expect(bridge.regionIDs == ["buttock"])
        #expect(bridge.equipmentIDs == [])
    }

    @Test func importsASpreadsheet() async throws {
        let fixture = try await Self.project(with: "spreadsheet-sample.csv")
        defer { fixture.remove() }
        // The committed sample keeps its CRLF line ends (.gitattributes), with one inside a quoted field.
        #expect(try String(contentsOf: Self.fixtures.appendingPathComponent("spreadsheet-sample.csv"), encoding: .utf8).contains("\r\n"))
        let result = Self.run(fixture, "spreadsheet-sample.csv")
        #expect(result.exitCode == 0)
        #expect(result.outputText == """
        Exercises/strength/wall-sit.md
        Exercises/lengthen/tur-dehnung-fur-die-brust.md
        Exercises/integrate/glute-bridge-2.md
        Imported 3 exercises as drafts, 3 terms unmapped. Fill in every TODO; `hep check` lists them.

        """)
        #expect(result.errorText == """
        import/spreadsheet-sample.csv:2:81: warning: unmapped muscle 'glutes'
          hint: pass --mapping FILE with `glutes: ID` under `muscles:` (an id from Exercises/vocabulary/muscles.yaml, or [] for none)
        import/spreadsheet-sample.csv:2:81: warning: unmapped muscle 'hamstring'
          hint: did you mean 'hamstrings'? pass --mapping FILE with `hamstring: ID` under `muscles:` (an id from Exercises/vocabulary/muscles.yaml, or [] for none)
        import/spreadsheet-sample.csv:3:44: warning: unmapped muscle 'pecs minor'
          hint: pass --mapping FILE with `pecs minor: ID` under `muscles:` (an id from Exercises/vocabulary/muscles.yaml, or [] for none)
        import/spreadsheet-sample.csv:4:1: warning: id 'glute-bridge' is taken by Exercises/integrate/glute-bridge.md; imported as 'glute-bridge-2'
          hint: ids are unique and never renamed once released: change it now if another name fits better
        0 errors, 4 warnings

        """)
        #expect(Self.exerciseFiles(fixture) == ["integrate/glute-bridge-2.md", "integrate/glute-bridge.md",
                                                "lengthen/tur-dehnung-fur-die-brust.md", "strength/wall-sit.md"])
        for path in ["strength/wall-sit.md", "lengthen/tur-dehnung-fur-die-brust.md", "integrate/glute-bridge-2.md"] {
            Snapshot.assert(try fixture.read("Exercises/\(path)"), named: "import/csv-\(path.split(separator: "/").last!)")
        }
        let wallSit = try #require(fixture.project.exercise("wall-sit"))
        #expect(wallSit.purpose == "Builds strength in your thighs, gently.")
        #expect(wallSit.steps == ["Stand with your back against a wall.", "Slide down until your knees are bent.", "Hold, then slide back up."])
        #expect(wallSit.source == "clinic spreadsheet row 12")
        #expect(wallSit.licence == "CC BY 4.0")
        let door = try #require(fixture.project.exercise("tur-dehnung-fur-die-brust"))
        #expect(door.title == "Tür-Dehnung für die Brust")
        #expect(door.steps == ["Stand in a doorway.", "Lean forward \"gently\" until you feel a stretch."])
        // A line break inside a quoted step joins the step's lines; "- " is a list marker.
        #expect(try #require(fixture.project.exercise("glute-bridge-2")).steps == ["Lie on your back, heels on the step. Lift your hips.", "Lower slowly."])
    }

    @Test func aMalformedJSONFileWritesNothing() async throws {
        let text = "[\n  {\"name\": \"Wall sit\", \"primaryMuscles\": [\"quadriceps\"]},\n  {\"name\": \"Squat\" \"level\": \"beginner\"}\n]\n"
        let fixture = try await Self.project(with: "bad.json", text: text)
        defer { fixture.remove() }
        let result = Self.run(fixture, "bad.json", mapping: Self.mapping)
        #expect(result.exitCode == 1)
        #expect(result.outputText == "Nothing was imported (0 terms unmapped).\n")
        #expect(result.errorText == """
        import/bad.json:3:20: error: malformed JSON: expected ',' or '}', found '"'
          hint: a free-exercise-db file is one list of objects: `[{"name": "...", ...}, ...]`
        1 error, 0 warnings

        """)
        #expect(Self.exerciseFiles(fixture) == ["integrate/glute-bridge.md"])
    }

    @Test func aWholeDatabaseSizedFileIsRead() async throws {
        // free-exercise-db's exercises.json is over 1 MB; one bad row at its end still stops everything.
        let row = "{\"name\": \"Wall sit\", \"instructions\": [\"\(String(repeating: "Slide down. ", count: 100))\"]},\n"
        let text = "[\n" + String(repeating: row, count: 1300) + "{\"name\": 7}\n]\n"
        #expect(text.utf8.count > 1_500_000)
        let fixture = try await Self.project(with: "big.json", text: text)
        defer { fixture.remove() }
        let result = Self.run(fixture, "big.json", phase: .strength)
        #expect(result.errorText == """
        import/big.json:1302:10: error: 'name' must be a string or null, found a number
        1 error, 0 warnings

        """)
        #expect(Self.exerciseFiles(fixture) == ["integrate/glute-bridge.md"])
    }

    @Test func anUnterminatedQuoteWritesNothing() async throws {
        let text = "title,phase,steps\nWall sit,strength,\"Stand tall.|Slide down.\nChair sit,strength,Sit.\n"
        let fixture = try await Self.project(with: "bad.csv", text: text)
        defer { fixture.remove() }
        let result = Self.run(fixture, "bad.csv")
        #expect(result.exitCode == 1)
        #expect(result.errorText == """
        import/bad.csv:2:19: error: this quoted field is never closed
          hint: add the closing quote; a quote inside a quoted field is written twice ("")
        1 error, 0 warnings

        """)
        #expect(Self.exerciseFiles(fixture) == ["integrate/glute-bridge.md"])
    }

    @Test func oneBadRowStopsTheWholeImport() async throws {
        let text = "title,phase,targets,muscle\nWall sit,strength,quadriceps,\nChair sit,strenght,,\n"
        let fixture = try await Self.project(with: "rows.csv", text: text)
        defer { fixture.remove() }
        let result = Self.run(fixture, "rows.csv")
        #expect(result.errorText == """
        import/rows.csv:1:21: error: unknown column 'muscle'
          hint: the columns are: id, title, purpose, phase, regions, targets, equipment, steps, source, licence
        1 error, 0 warnings

        """)
        let fixed = text.replacingOccurrences(of: ",muscle", with: "").replacingOccurrences(of: ",\n", with: "\n")
        try fixture.write("import/rows.csv", fixed)
        let again = Self.run(fixture, "rows.csv")
        #expect(again.errorText == """
        import/rows.csv:3:11: error: unknown phase 'strenght'
          hint: did you mean 'strength'? use one of: release, lengthen, activate, integrate, mobility, strength, balance, breathing, nerve-glide
        1 error, 0 warnings

        """)
        #expect(Self.exerciseFiles(fixture) == ["integrate/glute-bridge.md"])
        // --phase decides for every row.
        let forced = Self.run(fixture, "rows.csv", phase: .integrate)
        #expect(forced.exitCode == 0)
        #expect(Self.exerciseFiles(fixture) == ["integrate/chair-sit.md", "integrate/glute-bridge.md", "integrate/wall-sit.md"])
    }

    @Test func aMappingToAnUnknownIDWritesNothing() async throws {
        let fixture = try await Self.project(with: "free-exercise-db-sample.json")
        defer { fixture.remove() }
        try fixture.edit(Self.mapping, replacing: "glutes: gluteus-maximus", with: "glutes: gluteus-maximum")
        let result = Self.run(fixture, "free-exercise-db-sample.json", mapping: Self.mapping)
        #expect(result.errorText == """
        Examples/import/free-exercise-db-mapping.yaml:17:11: error: unknown muscle 'gluteus-maximum'
          hint: did you mean 'gluteus-maximus'? known ids are in Exercises/vocabulary/muscles.yaml; add it there if it is new
        1 error, 0 warnings

        """)
        #expect(Self.exerciseFiles(fixture) == ["integrate/glute-bridge.md"])
    }

    @Test func rowsOfOneFileGetNumberedIDs() async throws {
        let text = "title,phase\nWall sit,strength\nWALL SIT,strength\n深蹲,strength\nStraße gehen,balance\n"
        let fixture = try await Self.project(with: "ids.csv", text: text)
        defer { fixture.remove() }
        let result = Self.run(fixture, "ids.csv")
        #expect(result.outputText.hasPrefix("""
        Exercises/strength/wall-sit.md
        Exercises/strength/wall-sit-2.md
        Exercises/strength/exercise-3.md
        Exercises/balance/strasse-gehen.md

        """))
        #expect(result.errorText.contains("import/ids.csv:3:1: warning: id 'wall-sit' is taken by an earlier row; imported as 'wall-sit-2'"))
        // No regions or targets: the placeholders fail the check until an editor fills them in.
        let written = try fixture.read("Exercises/strength/exercise-3.md")
        #expect(written.contains("id: exercise-3\n") && written.contains("title: \"深蹲\"\n") && written.contains("regions: [TODO-region]\n"))
    }

    @Test func csvFieldsFollowRFC4180() {
        var diagnostics = DiagnosticList()
        let text = "a,b,c\r\n\"x, y\",\"say \"\"hi\"\"\",\"two\r\nlines\"\r\n\r\n,,\r\nlast,row,\"\""
        let table = CSVTable.parse(text, file: "t.csv", into: &diagnostics)
        #expect(diagnostics.all.isEmpty)
        #expect(table?.header.map(\.text) == ["a", "b", "c"])
        #expect(table?.rows.map { $0.map(\.text) } == [["x, y", "say \"hi\"", "two\nlines"], ["", "", ""], ["last", "row", ""]])
        #expect(table?.rows[2][1].location.description == "t.csv:6:6")
        for (bad, message) in [("a\nx\"y\n", "t.csv:2:2: a quote in the middle of a field"), ("a\n\"x\"y\n", "t.csv:2:4: text after the closing quote of a field")] {
            var problems = DiagnosticList()
            #expect(CSVTable.parse(bad, file: "t.csv", into: &problems) == nil)
            #expect(problems.all.map { "\($0.location): \($0.message)" } == [message])
        }
    }

    @Test func stepsLoseTheirMarkers() {
        #expect(ImportDraft.cleanSteps(["6. Lower slowly.", "", "  ", "12) Rest.", "- Breathe.", "3 sets of ten", "Stand\n tall."])
                == ["Lower slowly.", "Rest.", "Breathe.", "3 sets of ten", "Stand tall."])
        #expect(ImportID.kebab("Barbell_Squat") == "barbell-squat")
        #expect(ImportID.kebab("Übung für die Hüfte – Seitstütz") == "ubung-fur-die-hufte-seitstutz")
        #expect(ImportID.kebab("Œuvre à l’épaule") == "oeuvre-a-l-epaule")
        #expect(ImportID.kebab("深蹲") == "")
    }

    @Test func statusIsDraftOrReviewed() throws {
        let draft = try String(contentsOf: Snapshot.folder.appendingPathComponent("import/csv-wall-sit.md"), encoding: .utf8)
        var diagnostics = DiagnosticList()
        let parsed = Exercise.parse(draft.replacingOccurrences(of: "status: draft", with: "status: reviewed"),
                                    file: "Exercises/strength/wall-sit.md", expectedID: "wall-sit", into: &diagnostics)
        #expect(parsed?.status == .reviewed)
        #expect(diagnostics.all.isEmpty)
        _ = Exercise.parse(draft.replacingOccurrences(of: "status: draft", with: "status: final"),
                           file: "Exercises/strength/wall-sit.md", expectedID: "wall-sit", into: &diagnostics)
        #expect(diagnostics.all.map(\.commandLineText) == ["""
        Exercises/strength/wall-sit.md:4:9: error: 'status' must be one of draft, reviewed, found 'final'
          hint: use one of: draft, reviewed
        """])
        #expect(ImportDraft.yaml("Bell\u{07} ring".oneLine) == "Bell ring")
    }

    @Test func theCommandLineImports() async throws {
        let fixture = try await Self.project(with: "spreadsheet-sample.csv")
        defer { fixture.remove() }
        let command = try #require(try HEP.parseAsRoot(["catalogue", "import", "--project", fixture.root.path, "--date", "2026-12-02",
                                                        fixture.url("import/spreadsheet-sample.csv").path]) as? HEP.Catalogue.Import)
        let result = try command.result()
        #expect(result.exitCode == 0)
        #expect(result.output.last == "Imported 3 exercises as drafts, 3 terms unmapped. Fill in every TODO; `hep check` lists them.")
        #expect(throws: (any Error).self) { try HEP.parseAsRoot(["catalogue", "import", "--phase", "strenght", "x.csv"]) }
    }
}
