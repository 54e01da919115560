//! Width-limited renditions of images (`?w=640`), from a fixed set of widths so that nobody can make the server
//! render thousands of sizes. Each is made once, on the blocking pool with decoding limits, and kept in the
//! store beside the original: by default JPEG for photographs and WebP (lossless) for the rest, which keeps
//! transparency; a front-end may ask for another format (`?w=640&format=jpeg`).
use std::io::Cursor;

use image::{ImageFormat, ImageReader, Limits, imageops::FilterType};

/// The widths a rendition can have.
pub const WIDTHS: [u32; 5] = [160, 320, 640, 960, 1280];

/// A rendition's bytes and type.
pub struct Rendition {
    pub bytes: Vec<u8>,
    pub mime: &'static str,
}

/// A format a rendition can be written in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, async_graphql::Enum)]
#[graphql(name = "ImageFormat")]
pub enum Format {
    /// JPEG: small for photographs; transparency is flattened onto white.
    Jpeg,
    /// Lossless WebP: keeps transparency.
    Webp,
    /// PNG: keeps transparency; for readers without WebP.
    Png,
}

impl Format {
    /// The format a rendition of an image of `mime` has unless another is asked for.
    pub fn default_for(mime: &str) -> Self {
        if mime == "image/jpeg" {
            Self::Jpeg
        } else {
            Self::Webp
        }
    }

    /// `jpeg` (or `jpg`), `webp` or `png`.
    pub fn parse(name: &str) -> Option<Self> {
        match name {
            "jpeg" | "jpg" => Some(Self::Jpeg),
            "webp" => Some(Self::Webp),
            "png" => Some(Self::Png),
            _ => None,
        }
    }

    /// Its name in URLs.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Jpeg => "jpeg",
            Self::Webp => "webp",
            Self::Png => "png",
        }
    }

    pub fn mime(self) -> &'static str {
        match self {
            Self::Jpeg => "image/jpeg",
            Self::Webp => "image/webp",
            Self::Png => "image/png",
        }
    }
}

/// The storage key of a rendition (a default-format rendition keeps the key it has always had).
pub fn key(original: &str, mime: &str, width: u32, format: Format) -> String {
    if format == Format::default_for(mime) {
        format!("{original}-w{width}")
    } else {
        format!("{original}-w{width}-{}", format.as_str())
    }
}

/// The query that asks for a rendition: `w=640`, with `&format=` when it is not the default for `mime`.
pub fn query(mime: &str, width: u32, format: Option<Format>) -> String {
    match format {
        Some(format) if format != Format::default_for(mime) => {
            format!("w={width}&format={}", format.as_str())
        }
        _ => format!("w={width}"),
    }
}

fn render(bytes: &[u8], width: u32, format: Format) -> Option<Rendition> {
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
    match format {
        Format::Jpeg => on_white(&image)
            .write_to(&mut out, ImageFormat::Jpeg)
            .ok()?,
        Format::Webp => image
            .to_rgba8()
            .write_to(&mut out, ImageFormat::WebP)
            .ok()?,
        Format::Png => image.to_rgba8().write_to(&mut out, ImageFormat::Png).ok()?,
    }
    Some(Rendition {
        bytes: out.into_inner(),
        mime: format.mime(),
    })
}

/// The image without transparency, as it looks on a white page (JPEG has no alpha channel).
fn on_white(image: &image::DynamicImage) -> image::RgbImage {
    let rgba = image.to_rgba8();
    image::RgbImage::from_fn(rgba.width(), rgba.height(), |x, y| {
        let [r, g, b, a] = rgba.get_pixel(x, y).0;
        let over = |c: u8| ((u16::from(c) * u16::from(a) + 255 * (255 - u16::from(a))) / 255) as u8;
        image::Rgb([over(r), over(g), over(b)])
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
pub async fn make(bytes: Vec<u8>, width: u32, format: Format) -> Option<Rendition> {
    tokio::task::spawn_blocking(move || render(&bytes, width, format))
        .await
        .ok()
        .flatten()
}
