//! The validation run: structure of each section, checks of each item, and the checks that
//! compare items (ids, zone references, plaza and pavilion counts).

use std::collections::HashMap;

use serde::de::DeserializeOwned;
use serde_json::{Map, Value};

use crate::Report;
use crate::checks;
use crate::limits::{MAX_BOOTHS, MAX_PREFACE_BOARDS, MAX_ZONES};
use crate::model::{Booth, Exhibition, FORMAT_VERSION, Manifest, PrefaceBoard, Zone, ZoneKind};
use crate::path::{child, index};
use crate::problem::{ProblemKind, Problems, Severity};
use crate::structure::{self, Parsed, describe_value};

/// Top-level keys of a manifest, in the order the documentation lists them.
const TOP_LEVEL_KEYS: [&str; 5] = ["format", "exhibition", "zones", "booths", "preface_boards"];
/// Maximum number of problems listed for one item (the exhibition, a zone, a booth or a
/// board). More would bury the problems of the other items, and fixing the first ones often
/// fixes the rest.
const MAX_PROBLEMS_PER_ITEM: usize = 32;
/// Top-level keys that must be present.
const REQUIRED_TOP_LEVEL_KEYS: [&str; 4] = ["format", "exhibition", "zones", "booths"];

pub(crate) fn validate(bytes: &[u8]) -> Report {
    let mut problems = Problems::default();
    let manifest = structure::read_document(bytes, &mut problems)
        .and_then(|root| validate_root(&root, &mut problems));
    let has_errors = problems
        .list
        .iter()
        .any(|problem| problem.severity == Severity::Error);
    Report {
        manifest: if has_errors { None } else { manifest },
        problems: problems.list,
    }
}

fn validate_root(root: &Value, problems: &mut Problems) -> Option<Manifest> {
    let Some(object) = root.as_object() else {
        problems.error("$", wrong_type("struct Manifest", root));
        return None;
    };
    check_top_level_keys(object, problems);

    let format = object.get("format").and_then(|value| {
        if let Value::Number(number) = value
            && number
                .as_u64()
                .and_then(|n| u32::try_from(n).ok())
                .is_none()
        {
            let kind = ProblemKind::InvalidFormat {
                value: number.to_string(),
                supported: FORMAT_VERSION,
            };
            problems.error("$.format", kind);
            return None;
        }
        match structure::deserialize_item::<u32>(value, "$.format", problems)? {
            Parsed::Complete(format) => Some(format),
            Parsed::Partial(_) => None,
        }
    });
    if let Some(found) = format
        && found != FORMAT_VERSION
    {
        problems.error(
            "$.format",
            ProblemKind::UnsupportedFormat {
                found,
                supported: FORMAT_VERSION,
            },
        );
    }

    let exhibition = object.get("exhibition").and_then(|value| {
        let start = problems.list.len();
        let (exhibition, complete) = validate_item::<Exhibition>(
            value,
            "$.exhibition",
            problems,
            |exhibition, problems| {
                checks::check_exhibition(exhibition, "$.exhibition", problems);
            },
        )?;
        limit_item_problems(problems, start, "$.exhibition");
        complete.then_some(exhibition)
    });

    let zones = validate_zones(
        section_items(object, "zones", MAX_ZONES, problems),
        problems,
    );
    let embed_hosts = exhibition.as_ref().map(|exhibition| exhibition.embed_hosts.as_slice());
    let booths = validate_booths(
        section_items(object, "booths", MAX_BOOTHS, problems),
        &zones,
        embed_hosts,
        problems,
    );
    check_pavilions_have_booths(&zones, &booths, problems);
    let preface_boards = validate_boards(
        section_items(object, "preface_boards", MAX_PREFACE_BOARDS, problems),
        problems,
    );

    Some(Manifest {
        format: format?,
        exhibition: exhibition?,
        zones: zones.parsed.into_iter().map(|(_, zone)| zone).collect(),
        booths: booths.parsed,
        preface_boards,
    })
}

fn check_top_level_keys(object: &Map<String, Value>, problems: &mut Problems) {
    for key in object.keys() {
        if !TOP_LEVEL_KEYS.contains(&key.as_str()) {
            let allowed = TOP_LEVEL_KEYS.iter().map(|key| key.to_string()).collect();
            problems.error(
                child("$", key),
                ProblemKind::UnknownField {
                    field: key.clone(),
                    allowed,
                },
            );
        }
    }
    for key in REQUIRED_TOP_LEVEL_KEYS {
        if !object.contains_key(key) {
            problems.error(
                "$",
                ProblemKind::MissingField {
                    field: key.to_owned(),
                },
            );
        }
    }
}

/// Returns the elements of the array at top-level `key`, or `None` (reporting a problem when
/// the value is not an array) so that the section's cross-checks are skipped. Reports more
/// than `max` elements, but still returns all of them so that each is checked.
fn section_items<'v>(
    object: &'v Map<String, Value>,
    key: &str,
    max: usize,
    problems: &mut Problems,
) -> Option<&'v [Value]> {
    match object.get(key)? {
        Value::Array(items) => {
            if items.len() > max {
                let kind = ProblemKind::TooManyItems {
                    section: key.to_owned(),
                    count: items.len(),
                    max,
                };
                problems.error(child("$", key), kind);
            }
            Some(items)
        }
        other => {
            problems.error(child("$", key), wrong_type("a sequence", other));
            None
        }
    }
}

/// Deserializes one item and runs `check` on it while the paths of its placeholder values are
/// suppressed. Returns the item and whether it deserialized completely.
fn validate_item<T: DeserializeOwned>(
    value: &Value,
    item_path: &str,
    problems: &mut Problems,
    check: impl FnOnce(&T, &mut Problems),
) -> Option<(T, bool)> {
    let parsed = structure::deserialize_item::<T>(value, item_path, problems).map(split);
    if let Some((item, _)) = &parsed {
        check(item, problems);
    }
    problems.clear_suppressed();
    parsed
}

/// Cuts the problems of one item, those from `start` on, to [`MAX_PROBLEMS_PER_ITEM`] and
/// adds one that says how many were left out.
fn limit_item_problems(problems: &mut Problems, start: usize, item_path: &str) {
    let count = problems.list.len() - start;
    if count <= MAX_PROBLEMS_PER_ITEM {
        return;
    }
    problems.list.truncate(start + MAX_PROBLEMS_PER_ITEM);
    let hidden = count - MAX_PROBLEMS_PER_ITEM;
    problems.error(item_path, ProblemKind::ProblemsHidden { hidden });
}

/// Splits a parsed item into the item and whether it is complete.
fn split<T>(parsed: Parsed<T>) -> (T, bool) {
    match parsed {
        Parsed::Complete(item) => (item, true),
        Parsed::Partial(item) => (item, false),
    }
}

fn wrong_type(expected: &str, value: &Value) -> ProblemKind {
    let found = describe_value(value);
    let detail = format!("invalid type: {found}, expected {expected}");
    ProblemKind::WrongType {
        expected: expected.to_owned(),
        found,
        detail,
    }
}

/// First path of each id in one list, for duplicate-id reports.
#[derive(Default)]
struct IdRegistry {
    first_paths: HashMap<String, String>,
    /// Ids in document order, each once.
    ordered: Vec<String>,
}

impl IdRegistry {
    /// Checks the raw `id` of an item, which works even when the item itself is invalid.
    /// Returns false when the item has no string id.
    fn check(&mut self, item: &Value, item_path: &str, problems: &mut Problems) -> bool {
        let Some(id) = item.get("id").and_then(Value::as_str) else {
            return false;
        };
        let id_path = child(item_path, "id");
        checks::check_id_format(id, &id_path, problems);
        match self.first_paths.get(id) {
            Some(first_path) => {
                let kind = ProblemKind::DuplicateId {
                    id: id.to_owned(),
                    first_path: first_path.clone(),
                };
                problems.error(id_path, kind);
            }
            None => {
                self.first_paths.insert(id.to_owned(), id_path);
                self.ordered.push(id.to_owned());
            }
        }
        true
    }
}

struct Zones {
    /// Zones that deserialized completely, with their index in `zones`. Partial zones are
    /// left out because a removed `kind` or `sub_areas` would give wrong cross-checks.
    parsed: Vec<(usize, Zone)>,
    ids: IdRegistry,
    /// True when every zone deserialized completely, so that zone-wide checks see all of them.
    all_parsed: bool,
    /// True when every zone has a string id, so that an id not found is really unknown.
    all_ids_known: bool,
}

fn validate_zones(items: Option<&[Value]>, problems: &mut Problems) -> Zones {
    let mut zones = Zones {
        parsed: Vec::new(),
        ids: IdRegistry::default(),
        all_parsed: items.is_some(),
        all_ids_known: items.is_some(),
    };
    let Some(items) = items else { return zones };

    for (i, item) in items.iter().enumerate() {
        let item_path = index("$.zones", i);
        let start = problems.list.len();
        zones.all_ids_known &= zones.ids.check(item, &item_path, problems);
        let parsed = validate_item::<Zone>(item, &item_path, problems, |zone, problems| {
            checks::check_zone(zone, &item_path, problems);
        });
        limit_item_problems(problems, start, &item_path);
        let Some((zone, complete)) = parsed else {
            zones.all_parsed = false;
            continue;
        };
        if complete {
            zones.parsed.push((i, zone));
        } else {
            zones.all_parsed = false;
        }
    }

    let mut first_plaza: Option<String> = None;
    for (i, zone) in &zones.parsed {
        if zone.kind != ZoneKind::Plaza {
            continue;
        }
        match &first_plaza {
            Some(first_path) => {
                let kind = ProblemKind::SecondPlaza {
                    first_path: first_path.clone(),
                };
                problems.error(child(&index("$.zones", *i), "kind"), kind);
            }
            None => first_plaza = Some(index("$.zones", *i)),
        }
    }

    let has_pavilion = zones
        .parsed
        .iter()
        .any(|(_, zone)| zone.kind == ZoneKind::Pavilion);
    if zones.all_parsed && !has_pavilion {
        problems.error("$.zones", ProblemKind::NoPavilion);
    }
    zones
}

struct Booths {
    parsed: Vec<Booth>,
    /// Number of booths naming each zone id, counting booths that did not deserialize.
    count_by_zone: HashMap<String, usize>,
    /// False when the `booths` section is missing or not an array.
    section_valid: bool,
}

fn validate_booths(
    items: Option<&[Value]>,
    zones: &Zones,
    embed_hosts: Option<&[String]>,
    problems: &mut Problems,
) -> Booths {
    let mut booths = Booths {
        parsed: Vec::new(),
        count_by_zone: HashMap::new(),
        section_valid: items.is_some(),
    };
    let Some(items) = items else { return booths };

    let zones_by_id: HashMap<&str, &Zone> = zones
        .parsed
        .iter()
        .rev()
        .map(|(_, zone)| (zone.id.as_str(), zone))
        .collect();
    let mut ids = IdRegistry::default();
    for (i, item) in items.iter().enumerate() {
        let item_path = index("$.booths", i);
        let start = problems.list.len();
        ids.check(item, &item_path, problems);
        if let Some(zone) = item.get("zone").and_then(Value::as_str) {
            *booths.count_by_zone.entry(zone.to_owned()).or_default() += 1;
        }
        let parsed = validate_item::<Booth>(item, &item_path, problems, |booth, problems| {
            check_booth_zone(booth, &item_path, zones, &zones_by_id, problems);
            checks::check_booth(booth, item, &item_path, embed_hosts, problems);
        });
        limit_item_problems(problems, start, &item_path);
        let Some((booth, complete)) = parsed else {
            continue;
        };
        if complete {
            booths.parsed.push(booth);
        }
    }
    booths
}

/// Checks that the booth's zone exists and is not the plaza, and that its sub-area exists.
fn check_booth_zone(
    booth: &Booth,
    booth_path: &str,
    zones: &Zones,
    zones_by_id: &HashMap<&str, &Zone>,
    problems: &mut Problems,
) {
    let zone_path = child(booth_path, "zone");
    let Some(zone) = zones_by_id.get(booth.zone.as_str()) else {
        // A zone that did not deserialize still counts as existing.
        if zones.all_ids_known && !zones.ids.first_paths.contains_key(&booth.zone) {
            let kind = ProblemKind::UnknownZone {
                zone: booth.zone.clone(),
                known: zones.ids.ordered.clone(),
            };
            problems.error(zone_path, kind);
        }
        return;
    };

    if zone.kind == ZoneKind::Plaza {
        problems.error(
            zone_path,
            ProblemKind::BoothInPlaza {
                zone: zone.id.clone(),
            },
        );
        // The plaza has no sub-areas, and moving the booth to a pavilion fixes both.
        return;
    }
    if let Some(sub_area) = &booth.sub_area
        && !zone
            .sub_areas
            .iter()
            .any(|candidate| &candidate.id == sub_area)
    {
        let kind = ProblemKind::UnknownSubArea {
            sub_area: sub_area.clone(),
            zone: zone.id.clone(),
            known: unique_ids(zone.sub_areas.iter().map(|candidate| candidate.id.as_str())),
        };
        problems.error(child(booth_path, "sub_area"), kind);
    }
}

/// Returns the ids in order, each once.
fn unique_ids<'a>(ids: impl Iterator<Item = &'a str>) -> Vec<String> {
    let mut unique: Vec<String> = Vec::new();
    for id in ids {
        if !unique.iter().any(|seen| seen == id) {
            unique.push(id.to_owned());
        }
    }
    unique
}

fn check_pavilions_have_booths(zones: &Zones, booths: &Booths, problems: &mut Problems) {
    if !booths.section_valid {
        return;
    }
    for (i, zone) in &zones.parsed {
        let count = booths.count_by_zone.get(&zone.id).copied().unwrap_or(0);
        if zone.kind == ZoneKind::Pavilion && count == 0 {
            problems.warning(
                index("$.zones", *i),
                ProblemKind::EmptyPavilion {
                    zone: zone.id.clone(),
                },
            );
        }
    }
}

fn validate_boards(items: Option<&[Value]>, problems: &mut Problems) -> Vec<PrefaceBoard> {
    let mut boards = Vec::new();
    let mut ids = IdRegistry::default();
    for (i, item) in items.unwrap_or_default().iter().enumerate() {
        let item_path = index("$.preface_boards", i);
        let start = problems.list.len();
        ids.check(item, &item_path, problems);
        let parsed =
            validate_item::<PrefaceBoard>(item, &item_path, problems, |board, problems| {
                checks::check_board(board, &item_path, problems);
            });
        limit_item_problems(problems, start, &item_path);
        let Some((board, complete)) = parsed else {
            continue;
        };
        if complete {
            boards.push(board);
        }
    }
    boards
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn top_level_keys_match_model() {
        let schema = serde_json::to_value(schemars::schema_for!(Manifest)).unwrap();
        let mut properties: Vec<&str> = schema["properties"]
            .as_object()
            .unwrap()
            .keys()
            .map(String::as_str)
            .collect();
        let mut known = TOP_LEVEL_KEYS.to_vec();
        properties.sort();
        known.sort();
        assert_eq!(
            known, properties,
            "TOP_LEVEL_KEYS differs from the fields of Manifest"
        );

        let required: Vec<&str> = schema["required"]
            .as_array()
            .unwrap()
            .iter()
            .filter_map(Value::as_str)
            .collect();
        assert_eq!(
            REQUIRED_TOP_LEVEL_KEYS.to_vec(),
            required,
            "REQUIRED_TOP_LEVEL_KEYS differs from Manifest"
        );
    }
}
