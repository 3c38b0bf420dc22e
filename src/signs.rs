//! In-world text: signs, name plates and boards drawn into textures.
//!
//! On the web the browser's Canvas 2D draws the text with the visitor's own CJK fonts, so the
//! wasm carries no font or text engine. Native builds fill the sign with its background colour.

use bevy::asset::RenderAssetUsages;
use bevy::image::{ImageSampler, ImageSamplerDescriptor};
use bevy::prelude::*;
use bevy::render::render_resource::{Extent3d, TextureDimension, TextureFormat};
use expo_manifest::{Lang, Text};

use crate::status::UiLanguage;

pub(super) fn plugin(app: &mut App) {
    app.init_resource::<SignStats>();
    app.add_systems(PostUpdate, render_signs);
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
pub struct Sign {
    pub zh: Vec<SignLine>,
    pub en: Vec<SignLine>,
    pub style: SignStyle,
    rendered: Option<Lang>,
}

impl Sign {
    pub fn new(zh: Vec<SignLine>, en: Vec<SignLine>, style: SignStyle) -> Sign {
        Sign { zh, en, style, rendered: None }
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

/// Counts of drawn sign textures, for the status object and tests.
#[derive(Resource, Debug, Default)]
pub struct SignStats {
    pub rendered: usize,
}

/// Picks the text for a language, falling back to Chinese.
pub fn pick(text: &Text, lang: Lang) -> String {
    text.get(lang).to_owned()
}

fn render_signs(
    language: Res<UiLanguage>,
    mut signs: Query<(&mut Sign, &MeshMaterial3d<StandardMaterial>)>,
    mut materials: ResMut<Assets<StandardMaterial>>,
    mut images: ResMut<Assets<Image>>,
    mut stats: ResMut<SignStats>,
) {
    let lang = **language;
    for (mut sign, material) in &mut signs {
        if sign.rendered == Some(lang) {
            continue;
        }
        let image = draw(&sign, lang);
        let handle = images.add(image);
        if let Some(mut material) = materials.get_mut(&material.0) {
            if let Some(old) = material.base_color_texture.replace(handle) {
                images.remove(&old);
            }
        }
        sign.rendered = Some(lang);
        stats.rendered += 1;
    }
}

fn draw(sign: &Sign, lang: Lang) -> Image {
    let style = &sign.style;
    let pixels = render_pixels(sign.lines(lang), style);
    let mut image = Image::new(
        Extent3d { width: style.width, height: style.height, depth_or_array_layers: 1 },
        TextureDimension::D2,
        pixels,
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
