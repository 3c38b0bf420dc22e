//! In-world text: signs, name plates and boards drawn into textures.
//!
//! On the web the browser's Canvas 2D draws the text with the visitor's own CJK fonts, so the
//! wasm carries no font or text engine. Native builds fill the sign with its background colour.
//!
//! Signs are static, so they are drawn into shared atlas pages: each page is one texture, one
//! material and one mesh that contains the quads of all its signs in world space, and costs one
//! draw call however many signs it carries. A sign entity has no mesh of its own; its
//! transform places a 1 m square facing +z, scaled to the sign's size.

mod atlas;

use std::collections::HashMap;

use bevy::asset::RenderAssetUsages;
use bevy::image::{ImageSampler, ImageSamplerDescriptor};
use bevy::light::NotShadowCaster;
use bevy::mesh::{Indices, PrimitiveTopology};
use bevy::prelude::*;
use bevy::render::render_resource::{Extent3d, TextureDimension, TextureFormat};
use bevy::transform::TransformSystems;
use expo_manifest::{Lang, Text};

use crate::status::UiLanguage;

/// Width of an atlas page in pixels, and the most height one page takes. WebGL2 guarantees
/// textures of 2048 pixels per side.
const PAGE_SIZE: u32 = 2048;
/// Pixels left empty between signs on a page, so linear filtering does not mix neighbours.
const PADDING: u32 = 2;

pub(super) fn plugin(app: &mut App) {
    app.init_resource::<SignStats>();
    app.init_resource::<SignAtlas>();
    app.add_systems(PostUpdate, (pack_signs, draw_sign_pages).chain().after(TransformSystems::Propagate));
}

/// Fonts tried in order; the last entries cover the common Chinese system fonts.
pub const FONT_FAMILY: &str = "\"Noto Sans CJK SC\", \"Source Han Sans SC\", \"PingFang SC\", \"Microsoft YaHei\", \"Hiragino Sans GB\", \"WenQuanYi Micro Hei\", sans-serif";

/// One line (or wrapped paragraph) of sign text.
#[derive(Debug, Clone, PartialEq)]
pub struct SignLine {
    pub text: String,
    /// Font size as a fraction of the texture height.
    pub size: f32,
    pub bold: bool,
    /// Wrap to the sign width instead of shrinking to fit on one line.
    pub wrap: bool,
    pub color: Color,
}

impl SignLine {
    pub fn new(text: impl Into<String>, size: f32) -> SignLine {
        SignLine { text: text.into(), size, bold: false, wrap: false, color: Color::WHITE }
    }

    pub fn bold(mut self) -> SignLine {
        self.bold = true;
        self
    }

    pub fn wrapped(mut self) -> SignLine {
        self.wrap = true;
        self
    }

    pub fn color(mut self, color: Color) -> SignLine {
        self.color = color;
        self
    }
}

/// Texture size and colours of a sign.
#[derive(Debug, Clone, PartialEq)]
pub struct SignStyle {
    pub width: u32,
    pub height: u32,
    pub background: Color,
    /// Lines are centred when true, left-aligned otherwise.
    pub centered: bool,
}

/// A sign's text in both languages; the texture follows [`UiLanguage`].
#[derive(Component, Debug, Clone)]
#[require(Transform)]
pub struct Sign {
    pub zh: Vec<SignLine>,
    pub en: Vec<SignLine>,
    pub style: SignStyle,
}

impl Sign {
    pub fn new(zh: Vec<SignLine>, en: Vec<SignLine>, style: SignStyle) -> Sign {
        Sign { zh, en, style }
    }

    /// Returns true when the background lets the surface behind the sign show through.
    pub fn is_transparent(&self) -> bool {
        self.style.background.alpha() < 1.0
    }

    /// Creates a sign whose lines `lines` builds for each language.
    pub fn localized(style: SignStyle, lines: impl Fn(Lang) -> Vec<SignLine>) -> Sign {
        Sign::new(lines(Lang::Zh), lines(Lang::En), style)
    }

    pub fn lines(&self, lang: Lang) -> &[SignLine] {
        match lang {
            Lang::Zh => &self.zh,
            Lang::En => &self.en,
        }
    }
}

/// Number of sign textures drawn into atlas pages so far, for the status object and tests.
#[derive(Resource, Debug, Default)]
pub struct SignStats {
    pub rendered: usize,
}

/// Picks the text for a language, falling back to Chinese.
pub fn pick(text: &Text, lang: Lang) -> String {
    text.get(lang).to_owned()
}

/// Atlas pages of all signs: which sign lies where, and the page entities that draw them.
#[derive(Resource, Debug, Default)]
pub struct SignAtlas {
    pages: Vec<AtlasPage>,
    /// Page of each sign entity.
    page_of: HashMap<Entity, usize>,
    /// Pages whose texture still shows another language than `lang`, drawn one per frame.
    pending: Vec<usize>,
    lang: Option<Lang>,
}

#[derive(Debug)]
struct AtlasPage {
    /// Signs on this page and their top-left corners in pixels.
    signs: Vec<(Entity, UVec2)>,
    size: UVec2,
    material: Handle<StandardMaterial>,
    entity: Entity,
}

impl SignAtlas {
    /// Returns the page that carries a sign, once signs are packed.
    pub fn page_of(&self, sign: Entity) -> Option<usize> {
        self.page_of.get(&sign).copied()
    }

    /// Returns the material of each page, in page order.
    pub fn page_materials(&self) -> impl Iterator<Item = &Handle<StandardMaterial>> {
        self.pages.iter().map(|page| &page.material)
    }
}

/// Packs every sign into atlas pages and spawns one mesh per page, whenever the set of signs
/// changes (once, when the hall is spawned).
fn pack_signs(
    mut commands: Commands,
    mut atlas: ResMut<SignAtlas>,
    added: Query<(), Added<Sign>>,
    signs: Query<(Entity, &Sign, &GlobalTransform)>,
    mut meshes: ResMut<Assets<Mesh>>,
    mut materials: ResMut<Assets<StandardMaterial>>,
) {
    if added.is_empty() && signs.iter().len() == atlas.page_of.len() {
        return;
    }
    for page in atlas.pages.drain(..) {
        commands.entity(page.entity).despawn();
        materials.remove(&page.material);
    }
    atlas.page_of.clear();

    // Transparent and opaque signs need different materials, so they go on different pages.
    let mut all: Vec<(Entity, &Sign, &GlobalTransform)> = signs.iter().collect();
    all.sort_by_key(|(entity, _, _)| *entity);
    for transparent in [false, true] {
        let group: Vec<&(Entity, &Sign, &GlobalTransform)> = all.iter().filter(|(_, sign, _)| sign.is_transparent() == transparent).collect();
        let sizes: Vec<UVec2> = group.iter().map(|(_, sign, _)| UVec2::new(sign.style.width, sign.style.height)).collect();
        let Some((slots, heights)) = atlas::pack(&sizes, PAGE_SIZE, PAGE_SIZE, PADDING) else {
            error!("a sign texture is larger than {PAGE_SIZE} pixels on a side; its signs are not shown");
            continue;
        };
        let first_page = atlas.pages.len();
        for (number, height) in heights.iter().enumerate() {
            let size = UVec2::new(PAGE_SIZE, height.next_multiple_of(4));
            let on_page: Vec<usize> = (0..group.len()).filter(|&index| slots[index].page == number).collect();
            let mesh = page_mesh(on_page.iter().map(|&index| (group[index].2, slots[index].origin, sizes[index])), size);
            let material = materials.add(StandardMaterial {
                unlit: true,
                alpha_mode: if transparent { AlphaMode::Blend } else { AlphaMode::Opaque },
                ..default()
            });
            let entity = commands
                .spawn((
                    Name::new(format!("Sign atlas page {}", first_page + number)),
                    Mesh3d(meshes.add(mesh)),
                    MeshMaterial3d(material.clone()),
                    Transform::IDENTITY,
                    NotShadowCaster,
                ))
                .id();
            let signs_on_page = on_page.iter().map(|&index| (group[index].0, slots[index].origin)).collect();
            atlas.pages.push(AtlasPage { signs: signs_on_page, size, material, entity });
        }
        for (index, (entity, _, _)) in group.iter().enumerate() {
            atlas.page_of.insert(*entity, first_page + slots[index].page);
        }
    }
    atlas.pending = (0..atlas.pages.len()).collect();
    info!("{} signs packed into {} atlas pages", atlas.page_of.len(), atlas.pages.len());
}

/// Builds one page's mesh: a quad per sign at its world placement, textured from its slot.
fn page_mesh<'a>(signs: impl Iterator<Item = (&'a GlobalTransform, UVec2, UVec2)>, page_size: UVec2) -> Mesh {
    let (mut positions, mut normals, mut uvs, mut indices) = (Vec::new(), Vec::new(), Vec::new(), Vec::new());
    for (transform, origin, size) in signs {
        let (top_left, bottom_right) = atlas::uv_rect(origin, size, page_size);
        let first = positions.len() as u32;
        let corners = [(-0.5, 0.5, top_left), (0.5, 0.5, Vec2::new(bottom_right.x, top_left.y)), (0.5, -0.5, bottom_right), (-0.5, -0.5, Vec2::new(top_left.x, bottom_right.y))];
        for (x, y, uv) in corners {
            positions.push(transform.transform_point(Vec3::new(x, y, 0.0)).to_array());
            normals.push(transform.back().as_vec3().to_array());
            uvs.push(uv.to_array());
        }
        indices.extend_from_slice(&[first, first + 2, first + 1, first, first + 3, first + 2]);
    }
    Mesh::new(PrimitiveTopology::TriangleList, RenderAssetUsages::RENDER_WORLD)
        .with_inserted_attribute(Mesh::ATTRIBUTE_POSITION, positions)
        .with_inserted_attribute(Mesh::ATTRIBUTE_NORMAL, normals)
        .with_inserted_attribute(Mesh::ATTRIBUTE_UV_0, uvs)
        .with_inserted_indices(Indices::U32(indices))
}

/// Draws the signs of one pending page per frame in the visitor's language. One page at a time
/// keeps the pixel buffers in wasm memory small, because wasm memory never shrinks.
fn draw_sign_pages(
    language: Res<UiLanguage>,
    mut atlas: ResMut<SignAtlas>,
    signs: Query<&Sign>,
    mut materials: ResMut<Assets<StandardMaterial>>,
    mut images: ResMut<Assets<Image>>,
    mut stats: ResMut<SignStats>,
) {
    let lang = **language;
    if atlas.lang != Some(lang) {
        atlas.lang = Some(lang);
        atlas.pending = (0..atlas.pages.len()).collect();
    }
    let Some(number) = atlas.pending.pop() else { return };
    let page = &atlas.pages[number];
    let mut pixels = vec![0u8; (page.size.x * page.size.y * 4) as usize];
    for (entity, origin) in &page.signs {
        let Ok(sign) = signs.get(*entity) else { continue };
        let size = UVec2::new(sign.style.width, sign.style.height);
        atlas::blit(&mut pixels, page.size.x, *origin, size, &render_pixels(sign.lines(lang), &sign.style));
        stats.rendered += 1;
    }
    let mut image = Image::new(
        Extent3d { width: page.size.x, height: page.size.y, depth_or_array_layers: 1 },
        TextureDimension::D2,
        pixels,
        TextureFormat::Rgba8UnormSrgb,
        RenderAssetUsages::RENDER_WORLD,
    );
    image.sampler = ImageSampler::Descriptor(ImageSamplerDescriptor::linear());
    let handle = images.add(image);
    if let Some(mut material) = materials.get_mut(&page.material)
        && let Some(old) = material.base_color_texture.replace(handle)
    {
        images.remove(&old);
    }
}

/// Draws lines into a texture of their own, for text that comes and goes while the visitor
/// tours (the VR booth panel), so that the atlas pages are not packed again for it.
pub fn text_image(lines: &[SignLine], style: &SignStyle) -> Image {
    let mut image = Image::new(
        Extent3d { width: style.width, height: style.height, depth_or_array_layers: 1 },
        TextureDimension::D2,
        render_pixels(lines, style),
        TextureFormat::Rgba8UnormSrgb,
        RenderAssetUsages::RENDER_WORLD,
    );
    image.sampler = ImageSampler::Descriptor(ImageSamplerDescriptor::linear());
    image
}

#[cfg(target_arch = "wasm32")]
fn render_pixels(lines: &[SignLine], style: &SignStyle) -> Vec<u8> {
    crate::web::canvas_text::render(lines, style).unwrap_or_else(|| fill(style))
}

#[cfg(not(target_arch = "wasm32"))]
fn render_pixels(_lines: &[SignLine], style: &SignStyle) -> Vec<u8> {
    // NOTE: native builds draw no text on signs; they exist for development and ECS tests.
    fill(style)
}

/// Fills a texture with the background colour alone.
fn fill(style: &SignStyle) -> Vec<u8> {
    let [r, g, b, a] = style.background.to_srgba().to_u8_array();
    [r, g, b, a].repeat((style.width * style.height) as usize)
}
