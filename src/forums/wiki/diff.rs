//! Line diffs with the changed words marked, between two texts (a revision and the one
//! before it, or an edit's base and the text saved since). Plain data for the views,
//! which escape every piece.

use similar::{ChangeTag, TextDiff};

/// How a line of the diff relates the old text to the new one.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LineKind {
    Same,
    Added,
    Removed,
}

/// One line: its pieces, each marked when it is the changed part of a changed line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DiffLine {
    pub kind: LineKind,
    pub pieces: Vec<(bool, String)>,
}

/// The diff from `old` to `new`, line by line, with word-level emphasis.
pub fn diff(old: &str, new: &str) -> Vec<DiffLine> {
    let d = TextDiff::from_lines(old, new);
    let mut lines = Vec::new();
    for op in d.ops() {
        for change in d.iter_inline_changes(op) {
            let kind = match change.tag() {
                ChangeTag::Equal => LineKind::Same,
                ChangeTag::Insert => LineKind::Added,
                ChangeTag::Delete => LineKind::Removed,
            };
            let pieces = change
                .iter_strings_lossy()
                .map(|(marked, s)| (marked, s.trim_end_matches(['\n', '\r']).to_string()))
                .filter(|(_, s)| !s.is_empty())
                .collect();
            lines.push(DiffLine { kind, pieces });
        }
    }
    lines
}

/// Whether a diff changes anything.
pub fn has_changes(lines: &[DiffLine]) -> bool {
    lines.iter().any(|l| l.kind != LineKind::Same)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_changed_word_is_marked_on_both_lines() {
        let lines = diff("one two three\nsame\n", "one TWO three\nsame\n");
        assert_eq!(lines.len(), 3);
        assert_eq!(lines[0].kind, LineKind::Removed);
        assert!(lines[0].pieces.contains(&(true, "two".to_string())));
        assert_eq!(lines[1].kind, LineKind::Added);
        assert!(lines[1].pieces.contains(&(true, "TWO".to_string())));
        assert_eq!(lines[2].kind, LineKind::Same);
        assert!(has_changes(&lines));
        assert!(!has_changes(&diff("a\n", "a\n")));
    }
}
