//! The parts of the exhibition manifest the service checks requests against: booth and zone ids,
//! negotiation topics, and the exhibiting units (参展单位) that statistics are grouped by.

use std::collections::{BTreeSet, HashMap};
use std::path::Path;

use expo_manifest::{Lang, Media, Text};

/// Booths, zones and exhibiting units of one exhibition, read from its manifest.
#[derive(Debug, Clone)]
pub struct Catalog {
    pub exhibition_id: String,
    pub title: Text,
    /// Booths in manifest order.
    pub booths: Vec<BoothInfo>,
    booth_index: HashMap<String, usize>,
    zones: BTreeSet<String>,
    /// Exhibiting units in the order of their first booth in the manifest.
    pub units: Vec<Unit>,
}

#[derive(Debug, Clone)]
pub struct BoothInfo {
    pub id: String,
    pub exhibitor: Text,
    pub title: Text,
    /// Negotiation topics, or `None` when the booth offers no online negotiation.
    pub negotiation_topics: Option<Vec<Text>>,
    /// Index into [`Catalog::units`].
    pub unit: usize,
}

/// An exhibiting unit: every booth whose exhibitor has the same Chinese name.
#[derive(Debug, Clone)]
pub struct Unit {
    pub name: Text,
    pub booth_ids: Vec<String>,
}

impl Catalog {
    /// Reads and validates the manifest at `path` with `expo_manifest::parse`.
    pub fn load(path: &Path, exhibition_id: &str) -> Result<Catalog, String> {
        let bytes = std::fs::read(path).map_err(|error| {
            format!(
                "cannot read the manifest {}: {error}. Pass the right file with --manifest.",
                path.display()
            )
        })?;
        let report = expo_manifest::parse(&bytes);
        let Some(manifest) = report.manifest else {
            let problems: Vec<String> = report
                .problems
                .iter()
                .filter(|problem| problem.severity == expo_manifest::Severity::Error)
                .take(5)
                .map(|problem| format!("{}: {}", problem.path, problem.message(Lang::En)))
                .collect();
            return Err(format!(
                "the manifest {} has {} errors, first: {}. Check it with \
                 `cargo run -p expo-manifest --bin expo-validate -- --lang en {}`.",
                path.display(),
                report.error_count(),
                problems.join("; "),
                path.display()
            ));
        };
        if let Some(id) = &manifest.exhibition.id
            && id != exhibition_id
        {
            return Err(format!(
                "the manifest {} names the exhibition {id:?} in exhibition.id, but the service \
                 was started for {exhibition_id:?}. Pass --exhibition-id {id}.",
                path.display()
            ));
        }
        Ok(Catalog::from_manifest(&manifest, exhibition_id))
    }

    /// Builds the catalog from a manifest that `expo_manifest::parse` accepted.
    pub fn from_manifest(manifest: &expo_manifest::Manifest, exhibition_id: &str) -> Catalog {
        let mut units: Vec<Unit> = Vec::new();
        let mut unit_by_name: HashMap<String, usize> = HashMap::new();
        let mut booths = Vec::with_capacity(manifest.booths.len());
        for booth in &manifest.booths {
            let unit_key = booth.exhibitor.zh.trim().to_owned();
            let unit = *unit_by_name.entry(unit_key).or_insert_with(|| {
                units.push(Unit {
                    name: booth.exhibitor.clone(),
                    booth_ids: Vec::new(),
                });
                units.len() - 1
            });
            units[unit].booth_ids.push(booth.id.clone());
            let negotiation_topics = booth.media.iter().find_map(|media| match media {
                Media::Negotiation { topics, .. } => Some(topics.clone()),
                _ => None,
            });
            booths.push(BoothInfo {
                id: booth.id.clone(),
                exhibitor: booth.exhibitor.clone(),
                title: booth.title.clone(),
                negotiation_topics,
                unit,
            });
        }
        let booth_index = booths
            .iter()
            .enumerate()
            .map(|(index, booth)| (booth.id.clone(), index))
            .collect();
        Catalog {
            exhibition_id: exhibition_id.to_owned(),
            title: manifest.exhibition.title.clone(),
            booths,
            booth_index,
            zones: manifest.zones.iter().map(|zone| zone.id.clone()).collect(),
            units,
        }
    }

    pub fn booth(&self, id: &str) -> Option<&BoothInfo> {
        self.booth_index.get(id).map(|&index| &self.booths[index])
    }

    pub fn has_zone(&self, id: &str) -> bool {
        self.zones.contains(id)
    }
}

impl BoothInfo {
    /// Returns whether `topic` is one of the booth's negotiation topics in Chinese or English.
    pub fn offers_topic(&self, topic: &str) -> bool {
        self.negotiation_topics.as_ref().is_some_and(|topics| {
            topics.iter().any(|text| {
                text.zh.trim() == topic || text.en.as_deref().is_some_and(|en| en.trim() == topic)
            })
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn bundled() -> Catalog {
        let path =
            Path::new(env!("CARGO_MANIFEST_DIR")).join("../../scenes/guangxi-2022/manifest.json");
        Catalog::load(&path, "guangxi-2022").expect("the bundled manifest is valid")
    }

    #[test]
    fn bundled_manifest_loads() {
        let catalog = bundled();
        assert!(catalog.booth("liugong-machinery").is_some());
        assert!(catalog.booth("no-such-booth").is_none());
        assert!(catalog.has_zone("industry"));
        assert!(!catalog.has_zone("no-such-zone"));
    }

    #[test]
    fn topics_match_either_language() {
        let catalog = bundled();
        let booth = catalog.booth("liugong-machinery").unwrap();
        assert!(booth.offers_topic("技术合作"));
        assert!(booth.offers_topic("Technology cooperation"));
        assert!(!booth.offers_topic("投资合作"));
    }

    #[test]
    fn units_cover_every_booth_once() {
        let catalog = bundled();
        let total: usize = catalog.units.iter().map(|unit| unit.booth_ids.len()).sum();
        assert_eq!(total, catalog.booths.len());
        for booth in &catalog.booths {
            assert!(catalog.units[booth.unit].booth_ids.contains(&booth.id));
        }
    }
}
