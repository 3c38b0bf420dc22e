//! Small 3D vector, quaternion and transform types, just enough for building meshes.
//!
//! Conventions follow glTF: right-handed, Y up, quaternions stored as `[x, y, z, w]`.

use std::ops::{Add, AddAssign, Div, Mul, Neg, Sub};

/// A 3D vector or point in metres.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct Vec3 {
    pub x: f32,
    pub y: f32,
    pub z: f32,
}

impl Vec3 {
    pub const ZERO: Vec3 = Vec3::new(0.0, 0.0, 0.0);
    pub const ONE: Vec3 = Vec3::new(1.0, 1.0, 1.0);
    pub const X: Vec3 = Vec3::new(1.0, 0.0, 0.0);
    pub const Y: Vec3 = Vec3::new(0.0, 1.0, 0.0);
    pub const Z: Vec3 = Vec3::new(0.0, 0.0, 1.0);

    pub const fn new(x: f32, y: f32, z: f32) -> Self {
        Vec3 { x, y, z }
    }

    pub const fn splat(value: f32) -> Self {
        Vec3::new(value, value, value)
    }

    pub fn dot(self, other: Vec3) -> f32 {
        self.x * other.x + self.y * other.y + self.z * other.z
    }

    pub fn cross(self, other: Vec3) -> Vec3 {
        Vec3::new(
            self.y * other.z - self.z * other.y,
            self.z * other.x - self.x * other.z,
            self.x * other.y - self.y * other.x,
        )
    }

    pub fn length(self) -> f32 {
        self.dot(self).sqrt()
    }

    /// Returns the unit vector in the same direction, or zero for a (near-)zero vector.
    pub fn normalize_or_zero(self) -> Vec3 {
        let length = self.length();
        if length > 1e-12 {
            self / length
        } else {
            Vec3::ZERO
        }
    }

    /// Multiplies component by component.
    pub fn mul_elements(self, other: Vec3) -> Vec3 {
        Vec3::new(self.x * other.x, self.y * other.y, self.z * other.z)
    }

    pub fn min(self, other: Vec3) -> Vec3 {
        Vec3::new(
            self.x.min(other.x),
            self.y.min(other.y),
            self.z.min(other.z),
        )
    }

    pub fn max(self, other: Vec3) -> Vec3 {
        Vec3::new(
            self.x.max(other.x),
            self.y.max(other.y),
            self.z.max(other.z),
        )
    }

    pub fn lerp(self, other: Vec3, t: f32) -> Vec3 {
        self + (other - self) * t
    }

    /// Returns any unit vector perpendicular to `self`, which must be non-zero.
    pub fn any_perpendicular(self) -> Vec3 {
        let helper = if self.x.abs() < 0.9 { Vec3::X } else { Vec3::Y };
        self.cross(helper).normalize_or_zero()
    }

    pub fn to_array(self) -> [f32; 3] {
        [self.x, self.y, self.z]
    }
}

impl Add for Vec3 {
    type Output = Vec3;
    fn add(self, other: Vec3) -> Vec3 {
        Vec3::new(self.x + other.x, self.y + other.y, self.z + other.z)
    }
}

impl AddAssign for Vec3 {
    fn add_assign(&mut self, other: Vec3) {
        *self = *self + other;
    }
}

impl Sub for Vec3 {
    type Output = Vec3;
    fn sub(self, other: Vec3) -> Vec3 {
        Vec3::new(self.x - other.x, self.y - other.y, self.z - other.z)
    }
}

impl Mul<f32> for Vec3 {
    type Output = Vec3;
    fn mul(self, factor: f32) -> Vec3 {
        Vec3::new(self.x * factor, self.y * factor, self.z * factor)
    }
}

impl Div<f32> for Vec3 {
    type Output = Vec3;
    fn div(self, divisor: f32) -> Vec3 {
        Vec3::new(self.x / divisor, self.y / divisor, self.z / divisor)
    }
}

impl Neg for Vec3 {
    type Output = Vec3;
    fn neg(self) -> Vec3 {
        Vec3::new(-self.x, -self.y, -self.z)
    }
}

/// Shorthand for [`Vec3::new`], which keeps the long coordinate lists in the exhibits readable.
pub const fn vec3(x: f32, y: f32, z: f32) -> Vec3 {
    Vec3::new(x, y, z)
}

/// A unit quaternion describing a rotation.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Quat {
    pub x: f32,
    pub y: f32,
    pub z: f32,
    pub w: f32,
}

impl Quat {
    pub const IDENTITY: Quat = Quat {
        x: 0.0,
        y: 0.0,
        z: 0.0,
        w: 1.0,
    };

    /// Creates a rotation of `angle` radians about `axis`, counterclockwise when looking
    /// down the axis towards the origin (right-hand rule).
    pub fn from_axis_angle(axis: Vec3, angle: f32) -> Quat {
        let axis = axis.normalize_or_zero();
        let (sin, cos) = (angle * 0.5).sin_cos();
        Quat {
            x: axis.x * sin,
            y: axis.y * sin,
            z: axis.z * sin,
            w: cos,
        }
    }

    pub fn from_rotation_x(angle: f32) -> Quat {
        Quat::from_axis_angle(Vec3::X, angle)
    }

    pub fn from_rotation_y(angle: f32) -> Quat {
        Quat::from_axis_angle(Vec3::Y, angle)
    }

    pub fn from_rotation_z(angle: f32) -> Quat {
        Quat::from_axis_angle(Vec3::Z, angle)
    }

    /// Returns the shortest rotation that turns unit vector `from` into unit vector `to`.
    pub fn from_rotation_arc(from: Vec3, to: Vec3) -> Quat {
        let from = from.normalize_or_zero();
        let to = to.normalize_or_zero();
        let dot = from.dot(to);
        if dot > 1.0 - 1e-6 {
            return Quat::IDENTITY;
        }
        if dot < -1.0 + 1e-6 {
            return Quat::from_axis_angle(from.any_perpendicular(), std::f32::consts::PI);
        }
        let axis = from.cross(to);
        Quat {
            x: axis.x,
            y: axis.y,
            z: axis.z,
            w: 1.0 + dot,
        }
        .normalize()
    }

    pub fn normalize(self) -> Quat {
        let length = (self.x * self.x + self.y * self.y + self.z * self.z + self.w * self.w).sqrt();
        Quat {
            x: self.x / length,
            y: self.y / length,
            z: self.z / length,
            w: self.w / length,
        }
    }

    pub fn rotate(self, v: Vec3) -> Vec3 {
        let q = Vec3::new(self.x, self.y, self.z);
        let t = q.cross(v) * 2.0;
        v + t * self.w + q.cross(t)
    }

    pub fn is_identity(self) -> bool {
        self.x == 0.0 && self.y == 0.0 && self.z == 0.0 && self.w == 1.0
    }

    pub fn to_array(self) -> [f32; 4] {
        [self.x, self.y, self.z, self.w]
    }
}

/// Composes rotations: `a * b` rotates by `b` first, then by `a`.
impl Mul for Quat {
    type Output = Quat;
    fn mul(self, b: Quat) -> Quat {
        let a = self;
        Quat {
            x: a.w * b.x + a.x * b.w + a.y * b.z - a.z * b.y,
            y: a.w * b.y - a.x * b.z + a.y * b.w + a.z * b.x,
            z: a.w * b.z + a.x * b.y - a.y * b.x + a.z * b.w,
            w: a.w * b.w - a.x * b.x - a.y * b.y - a.z * b.z,
        }
    }
}

/// A translation, rotation and scale, applied to a point in the order scale, rotate, translate
/// (the glTF node TRS order).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Transform {
    pub translation: Vec3,
    pub rotation: Quat,
    pub scale: Vec3,
}

impl Transform {
    pub const IDENTITY: Transform = Transform {
        translation: Vec3::ZERO,
        rotation: Quat::IDENTITY,
        scale: Vec3::ONE,
    };

    pub fn from_translation(translation: Vec3) -> Transform {
        Transform {
            translation,
            ..Transform::IDENTITY
        }
    }

    pub fn from_rotation(rotation: Quat) -> Transform {
        Transform {
            rotation,
            ..Transform::IDENTITY
        }
    }

    pub fn from_translation_rotation(translation: Vec3, rotation: Quat) -> Transform {
        Transform {
            translation,
            rotation,
            scale: Vec3::ONE,
        }
    }

    pub fn transform_point(&self, point: Vec3) -> Vec3 {
        self.rotation.rotate(point.mul_elements(self.scale)) + self.translation
    }

    /// Transforms a surface normal with the inverse transpose of the linear part and
    /// renormalizes it, so non-uniform scales keep normals perpendicular to the surface.
    pub fn transform_normal(&self, normal: Vec3) -> Vec3 {
        let inverse_scale = Vec3::new(1.0 / self.scale.x, 1.0 / self.scale.y, 1.0 / self.scale.z);
        self.rotation
            .rotate(normal.mul_elements(inverse_scale))
            .normalize_or_zero()
    }

    /// Returns whether the transform mirrors geometry, which reverses triangle winding.
    pub fn is_mirroring(&self) -> bool {
        self.scale.x * self.scale.y * self.scale.z < 0.0
    }
}
