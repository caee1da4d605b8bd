/// A small line diff (longest common subsequence): exercise files are a few dozen lines.
public enum LineDiff {
    /// One changed line.
    public struct Line: Sendable, Hashable {
        /// Line number in the text it comes from (the old one for removals, the new one for additions).
        public var number: Int
        /// True for a line added, false for a line removed.
        public var added: Bool
        public var text: String
    }

    /// The changed lines of `a` -> `b`: within each change, the removed lines come before the lines
    /// that replace them, as in every diff.
    public static func diff(_ a: String, _ b: String) -> [Line] {
        let x = a.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        let y = b.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        var table = [[Int]](repeating: [Int](repeating: 0, count: y.count + 1), count: x.count + 1)
        for i in stride(from: x.count - 1, through: 0, by: -1) {
            for j in stride(from: y.count - 1, through: 0, by: -1) {
                table[i][j] = x[i] == y[j] ? table[i + 1][j + 1] + 1 : max(table[i + 1][j], table[i][j + 1])
            }
        }
        var lines: [Line] = []
        var removed: [Line] = [], added: [Line] = []
        func flush() {
            lines += removed + added
            removed = []
            added = []
        }
        var i = 0, j = 0
        while i < x.count || j < y.count {
            if i < x.count, j < y.count, x[i] == y[j] {
                flush()
                i += 1; j += 1
            } else if j < y.count, i == x.count || table[i][j + 1] >= table[i + 1][j] {
                added.append(Line(number: j + 1, added: true, text: y[j])); j += 1
            } else {
                removed.append(Line(number: i + 1, added: false, text: x[i])); i += 1
            }
        }
        flush()
        return lines
    }
}
