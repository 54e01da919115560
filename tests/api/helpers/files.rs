//! Files: small real ones made here (a PDF, a PNG, zips, PDFs with text, images of a size), uploads to a council's
//! media library, what the server keeps on disk, and the files kept in the repository (`tests/fixtures/`).
use std::io::Write;

use reqwest::{
    Response, StatusCode,
    multipart::{Form, Part},
};
use serde_json::Value;

use super::TestApp;

/// A minimal PDF without text.
pub const PDF: &[u8] =
    b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n";

/// A one-pixel PNG.
pub const PNG: &[u8] = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\0\x01\0\0\0\x01\x08\x06\0\0\0\x1f\x15\xc4\x89\0\0\0\rIDATx\x9cc\xf8\xff\xff?\0\x05\xfe\x02\xfe\xa7\x35\x81\x84\0\0\0\0IEND\xaeB`\x82";

/// A zip file with the given entries, stored uncompressed.
pub fn zip_of(entries: &[(&str, &str)]) -> Vec<u8> {
    let mut out = std::io::Cursor::new(Vec::new());
    {
        let mut zip = zip::ZipWriter::new(&mut out);
        let options = zip::write::SimpleFileOptions::default()
            .compression_method(zip::CompressionMethod::Stored);
        for (name, body) in entries {
            zip.start_file(*name, options).expect("entry");
            zip.write_all(body.as_bytes()).expect("write");
        }
        zip.finish().expect("finish");
    }
    out.into_inner()
}

/// A one-page PDF showing `text` in Helvetica, with a document title when given.
pub fn pdf_with_text(text: &str, title: Option<&str>) -> Vec<u8> {
    let content = format!("BT /F1 12 Tf 72 720 Td ({text}) Tj ET");
    let mut objects = vec![
        "<< /Type /Catalog /Pages 2 0 R >>".to_owned(),
        "<< /Type /Pages /Kids [3 0 R] /Count 1 >>".to_owned(),
        "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>".to_owned(),
        format!("<< /Length {} >>\nstream\n{content}\nendstream", content.len()),
        "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>".to_owned(),
    ];
    if let Some(title) = title {
        objects.push(format!("<< /Title ({title}) >>"));
    }
    let mut out = b"%PDF-1.4\n".to_vec();
    let mut offsets = Vec::new();
    for (i, object) in objects.iter().enumerate() {
        offsets.push(out.len());
        out.extend(format!("{} 0 obj\n{object}\nendobj\n", i + 1).as_bytes());
    }
    let xref = out.len();
    out.extend(format!("xref\n0 {}\n0000000000 65535 f \n", objects.len() + 1).as_bytes());
    for offset in offsets {
        out.extend(format!("{offset:010} 00000 n \n").as_bytes());
    }
    let info = title
        .map(|_| format!(" /Info {} 0 R", objects.len()))
        .unwrap_or_default();
    out.extend(
        format!(
            "trailer\n<< /Size {} /Root 1 0 R{info} >>\nstartxref\n{xref}\n%%EOF\n",
            objects.len() + 1
        )
        .as_bytes(),
    );
    out
}

/// An image of `width` by `height` pixels in `format`, a gradient so that it is not all one colour.
pub fn encoded_image(width: u32, height: u32, format: image::ImageFormat) -> Vec<u8> {
    let img = image::RgbImage::from_fn(width, height, |x, y| {
        image::Rgb([(x % 256) as u8, (y % 256) as u8, 128])
    });
    let mut out = std::io::Cursor::new(Vec::new());
    image::DynamicImage::ImageRgb8(img)
        .write_to(&mut out, format)
        .expect("encode");
    out.into_inner()
}

/// How many files the server keeps in its upload directory, its temporary files aside (originals and renditions).
pub fn stored_files(app: &TestApp) -> usize {
    let uploads = app.settings.upload_dir.display().to_string();
    walk(&app.settings.upload_dir)
        .into_iter()
        .filter(|p| !p.starts_with(&format!("{uploads}/tmp/")))
        .count()
}

/// Every file under `dir`, as paths.
fn walk(dir: &std::path::Path) -> Vec<String> {
    let mut found = Vec::new();
    if let Ok(entries) = std::fs::read_dir(dir) {
        for entry in entries.flatten() {
            let path = entry.path();
            if path.is_dir() {
                found.extend(walk(&path));
            } else {
                found.push(path.display().to_string());
            }
        }
    }
    found
}

impl TestApp {
    /// Uploads a file to a council's media library as `token`, with form fields (`alt`, `title`, `restricted`, ...).
    pub async fn upload(
        &self,
        token: &str,
        council: &str,
        name: &str,
        bytes: Vec<u8>,
        fields: &[(&str, &str)],
    ) -> Response {
        let mut form = Form::new().part("file", Part::bytes(bytes).file_name(name.to_owned()));
        for (k, v) in fields {
            form = form.text(k.to_string(), v.to_string());
        }
        self.client
            .post(self.url(&format!("/api/v1/councils/{council}/media")))
            .bearer_auth(token)
            .multipart(form)
            .send()
            .await
            .expect("request")
    }

    /// Uploads a file that must be accepted (201); returns the library's record of it.
    pub async fn uploaded(
        &self,
        token: &str,
        council: &str,
        name: &str,
        bytes: Vec<u8>,
        fields: &[(&str, &str)],
    ) -> Value {
        let response = self.upload(token, council, name, bytes, fields).await;
        let status = response.status();
        let body: Value = response.json().await.expect("json");
        assert_eq!(status, StatusCode::CREATED, "upload {name}: {body}");
        body
    }
}

/// A file or folder under `tests/fixtures/`: real data kept in the repository (origins in its README), so the
/// suite never reads outside it.
pub fn fixture(path: &str) -> std::path::PathBuf {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(path);
    assert!(
        path.exists(),
        "the test fixture {} is missing",
        path.display()
    );
    path
}

/// One real ModernGov `GetCouncillorsByWard` response from `tests/fixtures/moderngov/councillors-by-ward/`.
pub fn councillors_by_ward(file: &str) -> String {
    std::fs::read_to_string(fixture(&format!("moderngov/councillors-by-ward/{file}")))
        .expect("a readable ModernGov fixture")
}
