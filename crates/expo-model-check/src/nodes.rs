//! Nodes, scenes, cameras, skins and animations: references, and a node hierarchy that is a
//! forest of bounded depth.
//!
//! bevy_gltf 0.20.1 walks the hierarchy recursively (`check_is_part_of_cycle`, `load_node`),
//! so a deep tree overflows the stack, and a node with two parents makes the cycle check
//! revisit whole subtrees. The walks here are iterative.

use serde_json::Value;

use crate::MAX_NODE_DEPTH;
use crate::document::{Document, check_one_of};
use crate::error::ModelError;
use crate::json::{self, Object, field_path};

pub(crate) struct NodeInfo {
    pub children: Vec<usize>,
    pub mesh: Option<usize>,
}

pub(crate) fn check_cameras(document: &Document<'_>) -> Result<(), ModelError> {
    for (index, value) in document.cameras.iter().enumerate() {
        let path = format!("cameras[{index}]");
        let camera = json::as_object(value, &path)?;
        let camera_type = json::optional_str(camera, "type", &path)?
            .ok_or_else(|| json::missing(field_path(&path, "type")))?;
        check_one_of(
            camera_type,
            &["perspective", "orthographic"],
            "\"perspective\", \"orthographic\"",
            || field_path(&path, "type"),
        )?;
        // gltf 1.4.1 (`Camera::projection`) unwraps the object that `type` names, and
        // gltf-json only checks that one of the two is present.
        if json::optional_object(camera, camera_type, &path)?.is_none() {
            return Err(json::missing(field_path(&path, camera_type)));
        }
    }
    Ok(())
}

pub(crate) fn check_skins(document: &Document<'_>) -> Result<(), ModelError> {
    let node_count = document.nodes.len();
    for (index, value) in document.skins.iter().enumerate() {
        let path = format!("skins[{index}]");
        let skin = json::as_object(value, &path)?;
        if !skin.contains_key("joints") {
            return Err(json::missing(field_path(&path, "joints")));
        }
        for (joint_index, joint) in json::array(skin, "joints", &path)?.iter().enumerate() {
            json::index_value(
                joint,
                &format!("{path}.joints[{joint_index}]"),
                "nodes",
                node_count,
            )?;
        }
        json::optional_index(skin, "skeleton", &path, "nodes", node_count)?;
        json::optional_index(
            skin,
            "inverseBindMatrices",
            &path,
            "accessors",
            document.accessors.len(),
        )?;
    }
    Ok(())
}

pub(crate) fn check_animations(document: &Document<'_>) -> Result<(), ModelError> {
    for (index, value) in document.animations.iter().enumerate() {
        let path = format!("animations[{index}]");
        let animation = json::as_object(value, &path)?;
        let samplers = required_array(animation, "samplers", &path)?;
        let channels = required_array(animation, "channels", &path)?;

        for (sampler_index, sampler) in samplers.iter().enumerate() {
            let sampler_path = format!("{path}.samplers[{sampler_index}]");
            let sampler = json::as_object(sampler, &sampler_path)?;
            let accessor_count = document.accessors.len();
            json::required_index(sampler, "input", &sampler_path, "accessors", accessor_count)?;
            json::required_index(
                sampler,
                "output",
                &sampler_path,
                "accessors",
                accessor_count,
            )?;
            if let Some(interpolation) =
                json::optional_str(sampler, "interpolation", &sampler_path)?
            {
                check_one_of(
                    interpolation,
                    &["LINEAR", "STEP", "CUBICSPLINE"],
                    "\"LINEAR\", \"STEP\", \"CUBICSPLINE\"",
                    || field_path(&sampler_path, "interpolation"),
                )?;
            }
        }

        for (channel_index, channel) in channels.iter().enumerate() {
            let channel_path = format!("{path}.channels[{channel_index}]");
            let channel = json::as_object(channel, &channel_path)?;
            json::required_index(
                channel,
                "sampler",
                &channel_path,
                "animation samplers",
                samplers.len(),
            )?;

            let target_path = field_path(&channel_path, "target");
            let target = json::optional_object(channel, "target", &channel_path)?
                .ok_or_else(|| json::missing(target_path.clone()))?;
            json::optional_index(target, "node", &target_path, "nodes", document.nodes.len())?;
            let target_property = json::optional_str(target, "path", &target_path)?
                .ok_or_else(|| json::missing(field_path(&target_path, "path")))?;
            check_one_of(
                target_property,
                &["translation", "rotation", "scale", "weights"],
                "\"translation\", \"rotation\", \"scale\", \"weights\"",
                || field_path(&target_path, "path"),
            )?;
        }
    }
    Ok(())
}

fn required_array<'a>(
    object: &'a Object,
    key: &str,
    path: &str,
) -> Result<&'a [Value], ModelError> {
    if !object.contains_key(key) {
        return Err(json::missing(field_path(path, key)));
    }
    json::array(object, key, path)
}

/// Checks each node's references and returns its children and mesh.
pub(crate) fn check_nodes(document: &Document<'_>) -> Result<Vec<NodeInfo>, ModelError> {
    let node_count = document.nodes.len();
    let light_count = light_count(document.root)?;
    let mut nodes = Vec::with_capacity(node_count);

    for (index, value) in document.nodes.iter().enumerate() {
        let path = format!("nodes[{index}]");
        let node = json::as_object(value, &path)?;

        let mut children = Vec::new();
        for (child_index, child) in json::array(node, "children", &path)?.iter().enumerate() {
            children.push(json::index_value(
                child,
                &format!("{path}.children[{child_index}]"),
                "nodes",
                node_count,
            )?);
        }
        let mesh = json::optional_index(node, "mesh", &path, "meshes", document.meshes.len())?;
        json::optional_index(node, "skin", &path, "skins", document.skins.len())?;
        json::optional_index(node, "camera", &path, "cameras", document.cameras.len())?;

        if let Some(extensions) = json::optional_object(node, "extensions", &path)? {
            let extensions_path = field_path(&path, "extensions");
            if let Some(light) =
                json::optional_object(extensions, "KHR_lights_punctual", &extensions_path)?
            {
                let light_path = field_path(&extensions_path, "KHR_lights_punctual");
                json::required_index(
                    light,
                    "light",
                    &light_path,
                    "KHR_lights_punctual lights",
                    light_count,
                )?;
            }
        }
        nodes.push(NodeInfo { children, mesh });
    }
    Ok(nodes)
}

/// Returns the number of lights in the root `extensions.KHR_lights_punctual.lights`.
fn light_count(root: &Object) -> Result<usize, ModelError> {
    let Some(extensions) = json::optional_object(root, "extensions", "")? else {
        return Ok(0);
    };
    let Some(lights) = json::optional_object(extensions, "KHR_lights_punctual", "extensions")?
    else {
        return Ok(0);
    };
    Ok(json::array(lights, "lights", "extensions.KHR_lights_punctual")?.len())
}

/// Checks that the nodes form a forest: one parent at most, no cycles, and depth at most
/// [`MAX_NODE_DEPTH`]. Runs in time linear in the number of nodes, without recursion.
pub(crate) fn check_hierarchy(nodes: &[NodeInfo]) -> Result<(), ModelError> {
    let parents = find_parents(nodes)?;

    // depths[node] is 0 until known. For each node of unknown depth, walk up the parents until a
    // node of known depth or a root, then assign depths on the way back down.
    let mut depths = vec![0u64; nodes.len()];
    let mut on_walk = vec![false; nodes.len()];
    let mut walk: Vec<usize> = Vec::new();

    for start in 0..nodes.len() {
        let mut node = start;
        let mut base_depth = 0;
        loop {
            if depths[node] != 0 {
                base_depth = depths[node];
                break;
            }
            if on_walk[node] {
                return Err(cycle_error(&walk, node));
            }
            on_walk[node] = true;
            walk.push(node);
            match parents[node] {
                Some(parent) => node = parent,
                None => break,
            }
        }

        // The walk runs from `start` up towards the root, so pop from the root end.
        let mut depth = base_depth;
        while let Some(node) = walk.pop() {
            depth += 1;
            if depth > MAX_NODE_DEPTH {
                return Err(ModelError::TooDeep {
                    node,
                    depth,
                    limit: MAX_NODE_DEPTH,
                });
            }
            depths[node] = depth;
            on_walk[node] = false;
        }
    }
    Ok(())
}

/// Returns each node's parent, or the error for a node with two parents.
fn find_parents(nodes: &[NodeInfo]) -> Result<Vec<Option<usize>>, ModelError> {
    let mut parents: Vec<Option<usize>> = vec![None; nodes.len()];
    for (parent, node) in nodes.iter().enumerate() {
        for &child in &node.children {
            if let Some(first_parent) = parents[child] {
                return Err(ModelError::MultipleParents {
                    node: child,
                    first_parent,
                    second_parent: parent,
                });
            }
            parents[child] = Some(parent);
        }
    }
    Ok(parents)
}

/// Builds the cycle error from an upward walk that reached `repeated` a second time.
fn cycle_error(walk: &[usize], repeated: usize) -> ModelError {
    let first = walk.iter().position(|&node| node == repeated).unwrap_or(0);
    // The walk goes from child to parent; the message lists parent to child.
    let mut cycle: Vec<usize> = walk[first..].to_vec();
    cycle.reverse();
    ModelError::NodeCycle { nodes: cycle }
}

/// Checks scenes and `scene`, and returns the root nodes of the default scene: `scene`, else
/// `scenes[0]`, else `None`.
pub(crate) fn check_scenes(document: &Document<'_>) -> Result<Option<Vec<usize>>, ModelError> {
    let mut scene_roots = Vec::with_capacity(document.scenes.len());
    for (index, value) in document.scenes.iter().enumerate() {
        let path = format!("scenes[{index}]");
        let scene = json::as_object(value, &path)?;
        let mut roots = Vec::new();
        for (root_index, root) in json::array(scene, "nodes", &path)?.iter().enumerate() {
            roots.push(json::index_value(
                root,
                &format!("{path}.nodes[{root_index}]"),
                "nodes",
                document.nodes.len(),
            )?);
        }
        scene_roots.push(roots);
    }

    let default_scene =
        json::optional_index(document.root, "scene", "", "scenes", scene_roots.len())?.unwrap_or(0);
    Ok(scene_roots.into_iter().nth(default_scene))
}

/// Counts the triangles of every mesh instance in the default scene; without scenes, every
/// mesh counts once. A node reached twice (listed twice in the scene, or both as a root and
/// below another root) counts once, which also bounds the walk by the node count.
pub(crate) fn estimate_triangles(
    nodes: &[NodeInfo],
    default_scene: Option<&[usize]>,
    mesh_triangles: &[u64],
) -> u64 {
    let Some(roots) = default_scene else {
        return mesh_triangles
            .iter()
            .fold(0, |total: u64, &triangles| total.saturating_add(triangles));
    };

    let mut total: u64 = 0;
    let mut visited = vec![false; nodes.len()];
    let mut pending: Vec<usize> = roots.to_vec();
    while let Some(node) = pending.pop() {
        if visited[node] {
            continue;
        }
        visited[node] = true;
        if let Some(mesh) = nodes[node].mesh {
            total = total.saturating_add(mesh_triangles[mesh]);
        }
        pending.extend_from_slice(&nodes[node].children);
    }
    total
}
