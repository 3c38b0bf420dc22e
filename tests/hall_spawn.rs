//! Headless ECS test: the bundled exhibition spawns every zone and booth without a window.

use bevy::prelude::*;
use bevy::state::app::StatesPlugin;
use expo_hall::booth::{BoothModelAnchor, BoothRoot};
use expo_hall::exhibition::{load_exhibition, LaunchOptions};
use expo_hall::hall::ZoneRoot;
use expo_hall::signs::{Sign, SignAtlas, SignStats};
use expo_hall::status::{HallStatus, UiLanguage};
use expo_hall::AppState;

const MANIFEST: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/scenes/guangxi-2022/manifest.json");

fn headless_hall() -> (App, expo_manifest::Manifest) {
    let bytes = std::fs::read(MANIFEST).expect("the bundled manifest is readable");
    let (exhibition, _warnings) = load_exhibition(&bytes, MANIFEST).expect("the bundled manifest is valid");
    let manifest = exhibition.manifest.clone();

    let mut app = App::new();
    app.add_plugins((MinimalPlugins, AssetPlugin::default(), StatesPlugin));
    app.init_asset::<Mesh>();
    app.init_asset::<StandardMaterial>();
    app.init_asset::<Image>();
    app.init_state::<AppState>();
    app.init_resource::<UiLanguage>();
    app.init_resource::<HallStatus>();
    app.insert_resource(LaunchOptions::default());
    app.insert_resource(exhibition);
    app.add_plugins(expo_hall::scene_plugin);
    app.world_mut().resource_mut::<NextState<AppState>>().set(AppState::Touring);
    app.update();
    app.update();
    (app, manifest)
}

#[test]
fn every_zone_has_a_root_entity() {
    let (mut app, manifest) = headless_hall();
    let mut ids: Vec<String> = app.world_mut().query::<&ZoneRoot>().iter(app.world()).map(|zone| zone.id.clone()).collect();
    ids.sort();
    let mut expected: Vec<String> = manifest.zones.iter().map(|zone| zone.id.clone()).collect();
    expected.sort();
    assert_eq!(ids, expected);
}

#[test]
fn every_booth_has_a_stand_and_anchor() {
    let (mut app, manifest) = headless_hall();
    let mut ids: Vec<String> = app.world_mut().query::<&BoothRoot>().iter(app.world()).map(|booth| booth.id.clone()).collect();
    ids.sort();
    let mut expected: Vec<String> = manifest.booths.iter().map(|booth| booth.id.clone()).collect();
    expected.sort();
    assert_eq!(ids, expected);
    assert!(manifest.booths.len() >= 48, "the bundled exhibition has {} booths", manifest.booths.len());
    let anchors = app.world_mut().query::<&BoothModelAnchor>().iter(app.world()).count();
    assert_eq!(anchors, manifest.booths.len());
}

#[test]
fn signs_get_textures_in_the_chosen_language() {
    let (mut app, manifest) = headless_hall();
    // Atlas pages are drawn one per frame.
    for _ in 0..20 {
        app.update();
    }
    let mut signs = app.world_mut().query::<(Entity, &Sign)>();
    let atlas = app.world().resource::<SignAtlas>();
    let materials = app.world().resource::<Assets<StandardMaterial>>();
    for material in atlas.page_materials() {
        let material = materials.get(material).expect("the page's material exists");
        assert!(material.base_color_texture.is_some(), "an atlas page has no texture");
    }
    let mut count = 0;
    for (entity, sign) in signs.iter(app.world()) {
        assert!(atlas.page_of(entity).is_some(), "a sign is on no atlas page");
        assert!(!sign.lines(expo_manifest::Lang::Zh).is_empty());
        count += 1;
    }
    // Two per booth, two per zone arch, two on the title gate, one per preface board.
    let pavilions = manifest.zones.iter().filter(|z| z.kind == expo_manifest::ZoneKind::Pavilion).count();
    assert_eq!(count, manifest.booths.len() * 2 + pavilions * 2 + 2 + manifest.preface_boards.len());
    assert_eq!(app.world().resource::<SignStats>().rendered, count, "every sign is drawn once");
}
