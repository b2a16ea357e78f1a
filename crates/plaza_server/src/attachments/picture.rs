//! Reading an uploaded image: its dimensions, within a pixel budget checked before decoding,
//! and a JPEG thumbnail. Runs on the blocking pool, two at a time.

use std::io::Cursor;

use image::{ImageReader, Limits};
use plaza_domain::attachment::{MAX_PIXELS, THUMBNAIL_SIDE};

/// Why an image was refused.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PictureError {
    /// More pixels than [`MAX_PIXELS`].
    TooLarge { width: u32, height: u32 },
    /// Not a readable image of its type.
    Unreadable(String),
}

/// An image's size and its thumbnail.
#[derive(Debug)]
pub struct Picture {
    /// Width and height in pixels.
    pub dimensions: (u32, u32),
    /// A JPEG no larger than [`THUMBNAIL_SIDE`] on its longer side.
    pub thumbnail: Vec<u8>,
}

/// Reads an image: the header first (the pixel budget is checked before any pixel is decoded),
/// then the pixels, with the decoder's own memory limit as a second bound.
pub fn read(bytes: &[u8]) -> Result<Picture, PictureError> {
    let unreadable = |error: image::ImageError| PictureError::Unreadable(error.to_string());
    let reader = ImageReader::new(Cursor::new(bytes))
        .with_guessed_format()
        .map_err(|e| PictureError::Unreadable(e.to_string()))?;
    let (width, height) = reader.into_dimensions().map_err(unreadable)?;
    if u64::from(width) * u64::from(height) > MAX_PIXELS || width == 0 || height == 0 {
        return Err(PictureError::TooLarge { width, height });
    }
    let mut reader = ImageReader::new(Cursor::new(bytes))
        .with_guessed_format()
        .map_err(|e| PictureError::Unreadable(e.to_string()))?;
    let mut limits = Limits::default();
    limits.max_image_width = Some(width);
    limits.max_image_height = Some(height);
    // Four bytes a pixel and room for one conversion.
    limits.max_alloc = Some(MAX_PIXELS * 8);
    reader.limits(limits);
    let image = reader.decode().map_err(unreadable)?;
    let small = image.thumbnail(THUMBNAIL_SIDE, THUMBNAIL_SIDE).to_rgb8();
    let mut thumbnail = Vec::new();
    image::codecs::jpeg::JpegEncoder::new_with_quality(&mut thumbnail, 82)
        .encode_image(&small)
        .map_err(unreadable)?;
    Ok(Picture {
        dimensions: (width, height),
        thumbnail,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn png(width: u32, height: u32) -> Vec<u8> {
        let image = image::RgbImage::from_fn(width, height, |x, y| image::Rgb([(x % 256) as u8, (y % 256) as u8, 90]));
        let mut out = Cursor::new(Vec::new());
        image.write_to(&mut out, image::ImageFormat::Png).unwrap();
        out.into_inner()
    }

    #[test]
    fn an_image_gets_its_dimensions_and_a_small_jpeg_thumbnail() {
        let picture = read(&png(1200, 600)).unwrap();
        assert_eq!(picture.dimensions, (1200, 600));
        assert!(picture.thumbnail.starts_with(&[0xff, 0xd8, 0xff]));
        let thumbnail = image::load_from_memory(&picture.thumbnail).unwrap();
        assert_eq!(
            (thumbnail.width(), thumbnail.height()),
            (THUMBNAIL_SIDE, THUMBNAIL_SIDE / 2)
        );
    }

    /// The PNG chunk checksum (CRC-32, ISO 3309), bit by bit.
    fn crc32(bytes: &[u8]) -> u32 {
        let mut crc = 0xffff_ffffu32;
        for byte in bytes {
            crc ^= u32::from(*byte);
            for _ in 0..8 {
                crc = if crc & 1 == 1 {
                    (crc >> 1) ^ 0xedb8_8320
                } else {
                    crc >> 1
                };
            }
        }
        !crc
    }

    #[test]
    fn a_header_claiming_too_many_pixels_is_refused_before_decoding() {
        // A valid PNG header claiming 50,000 × 50,000 pixels, with no pixel data at all.
        let mut bomb = png(1, 1);
        bomb[16..20].copy_from_slice(&50_000u32.to_be_bytes());
        bomb[20..24].copy_from_slice(&50_000u32.to_be_bytes());
        let crc = crc32(&bomb[12..29]);
        bomb[29..33].copy_from_slice(&crc.to_be_bytes());
        assert_eq!(
            read(&bomb).unwrap_err(),
            PictureError::TooLarge {
                width: 50_000,
                height: 50_000
            }
        );
    }

    #[test]
    fn broken_images_are_unreadable_not_a_crash() {
        let mut broken = png(64, 64);
        broken.truncate(broken.len() / 2);
        assert!(matches!(read(&broken), Err(PictureError::Unreadable(_))));
        assert!(matches!(read(b"\x89PNG\r\n\x1a\n"), Err(PictureError::Unreadable(_))));
    }
}
