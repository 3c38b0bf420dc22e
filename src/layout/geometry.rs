//! Floor-plane geometry: oriented rectangles, overlap tests and collision push-out.
//!
//! Floor points are `Vec2(x, z)` in metres with Bevy's axes: +x east, +z south (towards the viewer
//! of a north-up plan). A yaw of `a` radians turns a local vector the same way
//! `Quat::from_rotation_y(a)` turns `Vec3(x, 0, z)`.

use std::f32::consts::{PI, TAU};

use bevy::math::Vec2;

/// Rotates a floor vector by `yaw` radians about the vertical axis.
pub fn rotate(v: Vec2, yaw: f32) -> Vec2 {
    let (sin, cos) = yaw.sin_cos();
    Vec2::new(v.x * cos + v.y * sin, -v.x * sin + v.y * cos)
}

/// Turns `yaw` towards `target` by `fraction` (0 to 1) of the shortest angle between them, in
/// radians. Returns the new yaw and whether it now equals `target` (within 0.01 rad).
pub fn approach_yaw(yaw: f32, target: f32, fraction: f32) -> (f32, bool) {
    let difference = (target - yaw + PI).rem_euclid(TAU) - PI;
    if difference.abs() < 0.01 {
        return (target, true);
    }
    (yaw + difference * fraction.clamp(0.0, 1.0), false)
}

/// A rectangle on the floor, rotated by `yaw` about its centre.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Rect2 {
    pub center: Vec2,
    pub half: Vec2,
    pub yaw: f32,
}

impl Rect2 {
    pub fn new(center: Vec2, size: Vec2, yaw: f32) -> Self {
        Self { center, half: size * 0.5, yaw }
    }

    /// Converts a world floor point into this rectangle's local frame.
    pub fn to_local(&self, point: Vec2) -> Vec2 {
        rotate(point - self.center, -self.yaw)
    }

    /// Converts a local point of this rectangle into a world floor point.
    pub fn to_world(&self, local: Vec2) -> Vec2 {
        self.center + rotate(local, self.yaw)
    }

    pub fn contains(&self, point: Vec2) -> bool {
        let local = self.to_local(point);
        local.x.abs() <= self.half.x && local.y.abs() <= self.half.y
    }

    /// Returns true when the whole of `other` lies inside this rectangle shrunk by `margin`.
    pub fn contains_rect(&self, other: &Rect2, margin: f32) -> bool {
        other.corners().iter().all(|&corner| {
            let local = self.to_local(corner);
            local.x.abs() <= self.half.x - margin && local.y.abs() <= self.half.y - margin
        })
    }

    pub fn corners(&self) -> [Vec2; 4] {
        let h = self.half;
        [
            self.to_world(Vec2::new(-h.x, -h.y)),
            self.to_world(Vec2::new(h.x, -h.y)),
            self.to_world(Vec2::new(h.x, h.y)),
            self.to_world(Vec2::new(-h.x, h.y)),
        ]
    }

    /// Axis-aligned bounds as (min, max).
    pub fn bounds(&self) -> (Vec2, Vec2) {
        let corners = self.corners();
        let mut min = corners[0];
        let mut max = corners[0];
        for corner in &corners[1..] {
            min = min.min(*corner);
            max = max.max(*corner);
        }
        (min, max)
    }

    /// Separating-axis test; rectangles that only touch do not overlap.
    pub fn overlaps(&self, other: &Rect2) -> bool {
        let axes = [
            rotate(Vec2::X, self.yaw),
            rotate(Vec2::Y, self.yaw),
            rotate(Vec2::X, other.yaw),
            rotate(Vec2::Y, other.yaw),
        ];
        let a = self.corners();
        let b = other.corners();
        axes.iter().all(|axis| {
            let (a_min, a_max) = project(&a, *axis);
            let (b_min, b_max) = project(&b, *axis);
            a_max - 1e-4 > b_min && b_max - 1e-4 > a_min
        })
    }

    /// Returns the nearest point of the rectangle (edge or inside) to `point`.
    pub fn closest_point(&self, point: Vec2) -> Vec2 {
        let local = self.to_local(point);
        self.to_world(local.clamp(-self.half, self.half))
    }

    /// Returns the offset that moves a circle at `point` with `radius` out of this rectangle,
    /// or `None` when they do not touch.
    pub fn push_out(&self, point: Vec2, radius: f32) -> Option<Vec2> {
        let local = self.to_local(point);
        let clamped = local.clamp(-self.half, self.half);
        let delta = local - clamped;
        let distance = delta.length();
        if distance >= radius {
            return None;
        }
        let local_push = if distance > 1e-6 {
            delta / distance * (radius - distance)
        } else {
            // The centre is inside: leave through the nearest edge.
            let to_x = self.half.x - local.x.abs();
            let to_z = self.half.y - local.y.abs();
            if to_x < to_z {
                Vec2::new(local.x.signum() * (to_x + radius), 0.0)
            } else {
                Vec2::new(0.0, local.y.signum() * (to_z + radius))
            }
        };
        Some(rotate(local_push, self.yaw))
    }

    /// Distance along the ray `origin + t * direction` to this rectangle's edge, if it hits.
    pub fn ray_hit(&self, origin: Vec2, direction: Vec2) -> Option<f32> {
        let o = self.to_local(origin);
        let d = rotate(direction, -self.yaw);
        let mut t_min = f32::NEG_INFINITY;
        let mut t_max = f32::INFINITY;
        for (o, d, h) in [(o.x, d.x, self.half.x), (o.y, d.y, self.half.y)] {
            if d.abs() < 1e-9 {
                if o.abs() > h {
                    return None;
                }
            } else {
                let t1 = (-h - o) / d;
                let t2 = (h - o) / d;
                t_min = t_min.max(t1.min(t2));
                t_max = t_max.min(t1.max(t2));
            }
        }
        (t_max >= t_min.max(0.0)).then_some(t_min.max(0.0))
    }
}

fn project(points: &[Vec2; 4], axis: Vec2) -> (f32, f32) {
    let mut min = f32::INFINITY;
    let mut max = f32::NEG_INFINITY;
    for point in points {
        let d = point.dot(axis);
        min = min.min(d);
        max = max.max(d);
    }
    (min, max)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::f32::consts::FRAC_PI_2;

    #[test]
    fn rotate_matches_bevy_quat() {
        use bevy::math::{Quat, Vec3};
        for yaw in [0.3_f32, -1.2, 2.5] {
            let v = Vec2::new(1.5, -0.7);
            let q = Quat::from_rotation_y(yaw) * Vec3::new(v.x, 0.0, v.y);
            let r = rotate(v, yaw);
            assert!((q.x - r.x).abs() < 1e-5, "x differs at yaw {yaw}");
            assert!((q.z - r.y).abs() < 1e-5, "z differs at yaw {yaw}");
        }
    }

    #[test]
    fn rotated_rect_contains_and_overlaps() {
        let a = Rect2::new(Vec2::ZERO, Vec2::new(4.0, 2.0), FRAC_PI_2);
        assert!(a.contains(Vec2::new(0.0, 1.9)));
        assert!(!a.contains(Vec2::new(1.9, 0.0)));
        let b = Rect2::new(Vec2::new(1.6, 0.0), Vec2::new(1.0, 1.0), 0.0);
        assert!(!a.overlaps(&b));
        let c = Rect2::new(Vec2::new(1.4, 0.0), Vec2::new(1.0, 1.0), 0.0);
        assert!(a.overlaps(&c));
    }

    #[test]
    fn touching_rects_do_not_overlap() {
        let a = Rect2::new(Vec2::ZERO, Vec2::new(2.0, 2.0), 0.0);
        let b = Rect2::new(Vec2::new(2.0, 0.0), Vec2::new(2.0, 2.0), 0.0);
        assert!(!a.overlaps(&b));
    }

    #[test]
    fn push_out_from_edge_and_inside() {
        let rect = Rect2::new(Vec2::ZERO, Vec2::new(2.0, 2.0), 0.0);
        let push = rect.push_out(Vec2::new(1.2, 0.0), 0.3).unwrap();
        assert!((push.x - 0.1).abs() < 1e-5, "push {push}");
        assert!(push.y.abs() < 1e-5, "push {push}");
        let push = rect.push_out(Vec2::new(0.0, 0.8), 0.3).unwrap();
        assert!((push.y - 0.5).abs() < 1e-5);
        assert!(rect.push_out(Vec2::new(2.0, 0.0), 0.3).is_none());
    }

    #[test]
    fn ray_hits_rect_from_outside() {
        let rect = Rect2::new(Vec2::new(5.0, 0.0), Vec2::new(2.0, 2.0), 0.4);
        let t = rect.ray_hit(Vec2::ZERO, Vec2::X).unwrap();
        assert!(t > 3.5, "t = {t}");
        assert!(t < 4.2, "t = {t}");
        assert!(rect.ray_hit(Vec2::ZERO, -Vec2::X).is_none());
    }
}
