//! STUB
use crate::model::{Material, Model};
use crate::mesh::Mesh;
use crate::math::Vec3;
pub fn build() -> Model {
    let mut model = Model::new("seismograph");
    let m = model.add_material(Material::new("x", [0.5,0.5,0.5]));
    let root = model.root();
    model.add_mesh(root, m, Mesh::cuboid(Vec3::ONE));
    model.fit_to(super::FIT_LARGE);
    model
}
