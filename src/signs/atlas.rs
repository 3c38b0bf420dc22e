//! Packing sign textures into atlas pages: shelf packing, pixel copies and texture coordinates.
//! Pure functions; `signs` turns their output into textures and meshes.

use bevy::math::{UVec2, Vec2};

/// The place of a sign's texture in the atlas.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Slot {
    pub page: usize,
    /// Top-left corner on the page, in pixels.
    pub origin: UVec2,
}

/// Packs rectangles of `sizes` onto pages `page_width` pixels wide and at most `page_height`
/// tall, with `padding` pixels between neighbours so linear filtering does not mix them.
/// Rectangles are placed tallest first, left to right in rows ("shelves"). Returns the slot of
/// each input rectangle in input order and the height each page uses. Returns `None` when a
/// rectangle does not fit on an empty page.
pub fn pack(sizes: &[UVec2], page_width: u32, page_height: u32, padding: u32) -> Option<(Vec<Slot>, Vec<u32>)> {
    let mut order: Vec<usize> = (0..sizes.len()).collect();
    // Stable sort keeps equal heights in input order, so packing is deterministic.
    order.sort_by_key(|&index| std::cmp::Reverse(sizes[index].y));

    let mut slots = vec![Slot { page: 0, origin: UVec2::ZERO }; sizes.len()];
    let mut heights: Vec<u32> = Vec::new();
    // The current shelf: its top, its height and the next free x.
    let (mut shelf_top, mut shelf_height, mut cursor) = (0u32, 0u32, 0u32);
    for index in order {
        let size = sizes[index];
        if size.x > page_width || size.y > page_height {
            return None;
        }
        if heights.is_empty() {
            heights.push(0);
        }
        if cursor + size.x > page_width {
            shelf_top += shelf_height + padding;
            shelf_height = 0;
            cursor = 0;
        }
        if shelf_top + size.y > page_height {
            heights.push(0);
            shelf_top = 0;
            shelf_height = 0;
            cursor = 0;
        }
        let page = heights.len() - 1;
        slots[index] = Slot { page, origin: UVec2::new(cursor, shelf_top) };
        cursor += size.x + padding;
        shelf_height = shelf_height.max(size.y);
        heights[page] = heights[page].max(shelf_top + size.y);
    }
    Some((slots, heights))
}

/// Copies RGBA `pixels` of a `size` rectangle into an RGBA page `page_width` pixels wide at `origin`.
pub fn blit(page: &mut [u8], page_width: u32, origin: UVec2, size: UVec2, pixels: &[u8]) {
    let row_bytes = size.x as usize * 4;
    for row in 0..size.y as usize {
        let source = &pixels[row * row_bytes..][..row_bytes];
        let start = ((origin.y as usize + row) * page_width as usize + origin.x as usize) * 4;
        page[start..start + row_bytes].copy_from_slice(source);
    }
}

/// Returns the texture coordinates of a slot's top-left and bottom-right corners, inset by half
/// a texel so that filtering stays inside the slot.
pub fn uv_rect(origin: UVec2, size: UVec2, page_size: UVec2) -> (Vec2, Vec2) {
    let page = page_size.as_vec2();
    let top_left = (origin.as_vec2() + Vec2::splat(0.5)) / page;
    let bottom_right = ((origin + size).as_vec2() - Vec2::splat(0.5)) / page;
    (top_left, bottom_right)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn overlaps(a: (Slot, UVec2), b: (Slot, UVec2)) -> bool {
        a.0.page == b.0.page
            && a.0.origin.x < b.0.origin.x + b.1.x
            && b.0.origin.x < a.0.origin.x + a.1.x
            && a.0.origin.y < b.0.origin.y + b.1.y
            && b.0.origin.y < a.0.origin.y + a.1.y
    }

    #[test]
    fn packed_rectangles_never_overlap() {
        let sizes: Vec<UVec2> = (0..60).map(|i| UVec2::new(300 + (i % 4) * 100, 100 + (i % 5) * 40)).collect();
        let (slots, heights) = pack(&sizes, 1024, 1024, 2).expect("every rectangle fits a page");
        for i in 0..sizes.len() {
            let slot = slots[i];
            assert!(slot.origin.x + sizes[i].x <= 1024, "rectangle {i} sticks out on the right");
            assert!(slot.origin.y + sizes[i].y <= heights[slot.page], "rectangle {i} is below its page's height");
            for j in i + 1..sizes.len() {
                assert!(!overlaps((slots[i], sizes[i]), (slots[j], sizes[j])), "rectangles {i} and {j} overlap");
            }
        }
        assert!(heights.iter().all(|&height| height <= 1024));
    }

    #[test]
    fn full_page_opens_another() {
        let sizes = vec![UVec2::new(1024, 600); 3];
        let (slots, heights) = pack(&sizes, 1024, 1024, 2).expect("fits");
        assert_eq!(slots.iter().map(|slot| slot.page).collect::<Vec<_>>(), vec![0, 1, 2]);
        assert_eq!(heights, vec![600, 600, 600]);
    }

    #[test]
    fn shelves_leave_padding() {
        let sizes = vec![UVec2::new(600, 100), UVec2::new(600, 100)];
        let (slots, heights) = pack(&sizes, 1024, 1024, 2).expect("fits");
        assert_eq!(slots[0].origin, UVec2::new(0, 0));
        assert_eq!(slots[1].origin, UVec2::new(0, 102));
        assert_eq!(heights, vec![202]);
    }

    #[test]
    fn oversized_rectangle_is_rejected() {
        assert_eq!(pack(&[UVec2::new(2048, 10)], 1024, 1024, 2), None);
        assert_eq!(pack(&[], 1024, 1024, 2), Some((Vec::new(), Vec::new())));
    }

    #[test]
    fn blit_copies_rows_into_place() {
        let mut page = vec![0u8; 4 * 4 * 4];
        let pixels: Vec<u8> = (1..=16).collect();
        blit(&mut page, 4, UVec2::new(1, 2), UVec2::new(2, 2), &pixels);
        assert_eq!(&page[(2 * 4 + 1) * 4..][..8], &pixels[..8]);
        assert_eq!(&page[(3 * 4 + 1) * 4..][..8], &pixels[8..]);
        assert!(page[..(2 * 4 + 1) * 4].iter().all(|&byte| byte == 0));
    }

    #[test]
    fn uv_rect_is_inset_by_half_a_texel() {
        let (top_left, bottom_right) = uv_rect(UVec2::new(0, 10), UVec2::new(100, 20), UVec2::new(200, 100));
        assert_eq!(top_left, Vec2::new(0.5 / 200.0, 10.5 / 100.0));
        assert_eq!(bottom_right, Vec2::new(99.5 / 200.0, 29.5 / 100.0));
    }
}
