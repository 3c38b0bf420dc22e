//! Deep-link targets (the booth or zone shown) and QR codes of links.

use bevy::math::Vec2;
use qrcode::{Color, EcLevel, QrCode};

use crate::layout::HallLayout;

/// Distance from a booth's viewpoint within which that booth counts as shown, in metres.
const BOOTH_SHOWN_DISTANCE: f32 = 3.0;

/// The booth or zone a deep link opens.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ShareTarget {
    /// Index into `manifest.booths`.
    Booth(usize),
    /// Index into `manifest.zones`.
    Zone(usize),
}

/// Returns what a visitor standing at `position` is shown: the booth whose viewpoint is
/// nearest within a few metres, else the zone around them.
pub fn shown_at(layout: &HallLayout, position: Vec2) -> Option<ShareTarget> {
    let booth = layout
        .booths
        .iter()
        .map(|slot| (slot.booth_index, slot.viewpoint.distance(position)))
        .filter(|&(_, distance)| distance <= BOOTH_SHOWN_DISTANCE)
        .min_by(|a, b| a.1.total_cmp(&b.1));
    match booth {
        Some((index, _)) => Some(ShareTarget::Booth(index)),
        None => layout.zone_at(position).map(ShareTarget::Zone),
    }
}

/// A QR code as rows of dark (true) and light modules, without the quiet zone.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct QrModules {
    /// Modules per side.
    pub width: usize,
    /// `width * width` modules, row by row.
    pub dark: Vec<bool>,
}

/// Encodes `text` as a QR code with medium error correction (15 % of the code may be
/// unreadable, enough for a screen seen at an angle). Returns `None` for text longer than a
/// QR code fits (2,331 bytes at this level, version 40).
pub fn qr_modules(text: &str) -> Option<QrModules> {
    let code = QrCode::with_error_correction_level(text.as_bytes(), EcLevel::M).ok()?;
    let width = code.width();
    let dark = code.to_colors().into_iter().map(|color| color == Color::Dark).collect();
    Some(QrModules { width, dark })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::layout::tests::bundled;

    #[test]
    fn qr_code_of_deep_link() {
        let link = "https://expo.example.cn/?booth=hezhou-overview";
        let code = qr_modules(link).expect("a short link fits");
        assert_eq!(code.dark.len(), code.width * code.width);
        // Version 3 (29 modules) fits 42 bytes at level M, and this link is 47 bytes: version 4.
        assert_eq!(code.width, 33);
        // The three finder patterns: a dark 7x7 ring in the top-left corner.
        assert!(code.dark[0]);
        assert!(code.dark[6]);
        assert!(code.dark[6 * code.width]);
        assert!(!code.dark[code.width + 1], "the finder pattern's inner ring is light");
        assert!(qr_modules(&"x".repeat(5000)).is_none());
    }

    #[test]
    fn shown_booth_or_zone() {
        let manifest = bundled();
        let layout = HallLayout::build(&manifest);
        let slot = &layout.booths[3];
        assert_eq!(shown_at(&layout, slot.viewpoint), Some(ShareTarget::Booth(slot.booth_index)));
        let plaza = layout.plaza.as_ref().unwrap().zone_index;
        assert_eq!(shown_at(&layout, layout.start), Some(ShareTarget::Zone(plaza)));
        assert_eq!(shown_at(&layout, Vec2::splat(10_000.0)), None);
    }
}
