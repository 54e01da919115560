//! Width-limited renditions of images (`?w=640`), from a fixed set of widths so that nobody can make the server
//! render thousands of sizes. Each is made once, on the blocking pool with decoding limits, and kept in the
//! store beside the original: JPEG for photographs, WebP (lossless) for the rest, which keeps transparency.
use std::io::Cursor;

use image::{ImageFormat, ImageReader, Limits, imageops::FilterType};

/// The widths a rendition can have.
pub const WIDTHS: [u32; 5] = [160, 320, 640, 960, 1280];

/// A rendition's bytes and type.
pub struct Rendition {
    pub bytes: Vec<u8>,
    pub mime: &'static str,
}

/// The storage key of a rendition.
pub fn key(original: &str, width: u32) -> String {
    format!("{original}-w{width}")
}

/// The type a rendition of an image of `mime` is served as.
pub fn mime_for(mime: &str) -> &'static str {
    if mime == "image/jpeg" {
        "image/jpeg"
    } else {
        "image/webp"
    }
}

fn render(bytes: &[u8], mime: &str, width: u32) -> Option<Rendition> {
    let mut reader = ImageReader::new(Cursor::new(bytes))
        .with_guessed_format()
        .ok()?;
    let mut limits = Limits::default();
    limits.max_image_width = Some(10_000);
    limits.max_image_height = Some(10_000);
    limits.max_alloc = Some(256 * 1024 * 1024);
    reader.limits(limits);
    let image = reader.decode().ok()?;
    let image = if image.width() > width {
        let height =
            (u64::from(image.height()) * u64::from(width) / u64::from(image.width())).max(1);
        image.resize(width, height as u32, FilterType::Lanczos3)
    } else {
        image
    };
    let mut out = Cursor::new(Vec::new());
    let target = mime_for(mime);
    if target == "image/jpeg" {
        image.to_rgb8().write_to(&mut out, ImageFormat::Jpeg).ok()?;
    } else {
        image
            .to_rgba8()
            .write_to(&mut out, ImageFormat::WebP)
            .ok()?;
    }
    Some(Rendition {
        bytes: out.into_inner(),
        mime: target,
    })
}

/// An image file's width and height in pixels, read from its header (nothing is decoded); `None` when the file
/// is not an image the library reads.
pub async fn dimensions(path: std::path::PathBuf) -> Option<(u32, u32)> {
    tokio::task::spawn_blocking(move || {
        ImageReader::open(path)
            .ok()?
            .with_guessed_format()
            .ok()?
            .into_dimensions()
            .ok()
    })
    .await
    .ok()
    .flatten()
}

/// The widths of the renditions an image of `width` pixels has (those narrower than the original).
pub fn widths_below(width: u32) -> impl Iterator<Item = u32> {
    WIDTHS.into_iter().filter(move |w| *w < width)
}

/// An `<img srcset>` for the image at `url`, `width` pixels wide: each rendition narrower than it, then the
/// original; `None` when it has no renditions (it is narrower than the smallest).
pub fn srcset(url: &str, width: u32) -> Option<String> {
    let mut parts: Vec<String> = widths_below(width)
        .map(|w| format!("{url}?w={w} {w}w"))
        .collect();
    if parts.is_empty() {
        return None;
    }
    parts.push(format!("{url} {width}w"));
    Some(parts.join(", "))
}

/// Makes a rendition on the blocking pool; `None` when the image cannot be decoded within the limits.
pub async fn make(bytes: Vec<u8>, mime: String, width: u32) -> Option<Rendition> {
    tokio::task::spawn_blocking(move || render(&bytes, &mime, width))
        .await
        .ok()
        .flatten()
}
