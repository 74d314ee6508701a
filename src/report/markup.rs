//! Escaping text for XML and HTML, shared by the HTML report and the JUnit output.

/// Escapes text for XML 1.0 and HTML content and attribute values: the five special characters
/// become entities, and characters XML 1.0 cannot carry at all (control characters other than tab
/// and line breaks, U+FFFE, U+FFFF) the replacement character.
pub(crate) fn escape_markup(text: &str) -> String {
    let mut escaped = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => escaped.push_str("&amp;"),
            '<' => escaped.push_str("&lt;"),
            '>' => escaped.push_str("&gt;"),
            '"' => escaped.push_str("&quot;"),
            '\'' => escaped.push_str("&#39;"),
            '\n' | '\r' | '\t' => escaped.push(c),
            c if c < ' ' || c == '\u{fffe}' || c == '\u{ffff}' => escaped.push('\u{fffd}'),
            c => escaped.push(c),
        }
    }
    escaped
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_markup_quotes_and_what_xml_cannot_carry() {
        assert_eq!(
            escape_markup(r#"<b>"A&B's"</b>"#),
            "&lt;b&gt;&quot;A&amp;B&#39;s&quot;&lt;/b&gt;"
        );
        assert_eq!(
            escape_markup("tab\tline\nbell\u{7}"),
            "tab\tline\nbell\u{fffd}"
        );
        assert_eq!(escape_markup("plain"), "plain");
    }
}
