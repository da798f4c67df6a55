//! Finds the review's abbreviations in a text so the UI can explain each on hover and
//! focus: a text becomes plain segments and abbreviation segments with their meaning.

use crate::domain::data::Abbreviation;

/// A piece of text, with the meaning when it is a known abbreviation.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Segment {
    pub text: String,
    pub meaning: Option<String>,
}

/// Splits `text` into segments; words (letters, digits, hyphens, `/` separated parts)
/// that are glossary entries, or their singular/plural, carry the meaning.
pub fn segments(text: &str, glossary: &[Abbreviation]) -> Vec<Segment> {
    let lookup = |word: &str| -> Option<String> {
        glossary
            .iter()
            .find(|entry| {
                entry.abbr == word
                    || word.strip_suffix('s') == Some(entry.abbr.as_str())
                    || entry.abbr.strip_suffix('s') == Some(word)
            })
            .map(|entry| entry.meaning.clone())
    };
    let mut out: Vec<Segment> = Vec::new();
    let push_plain = |out: &mut Vec<Segment>, piece: &str| {
        if piece.is_empty() {
            return;
        }
        match out.last_mut() {
            Some(last) if last.meaning.is_none() => last.text.push_str(piece),
            _ => out.push(Segment {
                text: piece.to_string(),
                meaning: None,
            }),
        }
    };
    let mut word_start: Option<usize> = None;
    let is_word_char = |c: char| c.is_alphanumeric() || c == '-';
    let flush = |out: &mut Vec<Segment>, word: &str| {
        let trimmed = word.trim_matches('-');
        let lead = &word[..word.len() - word.trim_start_matches('-').len()];
        let tail = &word[lead.len() + trimmed.len()..];
        match lookup(trimmed) {
            Some(meaning) if trimmed.chars().filter(char::is_ascii_uppercase).count() >= 2 => {
                push_plain(out, lead);
                out.push(Segment {
                    text: trimmed.to_string(),
                    meaning: Some(meaning),
                });
                push_plain(out, tail);
            }
            _ => push_plain(out, word),
        }
    };
    for (index, c) in text.char_indices() {
        match (is_word_char(c), word_start) {
            (true, None) => word_start = Some(index),
            (false, Some(start)) => {
                flush(&mut out, &text[start..index]);
                word_start = None;
                push_plain(&mut out, &text[index..index + c.len_utf8()]);
            }
            (false, None) => push_plain(&mut out, &text[index..index + c.len_utf8()]),
            (true, Some(_)) => {}
        }
    }
    if let Some(start) = word_start {
        flush(&mut out, &text[start..]);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn glossary() -> Vec<Abbreviation> {
        [
            ("AML", "Acute myelogenous leukemia"),
            ("MSCs", "Mesenchymal stem cells"),
            ("UCB-MSCs", "MSCs derived from umbilical cord blood"),
            ("MDS", "Myelodysplastic syndrome"),
        ]
        .into_iter()
        .map(|(abbr, meaning)| Abbreviation {
            abbr: abbr.into(),
            meaning: meaning.into(),
            source: "test".into(),
            supplied: false,
        })
        .collect()
    }

    fn render(segments: &[Segment]) -> String {
        segments
            .iter()
            .map(|s| match &s.meaning {
                Some(_) => format!("[{}]", s.text),
                None => s.text.clone(),
            })
            .collect()
    }

    #[test]
    fn abbreviations_are_marked_and_text_is_kept() {
        let text = "AML/MDS: 23, UCB-MSCs and an MSC (Amlodipine)";
        let found = segments(text, &glossary());
        assert_eq!(
            render(&found),
            "[AML]/[MDS]: 23, [UCB-MSCs] and an [MSC] (Amlodipine)"
        );
        let joined: String = found.iter().map(|s| s.text.as_str()).collect();
        assert_eq!(joined, text, "no character is lost or added");
        assert_eq!(
            found[0].meaning.as_deref(),
            Some("Acute myelogenous leukemia")
        );
    }

    #[test]
    fn unknown_words_and_empty_text() {
        assert!(segments("", &glossary()).is_empty());
        assert_eq!(
            render(&segments("Bone marrow -x-", &glossary())),
            "Bone marrow -x-"
        );
    }
}
