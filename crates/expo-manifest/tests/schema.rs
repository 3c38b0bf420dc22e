//! The committed JSON Schema matches the model.

const SCHEMA_FILE: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/../../docs/manifest.schema.json"
);

#[test]
fn committed_schema_is_current() {
    let committed = std::fs::read_to_string(SCHEMA_FILE)
        .unwrap_or_else(|error| panic!("cannot read {SCHEMA_FILE}: {error}"));
    assert!(
        committed == expo_manifest::schema_json(),
        "docs/manifest.schema.json is out of date with the model. Regenerate it from the repository root with:\n  cargo run -p expo-manifest --bin expo-validate -- --schema > docs/manifest.schema.json"
    );
}

#[test]
fn schema_describes_manifest() {
    let schema: serde_json::Value = serde_json::from_str(&expo_manifest::schema_json()).unwrap();
    assert_eq!(schema["title"], "Manifest");
    assert_eq!(
        schema["required"],
        serde_json::json!(["format", "exhibition", "zones", "booths"])
    );
    assert_eq!(
        schema["$defs"]["Model"]["properties"]["scale"]["minimum"],
        0.01
    );
    assert_eq!(
        schema["$defs"]["Booth"]["properties"]["id"]["pattern"],
        "^[a-z0-9][a-z0-9-]{0,63}$"
    );
    assert!(expo_manifest::schema_json().ends_with("}\n"));
}
