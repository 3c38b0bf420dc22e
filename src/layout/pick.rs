//! Ray tests against booth volumes for clicks and taps.

use bevy::math::{Vec2, Vec3};

use super::{HallLayout, Rect2, BACKDROP_SIZE};

/// Distance along a 3D ray to a box standing on `rect` from the floor up to `height`.
pub fn ray_hit_box(rect: &Rect2, height: f32, origin: Vec3, direction: Vec3) -> Option<f32> {
    let local_origin = rect.to_local(Vec2::new(origin.x, origin.z));
    let local_direction = super::rotate(Vec2::new(direction.x, direction.z), -rect.yaw);
    let slabs = [
        (local_origin.x, local_direction.x, -rect.half.x, rect.half.x),
        (origin.y, direction.y, 0.0, height),
        (local_origin.y, local_direction.y, -rect.half.y, rect.half.y),
    ];
    let mut t_min = 0.0_f32;
    let mut t_max = f32::INFINITY;
    for (o, d, low, high) in slabs {
        if d.abs() < 1e-9 {
            if o < low || o > high {
                return None;
            }
            continue;
        }
        let t1 = (low - o) / d;
        let t2 = (high - o) / d;
        t_min = t_min.max(t1.min(t2));
        t_max = t_max.min(t1.max(t2));
        if t_max < t_min {
            return None;
        }
    }
    Some(t_min)
}

impl HallLayout {
    /// Finds the booth a 3D ray from the eye hits first, as an index into `self.booths`, with its distance.
    pub fn pick_booth_3d(&self, origin: Vec3, direction: Vec3) -> Option<(usize, f32)> {
        self.booths
            .iter()
            .enumerate()
            .filter_map(|(index, slot)| ray_hit_box(&slot.footprint, BACKDROP_SIZE.y, origin, direction).map(|t| (index, t)))
            .min_by(|a, b| a.1.total_cmp(&b.1))
    }

    /// Distance along a 3D ray to the first obstacle other than a booth (walls, pillars, boards)
    /// that it meets below `height`.
    pub fn first_wall_hit(&self, origin: Vec3, direction: Vec3, height: f32) -> Option<f32> {
        self.obstacles
            .iter()
            .filter(|rect| !self.booths.iter().any(|slot| slot.footprint == **rect))
            .filter_map(|rect| ray_hit_box(rect, height, origin, direction))
            .min_by(f32::total_cmp)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ray_hits_box_front_face() {
        let rect = Rect2::new(Vec2::new(0.0, -5.0), Vec2::new(2.0, 2.0), 0.3);
        let t = ray_hit_box(&rect, 3.0, Vec3::new(0.0, 1.6, 0.0), Vec3::new(0.0, 0.0, -1.0)).unwrap();
        assert!(t > 3.5, "t = {t}");
        assert!(t < 4.5, "t = {t}");
    }

    #[test]
    fn ray_over_box_misses() {
        let rect = Rect2::new(Vec2::new(0.0, -5.0), Vec2::new(2.0, 2.0), 0.0);
        let over = Vec3::new(0.0, 1.0, -0.5).normalize();
        assert!(ray_hit_box(&rect, 1.0, Vec3::new(0.0, 1.6, 0.0), over).is_none());
    }
}
