//! Conversions from WebXR's column-major matrices and framebuffer viewports to Bevy types.

use bevy::camera::{CameraProjection, SubCameraView};
use bevy::math::{Mat4, UVec2, Vec3A, Vec4};
use bevy::prelude::*;

/// Reads a WebXR matrix (16 numbers, column-major, as `Float32Array`) into a [`Mat4`].
pub fn mat4_from_webxr(columns: &[f32; 16]) -> Mat4 {
    Mat4::from_cols_array(columns)
}

/// Converts an `XRRigidTransform.matrix` to a transform. WebXR spaces are right-handed with +y
/// up and -z forward, like Bevy's, so only the layout of the numbers changes.
pub fn transform_from_webxr(columns: &[f32; 16]) -> Transform {
    Transform::from_matrix(mat4_from_webxr(columns))
}

/// An eye's projection from the view's `projectionMatrix`, rebuilt for Bevy's reversed,
/// infinite depth.
///
/// WebXR gives an OpenGL-style projection with depth from -1 at `depthNear` to 1 at
/// `depthFar`; Bevy's renderer expects 1 at the near plane falling towards 0 at infinity. The
/// x and y rows, which carry the eye's asymmetric field of view, are kept as they are.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct XrProjection {
    /// Horizontal and vertical scale of the projection (`m[0]`, `m[5]`).
    pub scale: Vec2,
    /// Off-centre shift of the projection (`m[8]`, `m[9]`), zero for a symmetric frustum.
    pub offset: Vec2,
    /// Near plane distance, in metres.
    pub near: f32,
    /// Far distance used for culling and shadow cascades, in metres.
    pub far: f32,
}

impl XrProjection {
    /// Builds the projection from WebXR's matrix and the session's near and far planes.
    pub fn from_webxr(columns: &[f32; 16], near: f32, far: f32) -> XrProjection {
        XrProjection { scale: Vec2::new(columns[0], columns[5]), offset: Vec2::new(columns[8], columns[9]), near, far }
    }

    /// Returns the view-space point at `distance` in front of the eye that projects to the
    /// normalized device coordinates `ndc`.
    fn unproject(&self, ndc: Vec2, distance: f32) -> Vec3A {
        let x = (ndc.x + self.offset.x) * distance / self.scale.x;
        let y = (ndc.y + self.offset.y) * distance / self.scale.y;
        Vec3A::new(x, y, -distance)
    }
}

impl Default for XrProjection {
    fn default() -> Self {
        XrProjection { scale: Vec2::ONE, offset: Vec2::ZERO, near: 0.05, far: 400.0 }
    }
}

impl CameraProjection for XrProjection {
    fn get_clip_from_view(&self) -> Mat4 {
        Mat4::from_cols(
            Vec4::new(self.scale.x, 0.0, 0.0, 0.0),
            Vec4::new(0.0, self.scale.y, 0.0, 0.0),
            Vec4::new(self.offset.x, self.offset.y, 0.0, -1.0),
            Vec4::new(0.0, 0.0, self.near, 0.0),
        )
    }

    fn get_clip_from_view_for_sub(&self, _sub_view: &SubCameraView) -> Mat4 {
        // Eye cameras never render sub-views.
        self.get_clip_from_view()
    }

    fn update(&mut self, _width: f32, _height: f32) {
        // The headset decides the field of view; the viewport size does not change it.
    }

    fn far(&self) -> f32 {
        self.far
    }

    fn get_frustum_corners(&self, z_near: f32, z_far: f32) -> [Vec3A; 8] {
        // Bevy passes the depths as negative view-space z. Shadow cascades expect the corners
        // in this order: bottom right, top right, top left, bottom left, near plane first.
        let corners = [Vec2::new(1.0, -1.0), Vec2::new(1.0, 1.0), Vec2::new(-1.0, 1.0), Vec2::new(-1.0, -1.0)];
        let mut out = [Vec3A::ZERO; 8];
        for (index, corner) in corners.iter().enumerate() {
            out[index] = self.unproject(*corner, z_near.abs());
            out[index + 4] = self.unproject(*corner, z_far.abs());
        }
        out
    }
}

/// A viewport in framebuffer pixels as WebXR gives it, with its origin at the bottom left.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct XrViewport {
    pub x: i32,
    pub y: i32,
    pub width: i32,
    pub height: i32,
}

impl XrViewport {
    /// Converts to Bevy's top-left origin in a target of `target` pixels, clipped to the
    /// target. Returns `None` for a viewport with no pixels inside the target.
    pub fn to_bevy(self, target: UVec2) -> Option<(UVec2, UVec2)> {
        let target = target.as_ivec2();
        let left = self.x.clamp(0, target.x);
        let right = (self.x + self.width).clamp(0, target.x);
        let bottom = self.y.clamp(0, target.y);
        let top = (self.y + self.height).clamp(0, target.y);
        if right <= left || top <= bottom {
            return None;
        }
        let position = UVec2::new(left as u32, (target.y - top) as u32);
        let size = UVec2::new((right - left) as u32, (top - bottom) as u32);
        Some((position, size))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// WebXR's projection for a frustum with the given tangents, as `gl-matrix` builds it.
    fn webxr_projection(left: f32, right: f32, bottom: f32, top: f32, near: f32, far: f32) -> [f32; 16] {
        let (l, r, b, t) = (left * near, right * near, bottom * near, top * near);
        let mut m = [0.0; 16];
        m[0] = 2.0 * near / (r - l);
        m[5] = 2.0 * near / (t - b);
        m[8] = (r + l) / (r - l);
        m[9] = (t + b) / (t - b);
        m[10] = -(far + near) / (far - near);
        m[11] = -1.0;
        m[14] = -2.0 * far * near / (far - near);
        m
    }

    fn ndc(clip: Vec4) -> Vec3 {
        clip.truncate() / clip.w
    }

    #[test]
    fn projection_keeps_webxr_x_and_y() {
        let columns = webxr_projection(-1.0, 0.8, -0.9, 1.1, 0.05, 400.0);
        let webxr = mat4_from_webxr(&columns);
        let bevy = XrProjection::from_webxr(&columns, 0.05, 400.0).get_clip_from_view();
        for point in [Vec3::new(0.3, -0.2, -2.0), Vec3::new(-1.5, 0.7, -5.0), Vec3::new(0.0, 0.0, -0.5)] {
            let a = ndc(webxr * point.extend(1.0));
            let b = ndc(bevy * point.extend(1.0));
            assert!((a.x - b.x).abs() < 1e-5, "x: {a} vs {b}");
            assert!((a.y - b.y).abs() < 1e-5, "y: {a} vs {b}");
        }
    }

    #[test]
    fn projection_depth_is_reversed() {
        let columns = webxr_projection(-1.0, 1.0, -1.0, 1.0, 0.05, 400.0);
        let bevy = XrProjection::from_webxr(&columns, 0.05, 400.0).get_clip_from_view();
        let near = ndc(bevy * Vec4::new(0.0, 0.0, -0.05, 1.0));
        let far = ndc(bevy * Vec4::new(0.0, 0.0, -100.0, 1.0));
        assert!((near.z - 1.0).abs() < 1e-5, "near depth {}", near.z);
        assert!(far.z > 0.0, "far depth {}", far.z);
        assert!(far.z < 0.001, "far depth {}", far.z);
    }

    #[test]
    fn frustum_corners_project_to_ndc_corners() {
        let columns = webxr_projection(-1.2, 0.9, -1.0, 1.0, 0.05, 400.0);
        let projection = XrProjection::from_webxr(&columns, 0.05, 400.0);
        let clip = mat4_from_webxr(&columns);
        let corners = projection.get_frustum_corners(-1.0, -10.0);
        let expected = [(1.0, -1.0), (1.0, 1.0), (-1.0, 1.0), (-1.0, -1.0)];
        for (index, corner) in corners.iter().enumerate() {
            let projected = ndc(clip * Vec3::from(*corner).extend(1.0));
            let (x, y) = expected[index % 4];
            assert!((projected.x - x).abs() < 1e-4, "corner {index}: {projected}");
            assert!((projected.y - y).abs() < 1e-4, "corner {index}: {projected}");
        }
        assert_eq!(corners[0].z, -1.0);
        assert_eq!(corners[4].z, -10.0);
    }

    #[test]
    fn pose_matrix_becomes_transform() {
        // A viewer 1.7 m above the floor, 2 m back, turned 90 degrees to the left.
        let rotation = Quat::from_rotation_y(std::f32::consts::FRAC_PI_2);
        let matrix = Mat4::from_rotation_translation(rotation, Vec3::new(0.0, 1.7, 2.0));
        let transform = transform_from_webxr(&matrix.to_cols_array());
        assert!(transform.translation.distance(Vec3::new(0.0, 1.7, 2.0)) < 1e-6);
        let forward = transform.forward();
        assert!(forward.distance(Vec3::NEG_X) < 1e-5, "forward {forward}");
    }

    #[test]
    fn viewport_flips_to_top_left_origin() {
        let target = UVec2::new(1000, 500);
        let left = XrViewport { x: 0, y: 0, width: 500, height: 500 };
        let right = XrViewport { x: 500, y: 0, width: 500, height: 500 };
        assert_eq!(left.to_bevy(target), Some((UVec2::new(0, 0), UVec2::new(500, 500))));
        assert_eq!(right.to_bevy(target), Some((UVec2::new(500, 0), UVec2::new(500, 500))));
        let low = XrViewport { x: 0, y: 100, width: 200, height: 300 };
        assert_eq!(low.to_bevy(target), Some((UVec2::new(0, 100), UVec2::new(200, 300))));
    }

    #[test]
    fn viewport_is_clipped_to_target() {
        let target = UVec2::new(800, 400);
        let too_big = XrViewport { x: 400, y: 0, width: 500, height: 500 };
        assert_eq!(too_big.to_bevy(target), Some((UVec2::new(400, 0), UVec2::new(400, 400))));
        let outside = XrViewport { x: 900, y: 0, width: 100, height: 100 };
        assert_eq!(outside.to_bevy(target), None);
    }
}
