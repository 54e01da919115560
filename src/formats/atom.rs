//! A small Atom (RFC 4287) writer.
use chrono::{DateTime, Utc};

/// XML-escaped text without the characters XML 1.0 forbids (text stored before the text rule may hold them).
fn escape(text: &str) -> String {
    quick_xml::escape::escape(crate::text::printable(text).as_ref()).into_owned()
}

/// One Atom entry.
#[derive(Debug, Clone)]
pub struct Entry {
    /// A permanent IRI, e.g. `urn:uuid:...`.
    pub id: String,
    pub title: String,
    pub updated: DateTime<Utc>,
    pub published: Option<DateTime<Utc>>,
    pub summary: Option<String>,
    pub content: String,
    pub link: Option<String>,
}

/// A whole feed document.
pub fn feed(id: &str, title: &str, self_link: &str, entries: &[Entry]) -> String {
    let updated = entries
        .iter()
        .map(|e| e.updated)
        .max()
        .unwrap_or(DateTime::<Utc>::UNIX_EPOCH);
    let mut xml = String::from(
        "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<feed xmlns=\"http://www.w3.org/2005/Atom\">\n",
    );
    xml += &format!(
        "  <id>{}</id>\n  <title>{}</title>\n",
        escape(id),
        escape(title)
    );
    xml += &format!("  <updated>{}</updated>\n", updated.to_rfc3339());
    xml += &format!("  <link rel=\"self\" href=\"{}\"/>\n", escape(self_link));
    xml += &format!("  <author><name>{}</name></author>\n", escape(title));
    for e in entries {
        xml += "  <entry>\n";
        xml += &format!(
            "    <id>{}</id>\n    <title>{}</title>\n",
            escape(&e.id),
            escape(&e.title)
        );
        xml += &format!("    <updated>{}</updated>\n", e.updated.to_rfc3339());
        if let Some(published) = e.published {
            xml += &format!("    <published>{}</published>\n", published.to_rfc3339());
        }
        if let Some(link) = &e.link {
            xml += &format!("    <link href=\"{}\"/>\n", escape(link));
        }
        if let Some(summary) = &e.summary {
            xml += &format!("    <summary>{}</summary>\n", escape(summary));
        }
        xml += &format!(
            "    <content type=\"text\">{}</content>\n",
            escape(&e.content)
        );
        xml += "  </entry>\n";
    }
    xml += "</feed>\n";
    xml
}
