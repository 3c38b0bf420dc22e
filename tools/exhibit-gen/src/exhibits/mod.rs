//! The bundled exhibit models, one module each.
//!
//! Every model is Y-up in metres with its front towards +Z (vehicles drive towards +Z). Each
//! build ends with [`Model::fit_to`], which scales the model to its display size and puts its
//! base on y = 0, centred on x = z = 0.

mod parts;

mod citrus;
mod dna_helix;
mod drone;
mod electric_car;
mod engine;
mod fire_truck;
mod harbour_crane;
mod microscope;
mod robot_arm;
mod satellite_dish;
mod seismograph;
mod sugarcane;
mod train;
mod weather_station;
mod wheel_loader;
mod wind_turbine;

pub use parts::srgb;

use crate::math::{Vec3, vec3};
use crate::model::{Material, MaterialId, Model};

/// Display size for the largest exhibits: a little inside the 2.4 m x 2.6 m x 2.4 m
/// (width x height x depth) space above a booth plinth.
pub const FIT_LARGE: Vec3 = vec3(2.3, 2.5, 2.3);

/// One bundled exhibit: its output file name and the function that builds it.
#[derive(Debug, Clone, Copy)]
pub struct Exhibit {
    pub file_name: &'static str,
    pub build: fn() -> Model,
}

/// All bundled exhibits, in output order. Other parts of the project refer to these file names.
pub const EXHIBITS: &[Exhibit] = &[
    Exhibit {
        file_name: "wheel-loader.glb",
        build: wheel_loader::build,
    },
    Exhibit {
        file_name: "electric-car.glb",
        build: electric_car::build,
    },
    Exhibit {
        file_name: "engine.glb",
        build: engine::build,
    },
    Exhibit {
        file_name: "harbour-crane.glb",
        build: harbour_crane::build,
    },
    Exhibit {
        file_name: "sugarcane.glb",
        build: sugarcane::build,
    },
    Exhibit {
        file_name: "citrus.glb",
        build: citrus::build,
    },
    Exhibit {
        file_name: "satellite-dish.glb",
        build: satellite_dish::build,
    },
    Exhibit {
        file_name: "dna-helix.glb",
        build: dna_helix::build,
    },
    Exhibit {
        file_name: "microscope.glb",
        build: microscope::build,
    },
    Exhibit {
        file_name: "seismograph.glb",
        build: seismograph::build,
    },
    Exhibit {
        file_name: "weather-station.glb",
        build: weather_station::build,
    },
    Exhibit {
        file_name: "train.glb",
        build: train::build,
    },
    Exhibit {
        file_name: "wind-turbine.glb",
        build: wind_turbine::build,
    },
    Exhibit {
        file_name: "robot-arm.glb",
        build: robot_arm::build,
    },
    Exhibit {
        file_name: "drone.glb",
        build: drone::build,
    },
    Exhibit {
        file_name: "fire-truck.glb",
        build: fire_truck::build,
    },
];

/// Materials that many exhibits share. Materials a model never uses are dropped on export.
pub(crate) struct Palette {
    pub rubber: MaterialId,
    pub steel: MaterialId,
    pub chrome: MaterialId,
    pub dark_metal: MaterialId,
    pub aluminium: MaterialId,
    pub glass: MaterialId,
    pub black_plastic: MaterialId,
    pub white_plastic: MaterialId,
    pub head_lamp: MaterialId,
    pub tail_lamp: MaterialId,
}

impl Palette {
    pub fn standard(model: &mut Model) -> Palette {
        Palette {
            rubber: model
                .add_material(Material::new("tyre rubber", srgb(0x1C1C1C)).with_roughness(0.9)),
            steel: model.add_material(Material::metal("steel", srgb(0x9A9EA3), 0.4)),
            chrome: model.add_material(Material::metal("chrome", srgb(0xDADDE0), 0.12)),
            dark_metal: model.add_material(Material::metal("dark metal", srgb(0x3A3B3D), 0.55)),
            aluminium: model.add_material(Material::metal("aluminium", srgb(0xC8CBCF), 0.3)),
            glass: model.add_material(
                Material::new("tinted glass", srgb(0x1E2A33))
                    .with_roughness(0.08)
                    .with_metallic(0.3),
            ),
            black_plastic: model
                .add_material(Material::new("black plastic", srgb(0x151515)).with_roughness(0.6)),
            white_plastic: model
                .add_material(Material::new("white plastic", srgb(0xECEDEA)).with_roughness(0.45)),
            head_lamp: model.add_material(Material::emissive("head lamp", [1.0, 0.97, 0.9])),
            tail_lamp: model.add_material(Material::emissive("tail lamp", [0.9, 0.05, 0.03])),
        }
    }
}
