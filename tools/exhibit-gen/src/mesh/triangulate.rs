//! Ear-clipping triangulation of simple polygons, used for extrusion and sweep caps.

use super::profile::signed_area_doubled;

/// Triangulates a simple polygon (no self-intersections, no holes) and returns index
/// triples into `points`, each counterclockwise. The polygon may run in either direction.
///
/// Runs in O(n³) in the worst case, which is fine for outlines of at most a few hundred points.
pub(crate) fn triangulate_polygon(points: &[[f32; 2]]) -> Vec<[usize; 3]> {
    let mut remaining: Vec<usize> = (0..points.len()).collect();
    if signed_area_doubled(points) < 0.0 {
        remaining.reverse();
    }

    let mut triangles = Vec::with_capacity(points.len().saturating_sub(2));
    while remaining.len() > 3 {
        let count = remaining.len();

        // Collinear and duplicate vertices add no area, so drop them before looking for ears.
        let flat = (0..count).find(|&i| {
            let (a, b, c) = (
                remaining[(i + count - 1) % count],
                remaining[i],
                remaining[(i + 1) % count],
            );
            cross(points[a], points[b], points[c]).abs() <= 1e-12
        });
        if let Some(i) = flat {
            remaining.remove(i);
            continue;
        }
        let ear = (0..count).find(|&i| {
            let (a, b, c) = (
                remaining[(i + count - 1) % count],
                remaining[i],
                remaining[(i + 1) % count],
            );
            is_ear(points, &remaining, a, b, c)
        });

        // A numerically awkward outline may have no strict ear left; clipping the first
        // vertex then still terminates and covers the outline, if not perfectly.
        let i = ear.unwrap_or(0);
        let (a, b, c) = (
            remaining[(i + count - 1) % count],
            remaining[i],
            remaining[(i + 1) % count],
        );
        if cross(points[a], points[b], points[c]) > 0.0 {
            triangles.push([a, b, c]);
        }
        remaining.remove(i);
    }
    if remaining.len() == 3
        && cross(
            points[remaining[0]],
            points[remaining[1]],
            points[remaining[2]],
        ) > 0.0
    {
        triangles.push([remaining[0], remaining[1], remaining[2]]);
    }
    triangles
}

fn cross(a: [f32; 2], b: [f32; 2], c: [f32; 2]) -> f32 {
    (b[0] - a[0]) * (c[1] - a[1]) - (b[1] - a[1]) * (c[0] - a[0])
}

fn is_ear(points: &[[f32; 2]], remaining: &[usize], a: usize, b: usize, c: usize) -> bool {
    let (pa, pb, pc) = (points[a], points[b], points[c]);
    if cross(pa, pb, pc) <= 1e-12 {
        return false;
    }
    remaining.iter().all(|&other| {
        if other == a || other == b || other == c {
            return true;
        }
        let p = points[other];

        // Points on the ear's edges count as inside, so no ear can cut through a vertex.
        !(cross(pa, pb, p) >= 0.0 && cross(pb, pc, p) >= 0.0 && cross(pc, pa, p) >= 0.0)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn area_of(points: &[[f32; 2]], triangles: &[[usize; 3]]) -> f32 {
        triangles
            .iter()
            .map(|t| 0.5 * cross(points[t[0]], points[t[1]], points[t[2]]))
            .sum()
    }

    #[test]
    fn triangulate_concave_l_shape() {
        let points = [
            [0.0, 0.0],
            [2.0, 0.0],
            [2.0, 1.0],
            [1.0, 1.0],
            [1.0, 2.0],
            [0.0, 2.0],
        ];
        let triangles = triangulate_polygon(&points);
        assert_eq!(triangles.len(), 4);
        assert!((area_of(&points, &triangles) - 3.0).abs() < 1e-5);
    }

    #[test]
    fn triangulate_clockwise_input() {
        let points = [[0.0, 0.0], [0.0, 1.0], [1.0, 1.0], [1.0, 0.0]];
        let triangles = triangulate_polygon(&points);
        assert_eq!(triangles.len(), 2);
        assert!((area_of(&points, &triangles) - 1.0).abs() < 1e-6);
    }
}
