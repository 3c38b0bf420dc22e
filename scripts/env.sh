# Sourced by the scripts: where the build cache and the installed tools live, outside the clone,
# so a fresh clone reuses them. Override with EXPO_HALL_CACHE.
export EXPO_HALL_CACHE=${EXPO_HALL_CACHE:-$HOME/.cache/expo-hall}
export CARGO_TARGET_DIR=${CARGO_TARGET_DIR:-$EXPO_HALL_CACHE/target}
export EXPO_TOOLS=$EXPO_HALL_CACHE/tools
export PATH="$EXPO_TOOLS/bin:$HOME/.cargo/bin:$PATH"
