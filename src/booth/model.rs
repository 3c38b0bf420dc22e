//! Streaming booth models: fetch nearest-first, check the glTF, hand it to Bevy, show placeholders.
//!
//! Every model is fetched by the hall itself and checked by `expo-model-check` before Bevy's
//! glTF loader reads it, because that loader panics or overflows its stack on some malformed
//! files and a panic ends the whole app in the browser. Checked bytes go into an in-memory asset
//! source named `booth`, from which Bevy loads them.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use bevy::asset::io::memory::{Dir, MemoryAssetReader};
use bevy::asset::io::AssetSourceBuilder;
use bevy::asset::{LoadState, RecursiveDependencyLoadState};
use bevy::camera::primitives::{Frustum, Sphere};
use bevy::gltf::GltfAssetLabel;
use bevy::math::{Affine3A, Vec3A};
use bevy::prelude::*;
use bevy::world_serialization::WorldAsset;
use expo_manifest::Model;
use expo_model_check::{check_external_buffers, check_model, ExternalFile};

use super::merge::{self, MergedShading, ModelPart};
use super::residency;
use super::stand::BoothModelAnchor;
use crate::exhibition::Exhibition;
use crate::navigation::VisitorRig;
use crate::net::{self, FetchError, Inbox};
use crate::status::{HallStatus, Stage, StatusError};
use crate::AppState;

/// Models fetched at the same time; more only compete for the same connection.
const MAX_IN_FLIGHT: usize = 4;
/// Name of the in-memory asset source that contains checked model files.
const SOURCE: &str = "booth";
/// Bounding sphere of a booth's model for the in-view count, in metres: its centre's height
/// above the booth's position and its radius. The radius is generous, so a model partly in view counts.
const MODEL_CENTRE_HEIGHT: f32 = 1.2;
const MODEL_RADIUS: f32 = 2.0;

/// Registers the in-memory `booth://` asset source. Call before adding `AssetPlugin`.
pub fn register_model_source(app: &mut App) {
    let store = ModelStore::default();
    let root = store.dir.clone();
    app.register_asset_source(SOURCE, AssetSourceBuilder::new(move || Box::new(MemoryAssetReader { root: root.clone() })));
    app.insert_resource(store);
}

pub(super) fn plugin(app: &mut App) {
    app.init_resource::<ModelQueue>();
    app.add_systems(OnEnter(AppState::Touring), queue_models.after(crate::hall::SpawnHall));
    app.add_systems(
        Update,
        (start_fetches, receive_fetches, watch_loads, attach_models, unload_far_models, end_warm_up, hide_far_models, count_models_in_view).chain().run_if(in_state(AppState::Touring)),
    );
}

/// Checked model files waiting for Bevy's loader, by `booth://` path.
#[derive(Resource, Default)]
struct ModelStore {
    dir: Dir,
}

/// Progress of one booth's model.
enum Job {
    Queued,
    /// The main file is being fetched.
    FetchingMain,
    /// The main file passed its check; external buffers and images are being fetched.
    FetchingExternal { main: Vec<u8>, waiting: usize, files: Vec<(ExternalFile, Vec<u8>)> },
    Loading { handle: Handle<WorldAsset>, paths: Vec<PathBuf> },
    /// Another booth with the same model URL is fetching and loading it.
    Following,
    /// The model URL has settled (loaded or failed); `attach_models` shows the outcome.
    Attach,
    Done,
}

/// A model URL's progress, shared by every booth that shows that file.
enum UrlState {
    /// `leader` fetches and loads the file; `followers` wait for it.
    Loading { leader: usize, followers: Vec<usize> },
    Ready(Arc<Vec<PlacedPart>>),
    Failed(Failure),
}

/// A mesh with its material, placed relative to the model root.
type PlacedPart = (Handle<Mesh>, Handle<StandardMaterial>, Transform);

/// The materials of merged models: one per [`MergedShading`], with the metallic-roughness lookup.
struct SharedMaterials {
    lit: Handle<StandardMaterial>,
    lit_double_sided: Handle<StandardMaterial>,
    glow: Handle<StandardMaterial>,
    glow_double_sided: Handle<StandardMaterial>,
}

impl SharedMaterials {
    fn new(materials: &mut Assets<StandardMaterial>, images: &mut Assets<Image>) -> SharedMaterials {
        let lut = images.add(merge::lut_image());
        // The lookup texture contains the factors, so the material's own factors are 1.
        let lit = |double_sided: bool| StandardMaterial {
            base_color: Color::WHITE,
            metallic: 1.0,
            perceptual_roughness: 1.0,
            metallic_roughness_texture: Some(lut.clone()),
            double_sided,
            cull_mode: if double_sided { None } else { Some(bevy::render::render_resource::Face::Back) },
            ..default()
        };
        let glow = |double_sided: bool| StandardMaterial {
            base_color: Color::WHITE,
            unlit: true,
            double_sided,
            cull_mode: if double_sided { None } else { Some(bevy::render::render_resource::Face::Back) },
            ..default()
        };
        SharedMaterials {
            lit: materials.add(lit(false)),
            lit_double_sided: materials.add(lit(true)),
            glow: materials.add(glow(false)),
            glow_double_sided: materials.add(glow(true)),
        }
    }

    fn get(&self, shading: MergedShading) -> Handle<StandardMaterial> {
        match shading {
            MergedShading::Lit { double_sided: false } => self.lit.clone(),
            MergedShading::Lit { double_sided: true } => self.lit_double_sided.clone(),
            MergedShading::Glow { double_sided: false } => self.glow.clone(),
            MergedShading::Glow { double_sided: true } => self.glow_double_sided.clone(),
        }
    }
}

#[derive(Resource, Default)]
struct ModelQueue {
    /// Resolved URL of each distinct model file.
    files: Vec<String>,
    /// Each booth with a model: its index, floor position and file index.
    booths: Vec<(usize, Vec2, usize)>,
    /// Files by the distance of their nearest booth from the visitor, from the last frame.
    ranking: Vec<usize>,
    /// Models handed to Bevy so far; part of each asset path, so a model loaded again after
    /// being unloaded never meets the old asset.
    loads: usize,
    /// Mesh and material of the stand-in shown while a model loads or after it was unloaded.
    pending: Option<(Handle<Mesh>, Handle<StandardMaterial>)>,
    in_flight: usize,
    jobs: HashMap<usize, Job>,
    /// Model files by resolved URL, so booths that show the same file load it once and share
    /// its meshes and materials, which lets the renderer batch them.
    urls: HashMap<String, UrlState>,
    shared: Option<SharedMaterials>,
    inbox: Inbox<Fetched>,
}

impl ModelQueue {
    /// Records the outcome of a model URL and hands it to every booth waiting for it.
    fn settle(&mut self, url: &str, state: UrlState) {
        if let Some(UrlState::Loading { leader, followers }) = self.urls.remove(url) {
            self.in_flight = self.in_flight.saturating_sub(1);
            for booth_index in std::iter::once(leader).chain(followers) {
                self.jobs.insert(booth_index, Job::Attach);
            }
        }
        self.urls.insert(url.to_owned(), state);
    }
}

struct Fetched {
    booth_index: usize,
    /// `None` for the main file, else the external file it is.
    external: Option<ExternalFile>,
    result: Result<Vec<u8>, FetchError>,
}

/// Marks the stand-in shown while a model loads or after it failed.
#[derive(Component)]
struct Placeholder;

/// Marks the root of a booth's model instance.
#[derive(Component)]
struct BoothModel;

/// A speck drawn with one of the shared model materials for a few frames after the hall
/// appears, so WebGL compiles those shader pipelines then, not when the first model appears
/// mid-walk. It is hidden in the hall's first frame, which has its own pipelines to compile.
#[derive(Component)]
struct WarmUp {
    frames_hidden: u32,
    frames_left: u32,
}

/// Frames the warm-up specks stay hidden, the hall's first frame included. A model takes
/// several frames to fetch and load, so the specks still come before the first model.
const WARM_UP_DELAY: u32 = 2;

/// Frames the warm-up specks stay; the pipelines compile within the first two.
const WARM_UP_FRAMES: u32 = 10;

#[allow(clippy::too_many_arguments)]
fn queue_models(
    mut commands: Commands,
    exhibition: Res<Exhibition>,
    mut queue: ResMut<ModelQueue>,
    mut status: ResMut<HallStatus>,
    anchors: Query<(Entity, &BoothModelAnchor)>,
    cameras: Query<Entity, With<Camera3d>>,
    mut meshes: ResMut<Assets<Mesh>>,
    mut materials: ResMut<Assets<StandardMaterial>>,
    mut images: ResMut<Assets<Image>>,
) {
    let shared = SharedMaterials::new(&mut materials, &mut images);
    if let Some(camera) = cameras.iter().next() {
        spawn_warm_up(&mut commands, camera, &shared, &mut meshes);
    }
    queue.shared = Some(shared);
    let mut file_of_url: HashMap<String, usize> = HashMap::new();
    for slot in &exhibition.layout.booths {
        let Some(model) = &exhibition.manifest.booths[slot.booth_index].model else { continue };
        let url = model_url(&exhibition, model);
        let next_file = file_of_url.len();
        let file = *file_of_url.entry(url.clone()).or_insert(next_file);
        if file == queue.files.len() {
            queue.files.push(url);
        }
        queue.booths.push((slot.booth_index, slot.placement.position, file));
    }
    queue.jobs = queue.booths.iter().map(|&(index, _, _)| (index, Job::Queued)).collect();
    status.models_total = queue.booths.len();
    status.stage = Stage::Models;
    status.ready = true;
    info!("hall shell ready; streaming {} booth models from {} files", queue.booths.len(), queue.files.len());

    let pending = materials.add(StandardMaterial {
        base_color: Color::srgba(0.8, 0.82, 0.86, 0.35),
        alpha_mode: AlphaMode::Blend,
        ..default()
    });
    let cube = meshes.add(Cuboid::new(1.2, 1.2, 1.2));
    for (entity, anchor) in &anchors {
        if queue.jobs.contains_key(&anchor.booth_index) {
            commands.entity(entity).with_child(pending_placeholder(&cube, &pending));
        }
    }
    queue.pending = Some((cube, pending));
}

/// Spawns a speck 1 m in front of the camera for each shared model material, with the vertex
/// layout of merged meshes. At a tenth of a millimetre it covers no pixel, but it is drawn in
/// the main and shadow passes, which compiles their pipelines.
fn spawn_warm_up(commands: &mut Commands, camera: Entity, shared: &SharedMaterials, meshes: &mut Assets<Mesh>) {
    let size = 1e-4;
    let speck = meshes.add(
        Mesh::new(bevy::mesh::PrimitiveTopology::TriangleList, bevy::asset::RenderAssetUsages::RENDER_WORLD)
            .with_inserted_attribute(Mesh::ATTRIBUTE_POSITION, vec![[0.0, 0.0, 0.0], [size, 0.0, 0.0], [0.0, size, 0.0]])
            .with_inserted_attribute(Mesh::ATTRIBUTE_NORMAL, vec![[0.0, 0.0, 1.0]; 3])
            .with_inserted_attribute(Mesh::ATTRIBUTE_COLOR, vec![[1.0, 1.0, 1.0, 1.0]; 3])
            .with_inserted_attribute(Mesh::ATTRIBUTE_UV_0, vec![[0.0, 0.0]; 3])
            .with_inserted_indices(bevy::mesh::Indices::U32(vec![0, 1, 2])),
    );
    for material in [&shared.lit, &shared.lit_double_sided, &shared.glow, &shared.glow_double_sided] {
        commands.entity(camera).with_child((
            Name::new("Model pipeline warm-up"),
            WarmUp { frames_hidden: WARM_UP_DELAY, frames_left: WARM_UP_FRAMES },
            Visibility::Hidden,
            Mesh3d(speck.clone()),
            MeshMaterial3d(material.clone()),
            Transform::from_xyz(0.0, 0.0, -1.0),
        ));
    }
}

/// Hides booth models far from the visitor and shows them again on the way back; see
/// `residency::model_shown`.
fn hide_far_models(visitors: Query<&VisitorRig>, mut models: Query<(&GlobalTransform, &mut Visibility), With<BoothModel>>) {
    let Some(visitor) = visitors.iter().next().map(|rig| rig.position) else { return };
    for (transform, mut visibility) in &mut models {
        let position = transform.translation();
        let distance = Vec2::new(position.x, position.z).distance(visitor);
        let shown = *visibility != Visibility::Hidden;
        let show = residency::model_shown(shown, distance);
        if show != shown {
            *visibility = if show { Visibility::Inherited } else { Visibility::Hidden };
        }
    }
}

/// Counts the booth models in view (inside an active camera's frustum and within the show
/// distance) and how many of them have settled. The status object reports both, so the
/// benchmark can time "every model in the starting view".
fn count_models_in_view(queue: Res<ModelQueue>, visitors: Query<&VisitorRig>, cameras: Query<(&Camera, &Frustum)>, mut status: ResMut<HallStatus>) {
    let Some(visitor) = visitors.iter().next().map(|rig| rig.position) else { return };
    let frusta: Vec<&Frustum> = cameras.iter().filter(|(camera, _)| camera.is_active).map(|(_, frustum)| frustum).collect();
    let (mut in_view, mut settled) = (0, 0);
    for &(booth_index, position, _) in &queue.booths {
        if position.distance(visitor) > residency::SHOW_DISTANCE {
            continue;
        }
        let sphere = Sphere { center: Vec3A::new(position.x, MODEL_CENTRE_HEIGHT, position.y), radius: MODEL_RADIUS };
        if frusta.iter().any(|frustum| frustum.intersects_sphere(&sphere, false)) {
            in_view += 1;
            settled += usize::from(matches!(queue.jobs.get(&booth_index), Some(Job::Done)));
        }
    }
    if (status.models_in_view, status.models_in_view_settled) != (in_view, settled) {
        status.models_in_view = in_view;
        status.models_in_view_settled = settled;
    }
}

fn end_warm_up(mut commands: Commands, mut specks: Query<(Entity, &mut WarmUp, &mut Visibility)>) {
    for (entity, mut warm_up, mut visibility) in &mut specks {
        if warm_up.frames_hidden > 0 {
            warm_up.frames_hidden -= 1;
            if warm_up.frames_hidden == 0 {
                *visibility = Visibility::Inherited;
            }
            continue;
        }
        warm_up.frames_left = warm_up.frames_left.saturating_sub(1);
        if warm_up.frames_left == 0 {
            commands.entity(entity).despawn();
        }
    }
}

fn pending_placeholder(cube: &Handle<Mesh>, material: &Handle<StandardMaterial>) -> impl Bundle {
    (Placeholder, Mesh3d(cube.clone()), MeshMaterial3d(material.clone()), Transform::from_xyz(0.0, 0.6, 0.0))
}

/// Ranks the model files by the visitor's distance and starts fetching the nearest files that
/// are within the budget of `residency` and not loaded yet.
fn start_fetches(exhibition: Res<Exhibition>, mut queue: ResMut<ModelQueue>, visitors: Query<&VisitorRig>) {
    let visitor = visitors.iter().next().map_or(exhibition.layout.start, |rig| rig.position);
    let positions: Vec<(Vec2, usize)> = queue.booths.iter().map(|&(_, position, file)| (position, file)).collect();
    queue.ranking = residency::rank_files(&positions, visitor);

    for rank in 0..queue.ranking.len().min(residency::MAX_RESIDENT_FILES) {
        if queue.in_flight >= MAX_IN_FLIGHT {
            break;
        }
        let file = queue.ranking[rank];
        let url = queue.files[file].clone();
        if queue.urls.contains_key(&url) {
            continue;
        }
        // The booth nearest to the visitor fetches the file; every other booth with it waits.
        let mut booths: Vec<(f32, usize)> = queue
            .booths
            .iter()
            .filter(|&&(_, _, booth_file)| booth_file == file)
            .map(|&(index, position, _)| (position.distance_squared(visitor), index))
            .collect();
        booths.sort_by(|a, b| a.0.total_cmp(&b.0));
        let leader = booths[0].1;
        let followers: Vec<usize> = booths[1..].iter().map(|&(_, index)| index).collect();
        for &follower in &followers {
            queue.jobs.insert(follower, Job::Following);
        }
        info!("fetching model for booth {} and {} more: {url}", exhibition.manifest.booths[leader].id, followers.len());
        queue.urls.insert(url.clone(), UrlState::Loading { leader, followers });
        queue.jobs.insert(leader, Job::FetchingMain);
        queue.in_flight += 1;
        net::fetch_into(url, queue.inbox.clone(), move |result| Fetched { booth_index: leader, external: None, result });
    }
}

/// Unloads the loaded files that rank beyond the budget and its margin: their booths show the
/// stand-in again, and dropping the last handles frees the meshes. They load again,
/// nearest-first, when the visitor comes back.
fn unload_far_models(
    mut commands: Commands,
    mut queue: ResMut<ModelQueue>,
    mut status: ResMut<HallStatus>,
    anchors: Query<(Entity, &BoothModelAnchor, Option<&Children>)>,
    models: Query<(), With<BoothModel>>,
) {
    let loaded: Vec<usize> = (0..queue.files.len()).filter(|&file| matches!(queue.urls.get(&queue.files[file]), Some(UrlState::Ready(_)))).collect();
    if loaded.len() <= residency::MAX_RESIDENT_FILES {
        return;
    }
    let keep = residency::MAX_RESIDENT_FILES + residency::UNLOAD_MARGIN;
    let Some((cube, pending)) = queue.pending.clone() else { return };
    for file in residency::files_to_unload(loaded, &queue.ranking, keep) {
        let url = queue.files[file].clone();
        queue.urls.remove(&url);
        let booths: Vec<usize> = queue.booths.iter().filter(|&&(_, _, booth_file)| booth_file == file).map(|&(index, _, _)| index).collect();
        for booth_index in booths {
            queue.jobs.insert(booth_index, Job::Queued);
            let Some((anchor, _, children)) = anchors.iter().find(|(_, a, _)| a.booth_index == booth_index) else { continue };
            for child in children.into_iter().flatten() {
                if models.contains(*child) {
                    commands.entity(*child).despawn();
                    status.models_loaded = status.models_loaded.saturating_sub(1);
                }
            }
            commands.entity(anchor).with_child(pending_placeholder(&cube, &pending));
        }
        info!("unloaded far model {url}");
    }
}

fn model_url(exhibition: &Exhibition, model: &Model) -> String {
    net::resolve_reference(&exhibition.url, &model.url)
}

fn receive_fetches(exhibition: Res<Exhibition>, store: Res<ModelStore>, asset_server: Res<AssetServer>, mut queue: ResMut<ModelQueue>) {
    for fetched in net::drain(&queue.inbox) {
        let booth_index = fetched.booth_index;
        let booth = &exhibition.manifest.booths[booth_index];
        let Some(model) = &booth.model else { continue };
        let url = model_url(&exhibition, model);

        let outcome = match fetched.external {
            None => on_main_file(&mut queue, booth_index, &url, fetched.result),
            Some(file) => on_external_file(&mut queue, booth_index, &url, file, fetched.result),
        };
        match outcome {
            Ok(Some((main, files))) => {
                queue.loads += 1;
                let folder = format!("{}/{}", booth.id, queue.loads);
                let handle_and_paths = hand_to_bevy(&store, &asset_server, &folder, &url, main, files);
                queue.jobs.insert(booth_index, Job::Loading { handle: handle_and_paths.0, paths: handle_and_paths.1 });
            }
            Ok(None) => {}
            Err(failure) => queue.settle(&url, UrlState::Failed(failure)),
        }
    }
}

/// The reason a model could not be shown, with a stable code.
#[derive(Clone)]
struct Failure {
    code: String,
    zh: String,
    en: String,
}

impl Failure {
    fn fetch(error: &FetchError, what_url: &str) -> Failure {
        Failure {
            code: format!("model-{}", error.code()),
            zh: format!("{what_url}：{}", error.message_zh()),
            en: format!("{what_url}: {}", error.message_en()),
        }
    }
}

/// A checked model and its external files, ready for Bevy.
type ReadyModel = (Vec<u8>, Vec<(ExternalFile, Vec<u8>)>);

/// Handles the main model file. Returns the files to hand to Bevy once nothing else is needed.
fn on_main_file(
    queue: &mut ModelQueue,
    booth_index: usize,
    url: &str,
    result: Result<Vec<u8>, FetchError>,
) -> Result<Option<ReadyModel>, Failure> {
    let bytes = result.map_err(|error| Failure::fetch(&error, url))?;
    let checked = check_model(&bytes).map_err(|error| Failure {
        code: format!("model-{}", error.code()),
        zh: error.message_zh(),
        en: error.to_string(),
    })?;
    // Bevy's loader in this build reads only files next to the model, so absolute URLs fail.
    if checked.external_uris.len() != checked.external_files.len() {
        return Err(Failure {
            code: "model-absolute-uri".to_owned(),
            zh: "模型通过绝对网址引用缓冲区或贴图文件。请把这些文件放在模型旁边，并使用相对路径引用".to_owned(),
            en: "the model refers to buffer or image files by absolute URL. Put those files next to the model and refer to them by relative path".to_owned(),
        });
    }
    if checked.external_files.is_empty() {
        return Ok(Some((bytes, Vec::new())));
    }
    let waiting = checked.external_files.len();
    for file in checked.external_files {
        let external_url = net::resolve_reference(url, &file.uri);
        net::fetch_into(external_url, queue.inbox.clone(), move |result| Fetched { booth_index, external: Some(file), result });
    }
    queue.jobs.insert(booth_index, Job::FetchingExternal { main: bytes, waiting, files: Vec::new() });
    Ok(None)
}

fn on_external_file(
    queue: &mut ModelQueue,
    booth_index: usize,
    url: &str,
    file: ExternalFile,
    result: Result<Vec<u8>, FetchError>,
) -> Result<Option<ReadyModel>, Failure> {
    let Some(Job::FetchingExternal { main, waiting, files }) = queue.jobs.get_mut(&booth_index) else {
        // The model already failed on another file.
        return Ok(None);
    };
    let bytes = result.map_err(|error| Failure::fetch(&error, &net::resolve_reference(url, &file.uri)))?;
    files.push((file, bytes));
    *waiting -= 1;
    if *waiting > 0 {
        return Ok(None);
    }
    let sizes: Vec<(String, usize)> = files.iter().map(|(file, bytes)| (file.uri.clone(), bytes.len())).collect();
    check_external_buffers(main, &sizes).map_err(|error| Failure {
        code: format!("model-{}", error.code()),
        zh: error.message_zh(),
        en: error.to_string(),
    })?;
    Ok(Some((std::mem::take(main), std::mem::take(files))))
}

/// Puts checked files into the `booth://` source and starts Bevy's glTF loader on them.
fn hand_to_bevy(
    store: &ModelStore,
    asset_server: &AssetServer,
    folder: &str,
    url: &str,
    main: Vec<u8>,
    files: Vec<(ExternalFile, Vec<u8>)>,
) -> (Handle<WorldAsset>, Vec<PathBuf>) {
    let extension = if url.split(['?', '#']).next().unwrap_or(url).to_ascii_lowercase().ends_with(".gltf") { "gltf" } else { "glb" };
    let main_path = PathBuf::from(format!("{folder}/model.{extension}"));
    let mut paths = vec![main_path.clone()];
    store.dir.insert_asset(&main_path, main);
    // `file.path` is where Bevy's loader will look, relative to the model's folder. The check
    // guarantees that it stays inside that folder and ends in a file name.
    for (file, bytes) in files {
        let path = Path::new(folder).join(&file.path);
        store.dir.insert_asset(&path, bytes);
        paths.push(path);
    }
    let asset_path = format!("{SOURCE}://{}", main_path.display());
    (asset_server.load(GltfAssetLabel::Scene(0).from_asset(asset_path)), paths)
}

fn watch_loads(
    exhibition: Res<Exhibition>,
    store: Res<ModelStore>,
    asset_server: Res<AssetServer>,
    mut queue: ResMut<ModelQueue>,
    mut scenes: ResMut<Assets<WorldAsset>>,
    mut meshes: ResMut<Assets<Mesh>>,
    materials: Res<Assets<StandardMaterial>>,
) {
    let loading: Vec<usize> = queue
        .jobs
        .iter()
        .filter(|(_, job)| matches!(job, Job::Loading { .. }))
        .map(|(index, _)| *index)
        .collect();
    for booth_index in loading {
        let Some(Job::Loading { handle, paths }) = queue.jobs.get(&booth_index) else { continue };
        let booth = &exhibition.manifest.booths[booth_index];
        let Some(model) = &booth.model else { continue };
        let url = model_url(&exhibition, model);
        let load_failure = |error: &dyn std::fmt::Display| Failure {
            code: "model-load-failed".to_owned(),
            zh: format!("glTF 加载器无法读取此模型（{error}）。请用 3D 软件重新导出为 glTF 2.0 .glb"),
            en: format!("the glTF loader could not read it ({error}). Re-export it from your 3D tool as glTF 2.0 .glb"),
        };
        // A texture or buffer that fails leaves the model itself `Loaded` but never complete, so
        // the dependency state is checked too.
        let outcome = match (asset_server.get_load_state(handle), asset_server.get_recursive_dependency_load_state(handle)) {
            (Some(LoadState::Failed(error)), _) => Err(load_failure(&error)),
            (_, Some(RecursiveDependencyLoadState::Failed(error))) => Err(load_failure(&error)),
            (Some(LoadState::Loaded), Some(RecursiveDependencyLoadState::Loaded)) => Ok(handle.clone()),
            _ => continue,
        };
        for path in paths {
            store.dir.remove_asset(path);
        }
        let state = match outcome {
            Ok(handle) => match scenes.get_mut(&handle) {
                Some(mut scene) => {
                    let shared = queue.shared.as_ref().expect("shared model materials are created when touring starts");
                    let parts = model_parts(&mut scene.world, &mut meshes, &materials, shared);
                    info!("model loaded for booth {}: {url} ({} draw parts)", booth.id, parts.len());
                    UrlState::Ready(Arc::new(parts))
                }
                None => UrlState::Failed(load_failure(&"its scene is missing after loading")),
            },
            Err(failure) => UrlState::Failed(failure),
        };
        queue.settle(&url, state);
    }
}

/// Takes the meshes out of a loaded glTF scene as parts placed relative to the model root, with
/// plain-colour parts merged (see `merge`). The hall spawns no Bevy scene, which needs registered
/// reflection types (see Cargo.toml), and plays no animation, so skinned and morphed meshes keep
/// their bind pose and base shape.
fn model_parts(
    world: &mut World,
    meshes: &mut Assets<Mesh>,
    materials: &Assets<StandardMaterial>,
    shared: &SharedMaterials,
) -> Vec<PlacedPart> {
    let found: Vec<(Handle<Mesh>, Handle<StandardMaterial>, Entity)> = world
        .query::<(Entity, &Mesh3d, &MeshMaterial3d<StandardMaterial>)>()
        .iter(world)
        .map(|(entity, mesh, material)| (mesh.0.clone(), material.0.clone(), entity))
        .collect();
    let mut placed: Vec<(Handle<Mesh>, Handle<StandardMaterial>, Affine3A)> = Vec::with_capacity(found.len());
    for (mesh, material, entity) in found {
        let Some(source) = meshes.get(&mesh) else { continue };
        let mesh = if merge::deforms(source) {
            match merge::static_copy(source) {
                Some(copy) => meshes.add(copy),
                None => continue,
            }
        } else {
            mesh
        };
        placed.push((mesh, material, scene_affine(world, entity)));
    }

    let as_is = |(mesh, material, affine): &(Handle<Mesh>, Handle<StandardMaterial>, Affine3A)| {
        (mesh.clone(), material.clone(), Transform::from_matrix(Mat4::from(*affine)))
    };
    let parts: Option<Vec<ModelPart>> = placed
        .iter()
        .map(|(mesh, material, affine)| Some(ModelPart { mesh: meshes.get(mesh)?, material: materials.get(material)?, transform: *affine }))
        .collect();
    // A material missing from its assets would shift the indices of `unmerged`, so then every
    // part is drawn as it is.
    let Some(parts) = parts else { return placed.iter().map(as_is).collect() };
    let merged = merge::merge_parts(&parts);
    let unmerged: Vec<_> = merged.unmerged.iter().map(|&index| as_is(&placed[index])).collect();
    drop(parts);
    let mut result: Vec<_> = merged
        .merged
        .into_iter()
        .map(|(shading, mesh)| (meshes.add(mesh), shared.get(shading), Transform::IDENTITY))
        .collect();
    result.extend(unmerged);
    result
}

/// Returns an entity's placement relative to its scene's root, through its ancestors' transforms.
fn scene_affine(world: &World, entity: Entity) -> Affine3A {
    let mut affine = Affine3A::IDENTITY;
    let mut current = Some(entity);
    while let Some(node) = current {
        if let Some(transform) = world.get::<Transform>(node) {
            affine = transform.compute_affine() * affine;
        }
        current = world.get::<ChildOf>(node).map(ChildOf::parent);
    }
    affine
}

/// Shows each settled model on its booth: the model in place of the placeholder, or the error
/// placeholder and a named error.
#[allow(clippy::too_many_arguments)]
fn attach_models(
    mut commands: Commands,
    exhibition: Res<Exhibition>,
    mut queue: ResMut<ModelQueue>,
    mut status: ResMut<HallStatus>,
    anchors: Query<(Entity, &BoothModelAnchor, Option<&Children>)>,
    placeholders: Query<(), With<Placeholder>>,
    mut meshes: ResMut<Assets<Mesh>>,
    mut materials: ResMut<Assets<StandardMaterial>>,
) {
    let attaching: Vec<usize> = queue.jobs.iter().filter(|(_, job)| matches!(job, Job::Attach)).map(|(index, _)| *index).collect();
    for booth_index in attaching {
        queue.jobs.insert(booth_index, Job::Done);
        let booth = &exhibition.manifest.booths[booth_index];
        let Some(model) = &booth.model else { continue };
        let url = model_url(&exhibition, model);
        match queue.urls.get(&url) {
            Some(UrlState::Ready(loaded)) => {
                status.models_loaded += 1;
                if let Some((anchor, _, children)) = anchors.iter().find(|(_, a, _)| a.booth_index == booth_index) {
                    despawn_placeholders(&mut commands, children, &placeholders);
                    spawn_model(&mut commands, anchor, &booth.id, model, loaded);
                }
            }
            Some(UrlState::Failed(failure)) => {
                let failure = failure.clone();
                fail(&mut commands, &mut status, &anchors, &placeholders, &mut meshes, &mut materials, booth_index, &booth.id, &url, failure);
            }
            Some(UrlState::Loading { .. }) | None => {}
        }
    }
    if status.stage == Stage::Models && status.models_loaded + status.models_failed == status.models_total {
        status.stage = Stage::Done;
        info!("all booth models settled: {} loaded, {} failed", status.models_loaded, status.models_failed);
    }
}

/// Spawns one booth's instance of a loaded model under its anchor.
fn spawn_model(commands: &mut Commands, anchor: Entity, booth_id: &str, model: &Model, parts: &[PlacedPart]) {
    let name = Name::new(format!("Model {booth_id}"));
    commands.entity(anchor).with_children(|parent| {
        parent.spawn((BoothModel, name, model_transform(model), Visibility::default())).with_children(|root| {
            for (mesh, material, transform) in parts {
                root.spawn((Mesh3d(mesh.clone()), MeshMaterial3d(material.clone()), *transform));
            }
        });
    });
}

/// Builds the model's placement on the plinth from the manifest: offset, rotation X then Y then Z, scale.
pub fn model_transform(model: &Model) -> Transform {
    let [x, y, z] = model.rotation.map(f32::to_radians);
    Transform::from_translation(Vec3::from_array(model.offset))
        .with_rotation(Quat::from_euler(EulerRot::ZYX, z, y, x))
        .with_scale(Vec3::splat(model.scale))
}

fn despawn_placeholders(commands: &mut Commands, children: Option<&Children>, placeholders: &Query<(), With<Placeholder>>) {
    for child in children.into_iter().flatten() {
        if placeholders.contains(*child) {
            commands.entity(*child).despawn();
        }
    }
}

/// Records the failure and replaces the pending placeholder with the error placeholder.
#[allow(clippy::too_many_arguments)]
fn fail(
    commands: &mut Commands,
    status: &mut HallStatus,
    anchors: &Query<(Entity, &BoothModelAnchor, Option<&Children>)>,
    placeholders: &Query<(), With<Placeholder>>,
    meshes: &mut Assets<Mesh>,
    materials: &mut Assets<StandardMaterial>,
    booth_index: usize,
    booth_id: &str,
    url: &str,
    failure: Failure,
) {
    status.models_failed += 1;
    status.push_error(StatusError {
        code: failure.code,
        booth: Some(booth_id.to_owned()),
        url: url.to_owned(),
        message_zh: format!("展位 {booth_id} 的模型 {url} 无法显示：{}。已显示占位模型。", failure.zh.trim_end_matches('。')),
        message_en: format!(
            "Booth {booth_id}: model {url} cannot be shown: {}. A placeholder is shown instead.",
            failure.en.trim_end_matches('.')
        ),
    });
    let Some((anchor, _, children)) = anchors.iter().find(|(_, a, _)| a.booth_index == booth_index) else { return };
    despawn_placeholders(commands, children, placeholders);
    let material = materials.add(StandardMaterial {
        base_color: Color::srgba(0.95, 0.45, 0.25, 0.55),
        alpha_mode: AlphaMode::Blend,
        ..default()
    });
    commands.entity(anchor).with_children(|parent| {
        parent.spawn((
            Placeholder,
            Name::new(format!("Model placeholder {booth_id}")),
            Mesh3d(meshes.add(Cuboid::new(1.2, 1.2, 1.2))),
            MeshMaterial3d(material),
            Transform::from_xyz(0.0, 0.6, 0.0).with_rotation(Quat::from_rotation_y(std::f32::consts::FRAC_PI_4)),
        ));
    });
}
