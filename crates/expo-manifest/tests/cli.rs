//! The `expo-validate` binary: output lines, languages, JSON output and exit codes.

mod common;

use std::path::PathBuf;
use std::process::{Command, Output};

use common::*;
use serde_json::{Value, json};

const BINARY: &str = env!("CARGO_BIN_EXE_expo-validate");

/// Writes `contents` to a file in this test target's temporary directory.
fn temp_file(name: &str, contents: &[u8]) -> PathBuf {
    let path = PathBuf::from(env!("CARGO_TARGET_TMPDIR"))
        .join(format!("expo-validate-{}-{name}", std::process::id()));
    std::fs::write(&path, contents).unwrap();
    path
}

fn run(args: &[&str]) -> Output {
    Command::new(BINARY)
        .args(args)
        .env_remove("LANG")
        .output()
        .expect("expo-validate runs")
}

fn stdout(output: &Output) -> String {
    String::from_utf8(output.stdout.clone()).unwrap()
}

fn stderr(output: &Output) -> String {
    String::from_utf8(output.stderr.clone()).unwrap()
}

fn broken_manifest() -> Vec<u8> {
    let mut value = valid();
    set(
        &mut value,
        "/booths/0/model/url",
        json!("javascript:alert(1)"),
    );
    set(&mut value, "/exhibition/sample_content", json!(true));
    serde_json::to_vec_pretty(&value).unwrap()
}

#[test]
fn valid_file_exits_zero() {
    let output = run(&[VALID_FIXTURE]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert_eq!(stdout(&output), "共检查 1 个文件：0 个错误，0 个警告。\n");
}

#[test]
fn errors_exit_one_with_chinese_lines() {
    let file = temp_file("broken-zh.json", &broken_manifest());
    let file = file.to_str().unwrap();
    let output = run(&[file]);
    assert_eq!(output.status.code(), Some(1));
    let text = stdout(&output);
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines.len(), 3, "{text}");
    assert!(
        lines[0].starts_with(&format!(
            "{file}: $.exhibition.sample_content: 警告: sample_content 为 true"
        )),
        "{}",
        lines[0]
    );
    assert_eq!(
        lines[1],
        format!(
            "{file}: $.booths[0].model.url: 错误: 链接 “javascript:alert(1)” 使用了不允许的协议 “javascript:”。只允许 http://、https:// 或相对于清单文件的路径。"
        )
    );
    assert_eq!(lines[2], "共检查 1 个文件：1 个错误，1 个警告。");
}

#[test]
fn lang_option_selects_english() {
    let file = temp_file("broken-en.json", &broken_manifest());
    let file = file.to_str().unwrap();
    let output = run(&["--lang", "en", file]);
    assert_eq!(output.status.code(), Some(1));
    let text = stdout(&output);
    assert!(
        text.contains(&format!(
            "{file}: $.booths[0].model.url: error: The URL \"javascript:alert(1)\""
        )),
        "{text}"
    );
    assert!(
        text.ends_with("Checked 1 file: 1 error, 1 warning.\n"),
        "{text}"
    );

    let output = run(&["--lang=en", file]);
    assert!(stdout(&output).ends_with("Checked 1 file: 1 error, 1 warning.\n"));
}

#[test]
fn lang_environment_variable_selects_english() {
    let output = Command::new(BINARY)
        .arg(VALID_FIXTURE)
        .env("LANG", "en_US.UTF-8")
        .output()
        .unwrap();
    assert_eq!(stdout(&output), "Checked 1 file: 0 errors, 0 warnings.\n");

    let output = Command::new(BINARY)
        .arg(VALID_FIXTURE)
        .env("LANG", "zh_CN.UTF-8")
        .output()
        .unwrap();
    assert_eq!(stdout(&output), "共检查 1 个文件：0 个错误，0 个警告。\n");
}

#[test]
fn warnings_only_exit_zero() {
    let mut value = valid();
    set(&mut value, "/exhibition/sample_content", json!(true));
    let file = temp_file("warning.json", &serde_json::to_vec(&value).unwrap());
    let output = run(&[file.to_str().unwrap()]);
    assert_eq!(output.status.code(), Some(0));
    assert!(stdout(&output).ends_with("共检查 1 个文件：0 个错误，1 个警告。\n"));
}

#[test]
fn json_output_is_an_array() {
    let file = temp_file("broken-json.json", &broken_manifest());
    let file = file.to_str().unwrap();
    let output = run(&["--json", "--lang", "en", file, VALID_FIXTURE]);
    assert_eq!(output.status.code(), Some(1));
    let problems: Value = serde_json::from_slice(&output.stdout).expect("stdout is JSON");
    let problems = problems.as_array().expect("a JSON array");
    assert_eq!(problems.len(), 2);
    assert_eq!(problems[1]["file"], file);
    assert_eq!(problems[1]["severity"], "error");
    assert_eq!(problems[1]["path"], "$.booths[0].model.url");
    assert_eq!(problems[1]["kind"]["code"], "invalid_url");
    assert_eq!(problems[1]["kind"]["url"], "javascript:alert(1)");
    assert_eq!(problems[1]["kind"]["issue"]["issue"], "disallowed_scheme");
    assert!(
        problems[1]["message"]
            .as_str()
            .unwrap()
            .starts_with("The URL")
    );
    assert_eq!(problems[0]["severity"], "warning");
    assert_eq!(problems[0]["kind"]["code"], "sample_content");
    assert_eq!(stderr(&output), "Checked 2 files: 1 error, 1 warning.\n");
}

#[test]
fn unreadable_file_exits_two() {
    let missing =
        PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("expo-validate-no-such-file.json");
    let missing = missing.to_str().unwrap();
    let output = run(&["--lang", "en", missing, VALID_FIXTURE]);
    assert_eq!(output.status.code(), Some(2));
    let message = stderr(&output);
    assert!(
        message.starts_with(&format!("{missing}: error: cannot read the file: ")),
        "{message}"
    );
    assert!(message.contains("os error 2"), "{message}");
    assert_eq!(
        stdout(&output),
        "Checked 2 files: 0 errors, 0 warnings, 1 file unreadable.\n"
    );
}

#[test]
fn unreadable_file_wins_over_errors() {
    let file = temp_file("broken-and-missing.json", &broken_manifest());
    let output = run(&[
        file.to_str().unwrap(),
        "/nonexistent/expo-validate/manifest.json",
    ]);
    assert_eq!(output.status.code(), Some(2));
}

#[test]
fn usage_errors_exit_two() {
    for args in [
        &[][..],
        &["--lang"],
        &["--lang", "fr", VALID_FIXTURE],
        &["--frobnicate", VALID_FIXTURE],
    ] {
        let output = run(args);
        assert_eq!(output.status.code(), Some(2), "args {args:?}");
        assert!(
            stderr(&output).contains("expo-validate --help"),
            "args {args:?}: {}",
            stderr(&output)
        );
        assert_eq!(stdout(&output), "", "args {args:?}");
    }
}

#[test]
fn help_is_bilingual() {
    let output = run(&["--help"]);
    assert_eq!(output.status.code(), Some(0));
    let text = stdout(&output);
    assert!(text.contains("Usage / 用法:"), "{text}");
    assert!(text.contains("--lang zh|en"), "{text}");
    assert!(text.contains("发布前检查展览清单文件"), "{text}");
}

#[test]
fn schema_option_prints_schema() {
    let output = run(&["--schema"]);
    assert_eq!(output.status.code(), Some(0));
    assert_eq!(stdout(&output), expo_manifest::schema_json());
}

#[test]
fn file_named_like_option_after_double_dash() {
    let directory = env!("CARGO_TARGET_TMPDIR");
    let name = format!("--json-{}.json", std::process::id());
    std::fs::write(
        PathBuf::from(directory).join(&name),
        std::fs::read(VALID_FIXTURE).unwrap(),
    )
    .unwrap();
    let output = Command::new(BINARY)
        .current_dir(directory)
        .args(["--", &name])
        .env_remove("LANG")
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert_eq!(stdout(&output), "共检查 1 个文件：0 个错误，0 个警告。\n");
}

#[test]
fn dash_reads_standard_input() {
    use std::io::Write;
    let mut child = Command::new(BINARY)
        .args(["--lang", "en", "-"])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(&std::fs::read(VALID_FIXTURE).unwrap())
        .unwrap();
    let output = child.wait_with_output().unwrap();
    assert_eq!(output.status.code(), Some(0));
    assert_eq!(stdout(&output), "Checked 1 file: 0 errors, 0 warnings.\n");
}

#[test]
fn unknown_option_uses_requested_language() {
    let output = Command::new(BINARY)
        .args(["--frobnicate", "--lang", "en", VALID_FIXTURE])
        .env_remove("LANG")
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    assert!(
        stderr(&output).contains("Unknown option"),
        "{}",
        stderr(&output)
    );
}
