//! What can be learnt from a PDF on upload, with a pure-Rust parser: page count, the document's own title, and
//! its text (for search). A PDF with no extractable text is likely a scanned image, inaccessible to screen
//! readers; one without a title fails a basic accessibility check. Both are shown to editors.
use std::path::Path;

/// The most text kept per document.
const MAX_TEXT_BYTES: usize = 1024 * 1024;
/// Decompressed content streams larger than this are not read (decompression bombs).
const MAX_DECOMPRESSED: usize = 64 * 1024 * 1024;

/// Facts about a PDF.
#[derive(Debug, Default, Clone, PartialEq)]
pub struct PdfFacts {
    pub page_count: Option<i32>,
    pub title: Option<String>,
    pub text: String,
}

fn decode_pdf_string(bytes: &[u8]) -> String {
    if let Some(rest) = bytes.strip_prefix(&[0xFE, 0xFF]) {
        let units: Vec<u16> = rest
            .chunks(2)
            .filter(|c| c.len() == 2)
            .map(|c| u16::from_be_bytes([c[0], c[1]]))
            .collect();
        String::from_utf16_lossy(&units)
    } else {
        bytes.iter().map(|b| char::from(*b)).collect()
    }
}

fn facts_of(doc: &lopdf::Document) -> PdfFacts {
    let pages: Vec<u32> = doc.get_pages().keys().copied().collect();
    let title = doc
        .trailer
        .get(b"Info")
        .ok()
        .and_then(|info| match info {
            lopdf::Object::Reference(id) => doc.get_dictionary(*id).ok(),
            lopdf::Object::Dictionary(d) => Some(d),
            _ => None,
        })
        .and_then(|info| info.get(b"Title").ok())
        .and_then(|t| t.as_str().ok())
        .map(decode_pdf_string)
        .map(|t| t.trim().to_owned())
        .filter(|t| !t.is_empty());
    let mut text = doc
        .extract_text_with_limit(&pages, MAX_DECOMPRESSED)
        .unwrap_or_default();
    if text.len() > MAX_TEXT_BYTES {
        let mut cut = MAX_TEXT_BYTES;
        while !text.is_char_boundary(cut) {
            cut -= 1;
        }
        text.truncate(cut);
    }
    PdfFacts {
        page_count: Some(pages.len() as i32),
        title,
        text: text.split_whitespace().collect::<Vec<_>>().join(" "),
    }
}

/// Reads a PDF file on the blocking pool; a file the parser cannot read (or that makes it fail) gives no facts
/// rather than an error, since the upload itself is valid.
pub async fn inspect(path: &Path) -> PdfFacts {
    let path = path.to_owned();
    on_blocking_pool(move || lopdf::Document::load(&path)).await
}

async fn on_blocking_pool<F>(load: F) -> PdfFacts
where
    F: FnOnce() -> Result<lopdf::Document, lopdf::Error> + std::panic::UnwindSafe + Send + 'static,
{
    tokio::task::spawn_blocking(move || {
        std::panic::catch_unwind(|| load().map(|doc| facts_of(&doc)).unwrap_or_default())
            .unwrap_or_default()
    })
    .await
    .unwrap_or_default()
}

/// Searchable text of a received file of type `mime`: a PDF's extracted text, or plain text and CSV as they
/// are (their first 1 MB); nothing for other types or a file that cannot be read.
pub async fn text_of_file(mime: &str, path: &Path) -> Option<String> {
    let text = match mime {
        "application/pdf" => inspect(path).await.text,
        "text/plain" | "text/csv" => {
            use tokio::io::AsyncReadExt;
            let mut bytes = Vec::new();
            let file = tokio::fs::File::open(path).await.ok()?;
            file.take(MAX_TEXT_BYTES as u64)
                .read_to_end(&mut bytes)
                .await
                .ok()?;
            String::from_utf8_lossy(&bytes)
                .split_whitespace()
                .collect::<Vec<_>>()
                .join(" ")
        }
        _ => String::new(),
    };
    (!text.is_empty()).then_some(text)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn text_and_csv_files_are_read_for_search_and_other_types_are_not() {
        let dir = std::env::temp_dir().join(format!("townhall-text-{}", uuid::Uuid::new_v4()));
        std::fs::create_dir_all(&dir).unwrap();
        let file = dir.join("notes");
        std::fs::write(&file, "Bus lane\n on  Tadcaster Road,\tYork").unwrap();
        assert_eq!(
            text_of_file("text/plain", &file).await.as_deref(),
            Some("Bus lane on Tadcaster Road, York")
        );
        assert_eq!(
            text_of_file("text/csv", &file).await.as_deref(),
            Some("Bus lane on Tadcaster Road, York")
        );
        assert_eq!(text_of_file("image/png", &file).await, None);
        // Not a readable PDF: no text rather than an error.
        assert_eq!(text_of_file("application/pdf", &file).await, None);
        assert_eq!(text_of_file("text/plain", &dir.join("missing")).await, None);
        std::fs::write(&file, " \n ").unwrap();
        assert_eq!(text_of_file("text/plain", &file).await, None);
        let _ = std::fs::remove_dir_all(dir);
    }
}
