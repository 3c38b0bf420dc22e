//! The in-world booth panel in VR: exhibitor, title and summary, the booth's video or live
//! stream on a screen, and a QR code that continues the negotiation on a phone or desktop.
//! It opens in front of the visitor where they selected the booth.

use bevy::asset::RenderAssetUsages;
use bevy::image::{ImageSampler, ImageSamplerDescriptor};
use bevy::prelude::*;
use bevy::render::render_resource::{Extent3d, TextureDimension, TextureFormat};
use expo_manifest::Lang;

use super::{XrFrameInput, XrMode, XrRig};
use crate::booth::MediaScreen;
use crate::exhibition::Exhibition;
use crate::hall::HallKit;
use crate::navigation::VisitorRig;
use crate::panels::{Offers, OpenPanelRequest, PanelKind, PanelTarget};
use crate::signs::{pick, text_image, SignLine, SignStyle};
use crate::status::{HallStatus, UiLanguage};
use crate::tour::share::{qr_modules, QrModules};
use crate::AppState;

/// Size of the panel's back board, in metres.
const BOARD_SIZE: Vec2 = Vec2::new(1.9, 1.15);
/// Size of the text area on the left of the board, in metres.
const TEXT_SIZE: Vec2 = Vec2::new(1.08, 1.05);
/// Size of the video screen at the top right, in metres (16:9).
const SCREEN_SIZE: Vec2 = Vec2::new(0.72, 0.405);
/// Side of the QR code at the bottom right, in metres.
const QR_SIDE: f32 = 0.46;
/// Distance of the panel in front of the headset, in metres.
const PANEL_DISTANCE: f32 = 1.6;
/// The panel closes once the visitor is this far from it, in metres.
const CLOSE_DISTANCE: f32 = 6.0;
/// Pixels per QR module in the QR texture.
const QR_MODULE_PIXELS: usize = 6;
/// Light modules around the QR code, as the QR standard requires.
const QR_QUIET_ZONE: usize = 4;

pub(super) fn plugin(app: &mut App) {
    app.add_observer(panel_request);
    app.add_systems(
        Update,
        (close_when_far, draw_qr, report_panel).chain().run_if(in_state(XrMode::Immersive)).run_if(in_state(AppState::Touring)),
    );
    app.add_systems(OnExit(XrMode::Immersive), hand_over_panel);
}

/// Opens or closes the in-world booth panel.
#[derive(Event, Debug, Clone, Copy, PartialEq, Eq)]
pub enum XrPanelRequest {
    /// Opens the panel of a booth (index into the manifest's booths), replacing any other.
    Open(usize),
    Close,
}

/// The booth panel shown in VR.
#[derive(Component, Debug, Clone)]
pub struct XrBoothPanel {
    pub booth_index: usize,
    /// True when the booth offers online negotiation, so the panel shows its QR code.
    pub negotiates: bool,
    /// The link that opens this booth's negotiation form; the browser module sets it and the
    /// QR code shows it.
    pub negotiation_link: Option<String>,
    /// The QR code's material; its texture is replaced once the link is known.
    qr_material: Handle<StandardMaterial>,
    qr_drawn: bool,
}

impl XrBoothPanel {
    /// Returns where a ray meets the panel's board, if it does from the front. The panel is a
    /// root entity, so its `Transform` is its place in the hall, also in the frame it spawned.
    pub fn hit(&self, transform: &Transform, origin: Vec3, direction: Vec3) -> Option<Vec3> {
        let inverse = transform.compute_affine().inverse();
        let local_origin = inverse.transform_point3(origin);
        let local_direction = inverse.transform_vector3(direction);
        // The board faces +z; a ray from behind or along it misses.
        if local_direction.z >= -1e-6 || local_origin.z <= 0.0 {
            return None;
        }
        let t = -local_origin.z / local_direction.z;
        let local = local_origin + local_direction * t;
        (local.x.abs() <= BOARD_SIZE.x * 0.5 && local.y.abs() <= BOARD_SIZE.y * 0.5).then(|| origin + direction * t)
    }
}

fn panel_request(
    request: On<XrPanelRequest>,
    exhibition: Res<Exhibition>,
    kit: Res<HallKit>,
    rig: Res<XrRig>,
    input: Res<XrFrameInput>,
    language: Res<UiLanguage>,
    panels: Query<Entity, With<XrBoothPanel>>,
    mut images: ResMut<Assets<Image>>,
    mut materials: ResMut<Assets<StandardMaterial>>,
    mut commands: Commands,
) {
    for entity in &panels {
        commands.entity(entity).despawn();
    }
    let XrPanelRequest::Open(booth_index) = *request else {
        info!("VR booth panel closed");
        return;
    };
    let Some(booth) = exhibition.manifest.booths.get(booth_index) else { return };
    info!("VR booth panel opened for booth {}", booth.id);

    // In front of the headset, level, facing it.
    let head = input.viewer.map(|viewer| rig.world_from_local() * viewer).unwrap_or_default();
    let forward = Vec3::new(head.forward().x, 0.0, head.forward().z).normalize_or(Vec3::NEG_Z);
    let center = head.translation + forward * PANEL_DISTANCE;
    let height = (head.translation.y - 0.15).max(1.1);
    let transform = Transform::from_xyz(center.x, height, center.z).looking_to(forward, Vec3::Y);

    let offers = Offers::of(&booth.media);
    let has_screen = offers.has(PanelKind::Video) || offers.has(PanelKind::Live);
    let negotiates = offers.has(PanelKind::Negotiate);
    // In the visitor's language when the panel opens; the language cannot change in VR.
    let style = SignStyle { width: 640, height: 620, background: Color::srgb(0.08, 0.1, 0.14), centered: false };
    let text = images.add(text_image(&panel_lines(booth, **language, has_screen, negotiates), &style));
    let text_material = materials.add(StandardMaterial { unlit: true, base_color_texture: Some(text), ..default() });
    // White until the link is known.
    let qr_material = materials.add(StandardMaterial { unlit: true, ..default() });

    commands
        .spawn((
            Name::new(format!("VR booth panel {}", booth.id)),
            XrBoothPanel { booth_index, negotiates, negotiation_link: None, qr_material: qr_material.clone(), qr_drawn: false },
            transform,
            Visibility::Visible,
        ))
        .with_children(|panel| {
            panel.spawn((
                Name::new("VR panel board"),
                Mesh3d(kit.quad.clone()),
                MeshMaterial3d(kit.dark.clone()),
                // `looking_to` turns the panel's +z, where quads face, towards the headset.
                Transform::from_scale(BOARD_SIZE.extend(1.0)),
            ));
            let text_center = Vec3::new(-BOARD_SIZE.x * 0.5 + 0.05 + TEXT_SIZE.x * 0.5, 0.0, 0.005);
            panel.spawn((
                Name::new("VR panel text"),
                Mesh3d(kit.quad.clone()),
                MeshMaterial3d(text_material),
                Transform::from_translation(text_center).with_scale(TEXT_SIZE.extend(1.0)),
            ));
            let right_x = BOARD_SIZE.x * 0.5 - 0.05 - SCREEN_SIZE.x * 0.5;
            if has_screen {
                let image = images.add(blank_image(UVec2::new(256, 144), [24, 30, 40, 255]));
                let material = materials.add(StandardMaterial { unlit: true, base_color_texture: Some(image.clone()), ..default() });
                panel.spawn((
                    Name::new("VR panel screen"),
                    MediaScreen { target: PanelTarget::Booth(booth_index), image, size: UVec2::new(256, 144), play_distance: CLOSE_DISTANCE },
                    Mesh3d(kit.quad.clone()),
                    MeshMaterial3d(material),
                    Transform::from_xyz(right_x, BOARD_SIZE.y * 0.5 - 0.05 - SCREEN_SIZE.y * 0.5, 0.005).with_scale(SCREEN_SIZE.extend(1.0)),
                ));
            }
            if !negotiates {
                return;
            }
            panel.spawn((
                Name::new("VR panel QR code"),
                Mesh3d(kit.quad.clone()),
                MeshMaterial3d(qr_material.clone()),
                Transform::from_xyz(right_x, -BOARD_SIZE.y * 0.5 + 0.06 + QR_SIDE * 0.5, 0.005).with_scale(Vec3::new(QR_SIDE, QR_SIDE, 1.0)),
            ));
        });
}

/// Builds the panel's text in one language.
fn panel_lines(booth: &expo_manifest::Booth, lang: Lang, has_screen: bool, negotiates: bool) -> Vec<SignLine> {
    let muted = Color::srgb(0.75, 0.8, 0.88);
    let accent = Color::srgb(0.55, 0.85, 1.0);
    let mut lines = vec![
        SignLine::new(pick(&booth.exhibitor, lang), 0.045).color(muted),
        SignLine::new(pick(&booth.title, lang), 0.065).bold().wrapped(),
        SignLine::new(pick(&booth.summary, lang), 0.04).wrapped(),
    ];
    let (video, negotiate, close) = match lang {
        Lang::Zh => ("右侧屏幕播放展位视频。", "线上洽谈：用手机扫描右下角二维码，或摘下头显后在电脑上继续。", "对准本面板扣动扳机即可关闭。"),
        Lang::En => (
            "The screen on the right plays the booth's video.",
            "Online negotiation: scan the QR code at the bottom right with a phone, or continue on the desktop after taking off the headset.",
            "Point at this panel and pull the trigger to close it.",
        ),
    };
    if has_screen {
        lines.push(SignLine::new(video, 0.035).wrapped().color(muted));
    }
    if negotiates {
        lines.push(SignLine::new(negotiate, 0.038).wrapped().color(accent));
    }
    lines.push(SignLine::new(close, 0.032).wrapped().color(muted));
    lines
}

fn blank_image(size: UVec2, color: [u8; 4]) -> Image {
    let mut image = Image::new(
        Extent3d { width: size.x, height: size.y, depth_or_array_layers: 1 },
        TextureDimension::D2,
        color.repeat((size.x * size.y) as usize),
        TextureFormat::Rgba8UnormSrgb,
        RenderAssetUsages::RENDER_WORLD | RenderAssetUsages::MAIN_WORLD,
    );
    image.sampler = ImageSampler::Descriptor(ImageSamplerDescriptor::nearest());
    image
}

/// Draws QR modules as black on white with the quiet zone, `QR_MODULE_PIXELS` per module.
pub fn qr_pixels(modules: &QrModules) -> (u32, Vec<u8>) {
    let side_modules = modules.width + 2 * QR_QUIET_ZONE;
    let side = side_modules * QR_MODULE_PIXELS;
    let mut pixels = vec![255u8; side * side * 4];
    for y in 0..side {
        for x in 0..side {
            let module_x = (x / QR_MODULE_PIXELS).checked_sub(QR_QUIET_ZONE);
            let module_y = (y / QR_MODULE_PIXELS).checked_sub(QR_QUIET_ZONE);
            let dark = match (module_x, module_y) {
                (Some(mx), Some(my)) if mx < modules.width && my < modules.width => modules.dark[my * modules.width + mx],
                _ => false,
            };
            if dark {
                let offset = (y * side + x) * 4;
                pixels[offset..offset + 3].fill(0);
            }
        }
    }
    (side as u32, pixels)
}

/// Draws the QR code once the browser module has set the negotiation link.
fn draw_qr(mut panels: Query<&mut XrBoothPanel>, mut images: ResMut<Assets<Image>>, mut materials: ResMut<Assets<StandardMaterial>>) {
    for mut panel in &mut panels {
        if panel.qr_drawn {
            continue;
        }
        let Some(link) = panel.negotiation_link.clone() else { continue };
        panel.qr_drawn = true;
        let Some(modules) = qr_modules(&link) else {
            warn!("negotiation link too long for a QR code: {link}");
            continue;
        };
        let (side, pixels) = qr_pixels(&modules);
        let mut image = blank_image(UVec2::splat(side), [255, 255, 255, 255]);
        image.data = Some(pixels);
        let image = images.add(image);
        // Changing the material, not only its image, makes the renderer bind the new texture.
        if let Some(mut material) = materials.get_mut(&panel.qr_material) {
            material.base_color_texture = Some(image);
        }
    }
}

fn close_when_far(panels: Query<(&XrBoothPanel, &Transform)>, visitors: Query<&VisitorRig>, mut commands: Commands) {
    let Ok(visitor) = visitors.single() else { return };
    for (_, transform) in &panels {
        let position = transform.translation;
        if Vec2::new(position.x, position.z).distance(visitor.position) > CLOSE_DISTANCE {
            commands.trigger(XrPanelRequest::Close);
        }
    }
}

fn report_panel(exhibition: Res<Exhibition>, panels: Query<&XrBoothPanel>, mut status: ResMut<HallStatus>) {
    let panel = panels.iter().next();
    status.xr.panel = panel.map(|panel| exhibition.manifest.booths[panel.booth_index].id.clone());
    status.xr.negotiation_link = panel.and_then(|panel| panel.negotiation_link.clone());
}

/// Leaving VR with a booth panel open shows that booth's card on the page, where the visitor
/// can watch, join the live stream or negotiate with the keyboard.
fn hand_over_panel(panels: Query<(Entity, &XrBoothPanel)>, mut status: ResMut<HallStatus>, mut commands: Commands) {
    for (entity, panel) in &panels {
        commands.trigger(OpenPanelRequest { target: PanelTarget::Booth(panel.booth_index), kind: PanelKind::Card });
        commands.entity(entity).despawn();
    }
    status.xr.panel = None;
    status.xr.negotiation_link = None;
}

#[cfg(test)]
mod tests {
    use super::*;

    fn panel() -> XrBoothPanel {
        XrBoothPanel { booth_index: 0, negotiates: true, negotiation_link: None, qr_material: Handle::default(), qr_drawn: false }
    }

    #[test]
    fn ray_hits_panel_front() {
        let transform = Transform::from_xyz(0.0, 1.5, -2.0).looking_to(Vec3::NEG_Z, Vec3::Y);
        // The panel's front faces the visitor at the origin, who looks along -z.
        let hit = panel().hit(&transform, Vec3::new(0.3, 1.5, 0.0), Vec3::NEG_Z).expect("hits the board");
        assert!(hit.distance(Vec3::new(0.3, 1.5, -2.0)) < 1e-4, "{hit}");
    }

    #[test]
    fn ray_beside_or_behind_panel_misses() {
        let transform = Transform::from_xyz(0.0, 1.5, -2.0).looking_to(Vec3::NEG_Z, Vec3::Y);
        assert!(panel().hit(&transform, Vec3::new(1.5, 1.5, 0.0), Vec3::NEG_Z).is_none(), "beside");
        assert!(panel().hit(&transform, Vec3::new(0.0, 1.5, -4.0), Vec3::Z).is_none(), "from behind");
        assert!(panel().hit(&transform, Vec3::new(0.0, 1.5, 0.0), Vec3::Z).is_none(), "pointing away");
    }

    #[test]
    fn qr_pixels_have_quiet_zone_and_finder() {
        let modules = qr_modules("https://expo.example.cn/?booth=hezhou-overview&panel=negotiate").unwrap();
        let (side, pixels) = qr_pixels(&modules);
        assert_eq!(side as usize, (modules.width + 8) * QR_MODULE_PIXELS);
        assert_eq!(pixels.len(), (side * side * 4) as usize);
        let at = |x: usize, y: usize| pixels[(y * side as usize + x) * 4];
        assert_eq!(at(0, 0), 255, "quiet zone is white");
        let first = QR_QUIET_ZONE * QR_MODULE_PIXELS;
        assert_eq!(at(first, first), 0, "finder pattern corner is black");
        assert_eq!(at(first + QR_MODULE_PIXELS, first + QR_MODULE_PIXELS), 255, "finder ring inside is white");
    }
}
