//! The rules every text, link and email address in a body follows; rendering uses them too, to leave out what
//! validation would refuse in a body stored before a rule existed.
use super::{validate::BlockError, vocabulary::Inline};

/// The most characters any single text in a body can have.
pub const MAX_TEXT_CHARS: usize = 10_000;
/// The most characters a heading can have.
pub const MAX_HEADING_CHARS: usize = 300;

const LINK_MESSAGE: &str =
    "a link must start with https://, http://, mailto:, tel: or / (a page on this site)";

pub(super) fn is_blank(text: &str) -> bool {
    text.trim().is_empty()
}

pub(super) fn text_length(path: &str, text: &str) -> Result<(), BlockError> {
    if text.chars().count() > MAX_TEXT_CHARS {
        return Err(BlockError::new(
            path,
            format!("text can be at most {MAX_TEXT_CHARS} characters"),
        ));
    }
    Ok(())
}

pub(super) fn optional_text(path: &str, text: Option<&str>) -> Result<(), BlockError> {
    text.map_or(Ok(()), |text| text_length(path, text))
}

pub(super) fn heading_text(path: &str, text: &str) -> Result<(), BlockError> {
    if is_blank(text) {
        return Err(BlockError::new(path, "a heading must not be blank"));
    }
    if text.chars().count() > MAX_HEADING_CHARS {
        return Err(BlockError::new(
            path,
            format!("a heading can be at most {MAX_HEADING_CHARS} characters"),
        ));
    }
    Ok(())
}

/// Checks runs of text at `path` (`body[0].content`), refusing them when there is no text at all.
pub(super) fn inline_content(
    path: &str,
    runs: &[Inline],
    empty_message: &str,
) -> Result<(), BlockError> {
    for (k, run) in runs.iter().enumerate() {
        let run_path = format!("{path}[{k}]");
        text_length(&format!("{run_path}.text"), &run.text)?;
        if let Some(link) = &run.link {
            let link_path = format!("{run_path}.link");
            text_length(&link_path, link)?;
            if !link_allowed(link) {
                return Err(BlockError::new(link_path, LINK_MESSAGE));
            }
            if is_blank(&run.text) {
                return Err(BlockError::new(
                    format!("{run_path}.text"),
                    "a link needs some text",
                ));
            }
        }
    }
    if runs.iter().all(|run| is_blank(&run.text)) {
        return Err(BlockError::new(path, empty_message));
    }
    Ok(())
}

/// Whether a link is one a body may carry: web, email and telephone links, and paths on this site. Anything
/// else (`javascript:`, `data:`, `//other.host`) could run script or leave the site unannounced.
pub(super) fn link_allowed(link: &str) -> bool {
    if link.chars().any(char::is_control) {
        return false;
    }
    for scheme in ["https://", "http://", "mailto:", "tel:"] {
        if link
            .get(..scheme.len())
            .is_some_and(|start| start.eq_ignore_ascii_case(scheme))
        {
            return link.len() > scheme.len();
        }
    }
    // Browsers read `/\host` as `//host`, another site.
    link.starts_with('/') && !link.starts_with("//") && !link.starts_with("/\\")
}

pub(super) fn looks_like_email(email: &str) -> bool {
    let Some((local, domain)) = email.split_once('@') else {
        return false;
    };
    !local.is_empty()
        && !domain.starts_with('.')
        && !domain.ends_with('.')
        && domain.contains('.')
        && !domain.contains('@')
        && !email
            .chars()
            .any(|c| c.is_whitespace() || c.is_control() || "<>\"'(),;:[]\\".contains(c))
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;
    use crate::content::blocks::fixtures::*;

    #[test]
    fn heading_text_must_be_short_and_not_blank() {
        let err = refused(json!([heading("  ")]));
        assert_eq!(err.path, "body[0].text");
        assert!(parse(json!([heading(&"a".repeat(300))])).is_ok());
        let err = refused(json!([heading(&"a".repeat(301))]));
        assert_eq!(err.path, "body[0].text");
    }

    #[test]
    fn only_safe_links_are_accepted() {
        let link = |href: &str| {
            json!([{"type": "paragraph", "content": [
                {"text": "Before "},
                {"text": "link", "link": href},
            ]}])
        };
        for bad in [
            "javascript:alert(1)",
            "JavaScript:alert(1)",
            " https://example.com",
            "data:text/html;base64,PHNjcmlwdD4=",
            "//elsewhere.example.com",
            "/\\elsewhere.example.com",
            "vbscript:msgbox",
            "ftp://files.example.com",
            "bins",
            "https://",
            "/bins\n",
        ] {
            let err = refused(link(bad));
            assert_eq!(err.path, "body[0].content[1].link", "{bad}");
            assert_eq!(err.message, LINK_MESSAGE);
        }
        for good in [
            "https://www.gov.uk/council-tax",
            "HTTPS://www.gov.uk",
            "http://example.com",
            "mailto:waste@example.gov.uk",
            "tel:01632960001",
            "/bins/collection-days?street=High%20Street#when",
            "/",
        ] {
            assert!(parse(link(good)).is_ok(), "{good}");
        }

        let err = refused(
            json!([{"type": "paragraph", "content": [{"text": " ", "link": "/bins"}, {"text": "x"}]}]),
        );
        assert_eq!(err.path, "body[0].content[0].text");
    }

    #[test]
    fn text_content_must_not_be_empty() {
        let err = refused(json!([{"type": "paragraph", "content": []}]));
        assert_eq!(err.path, "body[0].content");
        let err = refused(json!([{"type": "list", "style": "ordered", "items": []}]));
        assert_eq!(err.path, "body[0].items");
        let err =
            refused(json!([{"type": "list", "style": "ordered", "items": [[{"text": "a"}], []]}]));
        assert_eq!(err.path, "body[0].items[1]");
    }

    #[test]
    fn any_text_is_capped() {
        let long = "a".repeat(MAX_TEXT_CHARS + 1);
        let err = refused(json!([paragraph(&long)]));
        assert_eq!(err.path, "body[0].content[0].text");
        assert!(parse(json!([paragraph(&"é".repeat(MAX_TEXT_CHARS))])).is_ok());
        let err = refused(json!([{"type": "table", "header": ["A"], "rows": [[long]]}]));
        assert_eq!(err.path, "body[0].rows[0][0]");
    }
}
