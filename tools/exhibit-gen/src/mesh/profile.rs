//! Closed 2D outlines for extrusions and sweeps. All of them run counterclockwise and do not
//! repeat the first point at the end.

use std::f32::consts::TAU;

/// Returns a circle of `segments` points, starting on +X.
pub fn circle(radius: f32, segments: usize) -> Vec<[f32; 2]> {
    ellipse(radius, radius, segments)
}

/// Returns an axis-aligned ellipse with half-axes `radius_x` and `radius_y`, starting on +X.
pub fn ellipse(radius_x: f32, radius_y: f32, segments: usize) -> Vec<[f32; 2]> {
    (0..segments)
        .map(|i| {
            let angle = TAU * i as f32 / segments as f32;
            [radius_x * angle.cos(), radius_y * angle.sin()]
        })
        .collect()
}

/// Returns a rectangle centred on the origin whose corners are quarter circles of `radius`,
/// each approximated by `corner_segments` segments. A zero radius gives a sharp rectangle.
pub fn rounded_rect(width: f32, height: f32, radius: f32, corner_segments: usize) -> Vec<[f32; 2]> {
    let radius = radius.min(width * 0.5).min(height * 0.5);
    let (half_width, half_height) = (width * 0.5 - radius, height * 0.5 - radius);
    let corners = [
        (half_width, half_height, 0.0),
        (-half_width, half_height, 0.25),
        (-half_width, -half_height, 0.5),
        (half_width, -half_height, 0.75),
    ];
    let mut points = Vec::new();
    for (center_x, center_y, start_turn) in corners {
        if radius <= 0.0 {
            points.push([center_x, center_y]);
            continue;
        }
        for step in 0..=corner_segments {
            let angle = TAU * (start_turn + 0.25 * step as f32 / corner_segments as f32);
            points.push([
                center_x + radius * angle.cos(),
                center_y + radius * angle.sin(),
            ]);
        }
    }
    points
}

/// Returns a symmetric NACA four-digit airfoil ("00xx") with chord 1 along +X, leading edge
/// at x = -0.25 so that the quarter-chord point (the usual pitch axis) is at the origin.
///
/// `thickness` is the maximum thickness as a fraction of the chord (0.12 for NACA 0012).
/// The trailing edge is closed by using -0.1036 for the last coefficient of the standard
/// thickness polynomial instead of -0.1015.
pub fn naca_airfoil(thickness: f32, points_per_side: usize) -> Vec<[f32; 2]> {
    let half_thickness = |x: f32| {
        5.0 * thickness
            * (0.2969 * x.sqrt() - 0.1260 * x - 0.3516 * x * x + 0.2843 * x.powi(3)
                - 0.1036 * x.powi(4))
    };

    // Cosine spacing puts more points near the rounded leading edge.
    let station =
        |i: usize| 0.5 * (1.0 - (std::f32::consts::PI * i as f32 / points_per_side as f32).cos());

    let mut points = Vec::with_capacity(2 * points_per_side);

    // Upper surface from the trailing edge to the leading edge, then the lower surface back.
    for i in (1..=points_per_side).rev() {
        let x = station(i);
        points.push([x - 0.25, half_thickness(x)]);
    }
    points.push([-0.25, 0.0]);
    for i in 1..points_per_side {
        let x = station(i);
        points.push([x - 0.25, -half_thickness(x)]);
    }
    points
}

/// Returns twice the signed area: positive for a counterclockwise outline.
pub(crate) fn signed_area_doubled(points: &[[f32; 2]]) -> f32 {
    let mut sum = 0.0;
    for (i, a) in points.iter().enumerate() {
        let b = points[(i + 1) % points.len()];
        sum += a[0] * b[1] - b[0] * a[1];
    }
    sum
}
