//! The booth directory: booths grouped by zone and sub-area (the regional zone's cities) in
//! display order, and search by exhibitor, title, tag, city or area in Chinese and English.

use expo_manifest::{Lang, Manifest, ZoneKind};

use crate::layout::booth_order;

/// The booths of one zone's sub-area (or of the zone, when it has no sub-areas) in display order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DirectoryGroup {
    /// Index into `manifest.zones`.
    pub zone_index: usize,
    /// Index into the zone's `sub_areas`; `None` for booths without a sub-area.
    pub sub_area: Option<usize>,
    /// Indices into `manifest.booths`.
    pub booths: Vec<usize>,
}

/// Returns every pavilion's booths, zones in their `order`, split into sub-areas as the hall
/// places them.
pub fn groups(manifest: &Manifest) -> Vec<DirectoryGroup> {
    let mut zones: Vec<usize> = (0..manifest.zones.len()).collect();
    zones.sort_by_key(|&index| manifest.zones[index].order);
    let mut groups: Vec<DirectoryGroup> = Vec::new();
    for zone_index in zones {
        let zone = &manifest.zones[zone_index];
        if zone.kind != ZoneKind::Pavilion {
            continue;
        }
        for booth_index in booth_order(manifest, zone_index) {
            let sub_area = manifest.booths[booth_index]
                .sub_area
                .as_ref()
                .and_then(|id| zone.sub_areas.iter().position(|area| &area.id == id));
            match groups.last_mut() {
                Some(group) if group.zone_index == zone_index && group.sub_area == sub_area => group.booths.push(booth_index),
                _ => groups.push(DirectoryGroup { zone_index, sub_area, booths: vec![booth_index] }),
            }
        }
    }
    groups
}

/// Returns the lowercase text a booth is found by: id, exhibitor, title, tags, city, sub-area
/// and zone names in both languages.
pub fn search_text(manifest: &Manifest, booth_index: usize) -> String {
    let booth = &manifest.booths[booth_index];
    let zone = manifest.zones.iter().find(|zone| zone.id == booth.zone);
    let sub_area = zone.and_then(|zone| {
        let id = booth.sub_area.as_ref()?;
        zone.sub_areas.iter().find(|area| &area.id == id)
    });
    let mut parts: Vec<&str> = vec![&booth.id];
    let texts = [Some(&booth.exhibitor), Some(&booth.title), booth.city.as_ref(), sub_area.map(|a| &a.name), zone.map(|z| &z.name)];
    for text in texts.into_iter().flatten() {
        parts.push(&text.zh);
        parts.push(text.get(Lang::En));
    }
    parts.extend(booth.tags.iter().map(String::as_str));
    fold(&parts.join("\n"))
}

/// Lowercases `text` and turns full-width ASCII forms (U+FF01 to U+FF5E), which Chinese input
/// methods often type, and the ideographic space into their ASCII counterparts.
fn fold(text: &str) -> String {
    text.chars()
        .map(|c| match c {
            '\u{FF01}'..='\u{FF5E}' => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
            '\u{3000}' => ' ',
            _ => c,
        })
        .collect::<String>()
        .to_lowercase()
}

/// Splits a search query into folded terms at spaces (including the ideographic space).
pub fn query_terms(query: &str) -> Vec<String> {
    fold(query).split_whitespace().map(str::to_owned).collect()
}

/// Returns whether a booth's search text contains every term; no terms match every booth.
pub fn matches(search_text: &str, terms: &[String]) -> bool {
    terms.iter().all(|term| search_text.contains(term.as_str()))
}

/// Returns the booths matching `query`, in directory order.
pub fn search(manifest: &Manifest, query: &str) -> Vec<usize> {
    let terms = query_terms(query);
    groups(manifest)
        .into_iter()
        .flat_map(|group| group.booths)
        .filter(|&booth| matches(&search_text(manifest, booth), &terms))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::layout::tests::bundled;

    fn ids(manifest: &Manifest, booths: &[usize]) -> Vec<String> {
        booths.iter().map(|&index| manifest.booths[index].id.clone()).collect()
    }

    #[test]
    fn groups_list_every_booth_once() {
        let manifest = bundled();
        let groups = groups(&manifest);
        let mut listed: Vec<usize> = groups.iter().flat_map(|group| group.booths.iter().copied()).collect();
        assert_eq!(listed.len(), manifest.booths.len());
        listed.sort();
        listed.dedup();
        assert_eq!(listed.len(), manifest.booths.len(), "a booth is listed twice");
    }

    #[test]
    fn groups_follow_zone_and_sub_area_order() {
        let manifest = bundled();
        let groups = groups(&manifest);
        let zones: Vec<&str> = groups.iter().map(|group| manifest.zones[group.zone_index].id.as_str()).collect();
        assert_eq!(zones.first(), Some(&"industry"));
        assert_eq!(zones.last(), Some(&"science-popularization"));
        let regional = groups.iter().find(|group| manifest.zones[group.zone_index].id == "regional").unwrap();
        let zone = &manifest.zones[regional.zone_index];
        assert_eq!(zone.sub_areas[regional.sub_area.unwrap()].id, "theme-city-hezhou", "the theme city comes first");
    }

    #[test]
    fn search_by_city_in_chinese() {
        let manifest = bundled();
        let found = ids(&manifest, &search(&manifest, "贺州"));
        assert!(found.contains(&"hezhou-overview".to_owned()), "{found:?}");
        assert!(found.contains(&"hezhou-university".to_owned()), "{found:?}");
        assert!(!found.contains(&"nanning-hi-tech-zone".to_owned()), "{found:?}");
    }

    #[test]
    fn search_by_english_exhibitor_ignores_case() {
        let manifest = bundled();
        let found = ids(&manifest, &search(&manifest, "guangxi UNIVERSITY"));
        assert!(found.contains(&"guangxi-university".to_owned()), "{found:?}");
        let found = ids(&manifest, &search(&manifest, "liuzhou"));
        assert!(found.contains(&"liuzhou-hi-tech-zone".to_owned()), "{found:?}");
    }

    #[test]
    fn search_by_tag_and_two_terms() {
        let manifest = bundled();
        let found = ids(&manifest, &search(&manifest, "国家高新区　柳州"));
        assert_eq!(found, ["liuzhou-hi-tech-zone"]);
    }

    #[test]
    fn paths_to_every_booth_avoid_obstacles() {
        use crate::layout::{HallLayout, WalkGrid, VISITOR_RADIUS};

        let manifest = bundled();
        let layout = HallLayout::build(&manifest);
        let grid = WalkGrid::build(&layout, VISITOR_RADIUS);
        for slot in &layout.booths {
            let id = &manifest.booths[slot.booth_index].id;
            let path = grid.find_path(layout.start, slot.viewpoint);
            let Some(path) = path else { panic!("no path from the start to booth {id}") };
            let mut from = layout.start;
            for &to in &path {
                let steps = (from.distance(to) / 0.05).ceil().max(1.0) as usize;
                for step in 0..=steps {
                    let point = from.lerp(to, step as f32 / steps as f32);
                    for obstacle in &layout.obstacles {
                        assert!(obstacle.push_out(point, 0.1).is_none(), "path to booth {id} touches {obstacle:?} at {point}");
                    }
                }
                from = to;
            }
            assert_eq!(path.last(), Some(&slot.viewpoint), "the path to booth {id} ends at its viewpoint");
        }
    }

    #[test]
    fn full_width_letters_match() {
        let manifest = bundled();
        assert_eq!(search(&manifest, "ｌｉｕｚｈｏｕ"), search(&manifest, "liuzhou"));
        assert!(!search(&manifest, "ＬＩＵＺＨＯＵ　ｈｉ－ｔｅｃｈ").is_empty());
    }

    #[test]
    fn empty_query_lists_everything() {
        let manifest = bundled();
        assert_eq!(search(&manifest, "  ").len(), manifest.booths.len());
        assert!(search(&manifest, "no such exhibitor").is_empty());
    }
}
