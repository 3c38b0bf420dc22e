//! Draws sign text with the browser's Canvas 2D, so the visitor's own CJK fonts render it.

use wasm_bindgen::JsCast;

use crate::signs::{SignLine, SignStyle, FONT_FAMILY};

/// Renders lines onto a canvas of the sign's size and returns its RGBA pixels.
pub fn render(lines: &[SignLine], style: &SignStyle) -> Option<Vec<u8>> {
    let document = web_sys::window()?.document()?;
    let canvas: web_sys::HtmlCanvasElement = document.create_element("canvas").ok()?.dyn_into().ok()?;
    canvas.set_width(style.width);
    canvas.set_height(style.height);
    let context: web_sys::CanvasRenderingContext2d = canvas.get_context("2d").ok()??.dyn_into().ok()?;

    let (width, height) = (style.width as f64, style.height as f64);
    context.set_fill_style_str(&css_color(style.background));
    context.fill_rect(0.0, 0.0, width, height);
    context.set_text_baseline("middle");

    let padding = width * 0.05;
    let usable = width - 2.0 * padding;
    // Lay out first to centre the block vertically; text too long for the sign is laid out
    // again smaller until it fits.
    let mut scale = 1.0;
    let mut rows = layout_rows(&context, lines, height, usable, scale)?;
    for _ in 0..12 {
        let total: f64 = rows.iter().map(|(_, size, _)| size * 1.3).sum();
        if total <= height - padding {
            break;
        }
        scale *= 0.9;
        rows = layout_rows(&context, lines, height, usable, scale)?;
    }
    let total: f64 = rows.iter().map(|(_, size, _)| size * 1.3).sum();
    let mut y = if style.centered { ((height - total) * 0.5).max(0.0) } else { padding };
    for (row, size, line) in &rows {
        context.set_font(&font(line, *size));
        context.set_fill_style_str(&css_color(line.color));
        let x = if style.centered {
            context.set_text_align("center");
            width * 0.5
        } else {
            context.set_text_align("left");
            padding
        };
        y += size * 0.65;
        if y > height {
            break;
        }
        let _ = context.fill_text(row, x, y);
        y += size * 0.65;
    }
    let data = context.get_image_data(0, 0, style.width as i32, style.height as i32).ok()?;
    Some(data.data().0)
}

/// Breaks every line into rows at `scale` times its font size: wrapped lines by width, single
/// lines shrunk until they fit.
fn layout_rows<'a>(
    context: &web_sys::CanvasRenderingContext2d,
    lines: &'a [SignLine],
    height: f64,
    usable: f64,
    scale: f64,
) -> Option<Vec<(String, f64, &'a SignLine)>> {
    let mut rows = Vec::new();
    for line in lines {
        let mut size = line.size as f64 * height * scale;
        context.set_font(&font(line, size));
        if line.wrap {
            for row in wrap(context, &line.text, usable) {
                rows.push((row, size, line));
            }
        } else {
            let measured = context.measure_text(&line.text).ok()?.width();
            if measured > usable {
                size *= usable / measured;
            }
            rows.push((line.text.clone(), size, line));
        }
    }
    Some(rows)
}

/// Returns true when the sign fonts draw two different Chinese characters differently; with no
/// CJK font every character falls back to the same missing-glyph box. Checked once per page.
pub fn cjk_font_available() -> bool {
    thread_local! {
        static AVAILABLE: std::cell::OnceCell<bool> = const { std::cell::OnceCell::new() };
    }
    AVAILABLE.with(|cell| {
        *cell.get_or_init(|| {
            let draw = |text: &str| -> Option<Vec<u8>> {
                let document = web_sys::window()?.document()?;
                let canvas: web_sys::HtmlCanvasElement = document.create_element("canvas").ok()?.dyn_into().ok()?;
                canvas.set_width(64);
                canvas.set_height(64);
                let context: web_sys::CanvasRenderingContext2d = canvas.get_context("2d").ok()??.dyn_into().ok()?;
                context.set_font(&format!("48px {FONT_FAMILY}"));
                context.set_text_baseline("top");
                context.fill_text(text, 4.0, 4.0).ok()?;
                Some(context.get_image_data(0, 0, 64, 64).ok()?.data().0)
            };
            match (draw("贺"), draw("州")) {
                (Some(a), Some(b)) => {
                    let available = a != b && a.iter().skip(3).step_by(4).any(|&alpha| alpha > 0);
                    if !available {
                        bevy::log::warn!("no CJK font found: Chinese sign text will show as boxes");
                    }
                    available
                }
                _ => false,
            }
        })
    })
}

fn font(line: &SignLine, size: f64) -> String {
    let weight = if line.bold { "700" } else { "400" };
    format!("{weight} {}px {FONT_FAMILY}", size.round().max(1.0))
}

fn css_color(color: bevy::color::Color) -> String {
    let c = color.to_srgba();
    format!("rgba({}, {}, {}, {})", (c.red * 255.0).round(), (c.green * 255.0).round(), (c.blue * 255.0).round(), c.alpha)
}

/// Breaks text into rows that fit `max_width`: between words for Latin text, between any two
/// characters for CJK text, and at explicit newlines.
fn wrap(context: &web_sys::CanvasRenderingContext2d, text: &str, max_width: f64) -> Vec<String> {
    let fits = |candidate: &str| context.measure_text(candidate).map(|m| m.width() <= max_width).unwrap_or(true);
    let mut rows = Vec::new();
    for paragraph in text.split('\n') {
        let mut row = String::new();
        for token in tokens(paragraph) {
            let candidate = format!("{row}{token}");
            if row.is_empty() || fits(&candidate) {
                row = candidate;
            } else {
                rows.push(row.trim_end().to_owned());
                row = token.trim_start().to_owned();
            }
        }
        rows.push(row.trim_end().to_owned());
    }
    rows
}

/// Splits into wrap units: each CJK character alone, Latin words with their trailing space.
fn tokens(text: &str) -> Vec<String> {
    let mut tokens = Vec::new();
    let mut word = String::new();
    for ch in text.chars() {
        let wide = (ch as u32) >= 0x2E80;
        if wide {
            if !word.is_empty() {
                tokens.push(std::mem::take(&mut word));
            }
            tokens.push(ch.to_string());
        } else {
            word.push(ch);
            if ch == ' ' {
                tokens.push(std::mem::take(&mut word));
            }
        }
    }
    if !word.is_empty() {
        tokens.push(word);
    }
    tokens
}
