//! Model residency: the model files nearest to the visitor stay loaded, up to a budget, and
//! models far from the visitor are hidden.
//!
//! Booths that show the same file share one loaded copy, so memory grows with the number of
//! distinct files in use, not with the number of booths. Files are ranked by their nearest
//! booth, and the first `MAX_RESIDENT_FILES` load nearest-first. A loaded file is unloaded only
//! once it ranks beyond `MAX_RESIDENT_FILES + UNLOAD_MARGIN`, so walking back and forth along
//! the boundary does not reload the same files again and again.

use bevy::math::Vec2;

/// Model files loaded at the same time, at most; booths whose file is not loaded show the
/// stand-in. NOTE: an estimate sized for merged exhibit models of about 0.1–0.5 MB each, not
/// measured with large distinct models.
pub const MAX_RESIDENT_FILES: usize = 64;
/// Ranks beyond `MAX_RESIDENT_FILES` that a loaded file may fall before it is unloaded.
pub const UNLOAD_MARGIN: usize = 16;

/// Distance from the visitor, in metres, beyond which a shown model is hidden; its plinth and
/// backdrop stay as the stand-in. NOTE: chosen so the bundled hall's pavilion rows stay
/// populated, not tuned on a phone.
pub const HIDE_DISTANCE: f32 = 45.0;
/// Distance within which a hidden model shows again; less than `HIDE_DISTANCE`, so a visitor
/// standing near the boundary does not make models blink.
pub const SHOW_DISTANCE: f32 = 40.0;

/// Returns whether a booth's model is drawn at `distance` from the visitor, given whether it
/// was drawn before.
pub fn model_shown(shown: bool, distance: f32) -> bool {
    if shown { distance <= HIDE_DISTANCE } else { distance <= SHOW_DISTANCE }
}

/// Returns the distinct files of `booths` (each a floor position and a file index), nearest
/// booth first, ranked by the distance of each file's nearest booth from `visitor`. Ties keep
/// the order of `booths`.
pub fn rank_files(booths: &[(Vec2, usize)], visitor: Vec2) -> Vec<usize> {
    let mut nearest: Vec<(f32, usize, usize)> = Vec::new();
    let mut slot_of: std::collections::HashMap<usize, usize> = Default::default();
    for (order, &(position, file)) in booths.iter().enumerate() {
        let distance = position.distance_squared(visitor);
        match slot_of.get(&file) {
            Some(&slot) => {
                if distance < nearest[slot].0 {
                    nearest[slot] = (distance, nearest[slot].1, file);
                }
            }
            None => {
                slot_of.insert(file, nearest.len());
                nearest.push((distance, order, file));
            }
        }
    }
    nearest.sort_by(|a, b| a.0.total_cmp(&b.0).then(a.1.cmp(&b.1)));
    nearest.into_iter().map(|(_, _, file)| file).collect()
}

/// Returns the loaded files to unload: those ranked at `keep` or beyond in `ranking`.
pub fn files_to_unload(loaded: impl IntoIterator<Item = usize>, ranking: &[usize], keep: usize) -> Vec<usize> {
    let kept: std::collections::HashSet<usize> = ranking.iter().take(keep).copied().collect();
    let mut unload: Vec<usize> = loaded.into_iter().filter(|file| !kept.contains(file)).collect();
    unload.sort_unstable();
    unload
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn model_visibility_has_hysteresis() {
        assert!(model_shown(false, SHOW_DISTANCE));
        assert!(!model_shown(false, SHOW_DISTANCE + 1.0), "a hidden model stays hidden until it is within the show distance");
        assert!(model_shown(true, HIDE_DISTANCE - 1.0), "a shown model stays shown until it is beyond the hide distance");
        assert!(!model_shown(true, HIDE_DISTANCE + 0.1));
    }

    #[test]
    fn files_rank_by_their_nearest_booth() {
        // File 7 has a far booth and a near one; file 3 is in between.
        let booths = [(Vec2::new(50.0, 0.0), 7), (Vec2::new(20.0, 0.0), 3), (Vec2::new(5.0, 0.0), 7), (Vec2::new(90.0, 0.0), 1)];
        assert_eq!(rank_files(&booths, Vec2::ZERO), vec![7, 3, 1]);
        assert_eq!(rank_files(&booths, Vec2::new(95.0, 0.0)), vec![1, 7, 3]);
    }

    #[test]
    fn ties_keep_booth_order() {
        let booths = [(Vec2::new(0.0, 10.0), 2), (Vec2::new(10.0, 0.0), 1)];
        assert_eq!(rank_files(&booths, Vec2::ZERO), vec![2, 1]);
        assert!(rank_files(&[], Vec2::ZERO).is_empty());
    }

    #[test]
    fn only_files_beyond_keep_unload() {
        let ranking = [4, 2, 9, 5, 1];
        assert_eq!(files_to_unload([1, 2, 5], &ranking, 3), vec![1, 5]);
        assert_eq!(files_to_unload([4, 2], &ranking, 3), Vec::<usize>::new());
        // A file no booth ranks any more unloads too.
        assert_eq!(files_to_unload([8], &ranking, 5), vec![8]);
    }

    #[test]
    fn margin_keeps_files_near_the_boundary() {
        // 100 files in a row, one booth each, 1 m apart; the visitor walks 10 m along them.
        let booths: Vec<(Vec2, usize)> = (0..100).map(|i| (Vec2::new(i as f32, 0.0), i)).collect();
        let loaded: Vec<usize> = rank_files(&booths, Vec2::ZERO).into_iter().take(MAX_RESIDENT_FILES).collect();
        let ranking = rank_files(&booths, Vec2::new(10.0, 0.0));
        assert!(files_to_unload(loaded.iter().copied(), &ranking, MAX_RESIDENT_FILES + UNLOAD_MARGIN).is_empty());
        let far = rank_files(&booths, Vec2::new(99.0, 0.0));
        let unloaded = files_to_unload(loaded.iter().copied(), &far, MAX_RESIDENT_FILES + UNLOAD_MARGIN);
        assert_eq!(unloaded, (0..20).collect::<Vec<_>>(), "files beyond rank 80 from the far end unload");
    }
}
