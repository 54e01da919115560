//! What a file is, decided from its bytes (never from its name or the client's header), and which kinds are
//! accepted: documents (PDF, DOCX, XLSX, ODT, ODS, CSV, plain text) and images (PNG, JPEG, WebP, GIF).
//! HTML, SVG, executables and archives (including ones named like documents) are refused.

/// The MIME types accepted.
pub const ACCEPTED: [&str; 11] = [
    "application/pdf",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "application/vnd.oasis.opendocument.text",
    "application/vnd.oasis.opendocument.spreadsheet",
    "text/csv",
    "text/plain",
    "image/png",
    "image/jpeg",
    "image/webp",
    "image/gif",
];

/// Whether a MIME type is an image.
pub fn is_image(mime: &str) -> bool {
    mime.starts_with("image/")
}

/// The type of a file from its first bytes (`head`, up to 64 KiB) and, for text only, its name's extension
/// (which decides between CSV and plain text, both harmless). `None`: refused.
pub fn detect(head: &[u8], file_name: &str) -> Option<&'static str> {
    if head.is_empty() {
        return None;
    }
    if let Some(kind) = infer::get(head) {
        let mime = kind.mime_type();
        return ACCEPTED.iter().copied().find(|accepted| *accepted == mime);
    }
    // No magic number: acceptable only as text that is not markup.
    let text = match std::str::from_utf8(head) {
        Ok(text) => text,
        // The head may end inside a multi-byte character.
        Err(e) if e.error_len().is_none() => std::str::from_utf8(&head[..e.valid_up_to()]).ok()?,
        Err(_) => return None,
    };
    if text.contains('\0') {
        return None;
    }
    let start = text
        .trim_start_matches('\u{feff}')
        .trim_start()
        .to_ascii_lowercase();
    let markup = [
        "<!doctype",
        "<html",
        "<svg",
        "<?xml",
        "<script",
        "<head",
        "<body",
        "<iframe",
    ];
    if markup.iter().any(|m| start.starts_with(m)) || start.contains("<script") {
        return None;
    }
    if file_name.to_ascii_lowercase().ends_with(".csv") {
        Some("text/csv")
    } else {
        Some("text/plain")
    }
}

/// The extension a stored file is served with.
pub fn extension(mime: &str) -> &'static str {
    match mime {
        "application/pdf" => "pdf",
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document" => "docx",
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet" => "xlsx",
        "application/vnd.oasis.opendocument.text" => "odt",
        "application/vnd.oasis.opendocument.spreadsheet" => "ods",
        "text/csv" => "csv",
        "image/png" => "png",
        "image/jpeg" => "jpg",
        "image/webp" => "webp",
        "image/gif" => "gif",
        _ => "txt",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn types_come_from_bytes_not_names() {
        assert_eq!(detect(b"%PDF-1.7\n...", "x.txt"), Some("application/pdf"));
        assert_eq!(
            detect(b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR", "x.pdf"),
            Some("image/png")
        );
        assert_eq!(detect(b"GIF89a....", "a.gif"), Some("image/gif"));
        assert_eq!(detect(b"name,ward\nA,B\n", "list.csv"), Some("text/csv"));
        assert_eq!(detect(b"Hello", "notes.pdf"), Some("text/plain"));
        for refused in [
            &b"<!DOCTYPE html><html></html>"[..],
            b"<svg xmlns=\"http://www.w3.org/2000/svg\"></svg>",
            b"<?xml version=\"1.0\"?><svg/>",
            b"MZ\x90\0\x03\0\0\0\x04\0\0\0\xff\xff",
            b"\x7fELF\x02\x01\x01\0\0\0\0\0\0\0\0\0",
            b"PK\x03\x04\x14\0\0\0\x08\0payload.exe",
            b"\x1f\x8b\x08\0\0\0\0\0",
            b"",
        ] {
            assert_eq!(detect(refused, "report.pdf"), None, "{refused:?}");
        }
    }
}
