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

/// The same for a PDF held in memory (a meeting paper).
pub async fn inspect_bytes(bytes: Vec<u8>) -> PdfFacts {
    on_blocking_pool(move || lopdf::Document::load_mem(&bytes)).await
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

/// Searchable text of a file of type `mime`: a PDF's extracted text, or plain text and CSV as they are (at most
/// 1 MB); nothing for other types.
pub async fn text_of(mime: &str, bytes: &[u8]) -> Option<String> {
    let text = match mime {
        "application/pdf" => inspect_bytes(bytes.to_vec()).await.text,
        "text/plain" | "text/csv" => {
            let end = bytes.len().min(MAX_TEXT_BYTES);
            String::from_utf8_lossy(bytes.get(..end).unwrap_or_default())
                .split_whitespace()
                .collect::<Vec<_>>()
                .join(" ")
        }
        _ => String::new(),
    };
    (!text.is_empty()).then_some(text)
}
