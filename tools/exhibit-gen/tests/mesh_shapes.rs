//! Checks the mesh builders on closed shapes: unit normals, every triangle wound
//! counterclockwise as seen from its normal side, and an enclosed volume that is positive
//! (outward-facing surface) and close to the exact one.

use std::f64::consts::PI;

use exhibit_gen::math::{Quat, Transform, Vec3, vec3};
use exhibit_gen::mesh::{Mesh, Section, SweepFrame, circle, helix, naca_airfoil, rounded_rect};

/// Returns the signed volume enclosed by a closed mesh (divergence theorem); positive when
/// the triangles are counterclockwise seen from outside.
fn signed_volume(mesh: &Mesh) -> f64 {
    mesh.indices
        .chunks_exact(3)
        .map(|t| {
            let [a, b, c] = [t[0], t[1], t[2]].map(|i| mesh.positions[i as usize]);
            f64::from(a.dot(b.cross(c))) / 6.0
        })
        .sum()
}

/// Asserts unit normals and that each face normal agrees with its vertex normals.
fn assert_consistent(name: &str, mesh: &Mesh) {
    assert!(!mesh.is_empty(), "{name}: no triangles");
    for (i, normal) in mesh.normals.iter().enumerate() {
        assert!(
            (normal.length() - 1.0).abs() < 1e-4,
            "{name}: normal {i} has length {}",
            normal.length()
        );
    }
    for (k, t) in mesh.indices.chunks_exact(3).enumerate() {
        let [a, b, c] = [t[0], t[1], t[2]].map(|i| mesh.positions[i as usize]);
        let face = (b - a).cross(c - a);
        let sum =
            mesh.normals[t[0] as usize] + mesh.normals[t[1] as usize] + mesh.normals[t[2] as usize];
        assert!(
            face.dot(sum) >= 0.0,
            "{name}: triangle {k} is wound against its normals"
        );
    }
}

/// Asserts that the mesh encloses `expected` cubic metres within `tolerance` (a fraction).
fn assert_volume(name: &str, mesh: &Mesh, expected: f64, tolerance: f64) {
    let volume = signed_volume(mesh);
    assert!(
        volume > 0.0,
        "{name}: signed volume {volume} is not positive, so normals point inwards"
    );
    assert!(
        (volume - expected).abs() <= expected * tolerance,
        "{name}: volume {volume:.5} differs from {expected:.5}"
    );
}

#[test]
fn cuboid_volume() {
    let mesh = Mesh::cuboid(vec3(1.0, 2.0, 3.0));
    assert_consistent("cuboid", &mesh);
    assert_volume("cuboid", &mesh, 6.0, 1e-6);
    assert_eq!(mesh.triangle_count(), 12);
}

#[test]
fn cylinder_volume() {
    let mesh = Mesh::cylinder(0.5, 2.0, 64);
    assert_consistent("cylinder", &mesh);

    // A 64-gon has slightly less area than the circle.
    assert_volume("cylinder", &mesh, PI * 0.25 * 2.0, 0.01);
}

#[test]
fn cone_volume() {
    let mesh = Mesh::cone(1.0, 3.0, 64);
    assert_consistent("cone", &mesh);
    assert_volume("cone", &mesh, PI / 3.0 * 3.0, 0.01);
}

#[test]
fn sphere_volume() {
    let mesh = Mesh::uv_sphere(1.0, 64, 32);
    assert_consistent("sphere", &mesh);
    assert_volume("sphere", &mesh, 4.0 / 3.0 * PI, 0.01);
    let (min, max) = mesh.bounds().expect("sphere has vertices");
    assert!(
        (min.y + 1.0).abs() < 1e-6 && (max.y - 1.0).abs() < 1e-6,
        "sphere poles at {} and {}",
        min.y,
        max.y
    );
}

#[test]
fn torus_volume() {
    let mesh = Mesh::torus(1.0, 0.25, 96, 32);
    assert_consistent("torus", &mesh);
    assert_volume("torus", &mesh, 2.0 * PI * PI * 1.0 * 0.0625, 0.01);
}

#[test]
fn extrusion_of_concave_outline() {
    // An L shape of area 3, clockwise on purpose.
    let outline = [
        [0.0, 0.0],
        [0.0, 2.0],
        [1.0, 2.0],
        [1.0, 1.0],
        [2.0, 1.0],
        [2.0, 0.0],
    ];
    let mesh = Mesh::extrude(&outline, 0.5);
    assert_consistent("extrusion", &mesh);
    assert_volume("extrusion", &mesh, 1.5, 1e-5);
}

#[test]
fn rounded_rect_extrusion_volume() {
    let mesh = Mesh::extrude(&rounded_rect(2.0, 1.0, 0.25, 8), 1.0);
    assert_consistent("rounded rect", &mesh);
    let area = 2.0 - (4.0 - PI) * 0.25 * 0.25;
    assert_volume("rounded rect", &mesh, area, 0.002);
}

#[test]
fn tube_along_polyline() {
    let path = [
        vec3(0.0, 0.0, 0.0),
        vec3(0.0, 1.0, 0.0),
        vec3(1.0, 2.0, 0.0),
        vec3(1.0, 3.0, 1.0),
    ];
    let mesh = Mesh::tube(&path, 0.1, 24);
    assert_consistent("tube", &mesh);
    assert!(signed_volume(&mesh) > 0.0, "tube normals point inwards");
}

#[test]
fn tube_along_helix() {
    let path = helix(0.5, 1.0, 2.0, 48, 0.0);
    let mesh = Mesh::tube(&path, 0.05, 16);
    assert_consistent("helix tube", &mesh);

    // Volume of a tube is about cross-section area times centre-line length.
    let length: f64 = path
        .windows(2)
        .map(|pair| f64::from((pair[1] - pair[0]).length()))
        .sum();
    assert_volume("helix tube", &mesh, PI * 0.0025 * length, 0.03);
}

#[test]
fn helix_is_right_handed() {
    let path = helix(1.0, 1.0, 1.0, 8, 0.0);

    // Right-handed about +Y: (p0 × p1) · Y > 0 for consecutive points seen from above.
    let turn = path[0].cross(path[1]);
    assert!(turn.y > 0.0, "helix turns clockwise seen from above");
    assert!(path[1].y > path[0].y, "helix does not rise");
}

#[test]
fn loft_closed_to_a_point() {
    // A nose-like loft: a square shrinking to a point, like the train's nose.
    let outline = rounded_rect(1.0, 1.0, 0.0, 1);
    let sections: Vec<Section> = (0..=8)
        .map(|i| {
            let t = i as f32 / 8.0;
            Section::in_xy_plane(t, [0.0, 0.0], [1.0 - t, 1.0 - t], 0.0)
        })
        .collect();
    let mesh = Mesh::loft(&outline, &sections);
    assert_consistent("loft", &mesh);

    // A square pyramid: base 1 x 1, height 1.
    assert_volume("loft", &mesh, 1.0 / 3.0, 0.02);
}

#[test]
fn twisted_airfoil_loft() {
    let sections: Vec<Section> = (0..=6)
        .map(|i| Section::in_xy_plane(i as f32, [0.0, 0.0], [1.0, 1.0], 0.1 * i as f32))
        .collect();
    let mesh = Mesh::loft(&naca_airfoil(0.2, 16), &sections);
    assert_consistent("airfoil loft", &mesh);
    assert!(
        signed_volume(&mesh) > 0.0,
        "airfoil loft normals point inwards"
    );
}

#[test]
fn sweep_with_fixed_side() {
    let path = [
        vec3(0.0, 0.0, 0.0),
        vec3(0.0, 1.0, 0.3),
        vec3(0.0, 1.4, 1.0),
        vec3(0.0, 1.2, 1.6),
    ];
    let mesh = Mesh::sweep(
        &circle(1.0, 8),
        &path,
        &[0.05, 0.1, 0.1, 0.01],
        SweepFrame::UToward(Vec3::X),
    );
    assert_consistent("leaf sweep", &mesh);
    assert!(
        signed_volume(&mesh) > 0.0,
        "leaf sweep normals point inwards"
    );
}

#[test]
fn mirroring_keeps_winding() {
    let mesh = Mesh::cylinder(0.5, 1.0, 16).transformed(&Transform {
        scale: vec3(-1.0, 1.0, 1.0),
        ..Transform::IDENTITY
    });
    assert_consistent("mirrored cylinder", &mesh);
    assert!(
        signed_volume(&mesh) > 0.0,
        "mirroring turned the cylinder inside out"
    );
}

#[test]
fn rotation_keeps_volume() {
    let mesh = Mesh::cuboid(Vec3::ONE)
        .rotated(Quat::from_axis_angle(vec3(1.0, 2.0, 3.0), 0.7))
        .translated(vec3(5.0, -2.0, 1.0));
    assert_consistent("rotated cuboid", &mesh);
    assert_volume("rotated cuboid", &mesh, 1.0, 1e-4);
}
