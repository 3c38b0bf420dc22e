//! Messages in both languages name the value and the fix.

mod common;

use common::*;
use expo_manifest::{Lang, Problem, ProblemKind, Severity, UrlIssue};
use serde_json::json;

fn problem(kind: ProblemKind) -> Problem {
    Problem {
        severity: Severity::Error,
        path: "$".into(),
        kind,
    }
}

#[test]
fn unknown_field_message() {
    let problem = problem(ProblemKind::UnknownField {
        field: "modle".into(),
        allowed: strings(&["url", "scale"]),
    });
    assert_eq!(
        problem.message(Lang::Zh),
        "未知字段 “modle”。可用字段：“url”、“scale”。请检查拼写。"
    );
    assert_eq!(
        problem.message(Lang::En),
        "Unknown field \"modle\". Allowed fields: \"url\", \"scale\". Check the spelling."
    );
}

#[test]
fn url_message() {
    let problem = problem(ProblemKind::InvalidUrl {
        url: "javascript:alert(1)".into(),
        issue: UrlIssue::DisallowedScheme {
            scheme: "javascript".into(),
        },
    });
    assert_eq!(
        problem.message(Lang::Zh),
        "链接 “javascript:alert(1)” 使用了不允许的协议 “javascript:”。只允许 http://、https:// 或相对于清单文件的路径。"
    );
    assert_eq!(
        problem.message(Lang::En),
        "The URL \"javascript:alert(1)\" uses the scheme \"javascript:\", which is not allowed. Use http://, https:// or a path relative to the manifest."
    );
}

#[test]
fn duplicate_id_message() {
    let problem = problem(ProblemKind::DuplicateId {
        id: "bronze-drum".into(),
        first_path: "$.booths[0].id".into(),
    });
    assert_eq!(
        problem.message(Lang::Zh),
        "标识 “bronze-drum” 重复，$.booths[0].id 已使用它。请为每一项使用不同的标识。"
    );
    assert_eq!(
        problem.message(Lang::En),
        "Duplicate id \"bronze-drum\", already used at $.booths[0].id. Give each item its own id."
    );
}

#[test]
fn out_of_range_message() {
    let problem = problem(ProblemKind::OutOfRange {
        value: 0.001,
        min: 0.01,
        max: 100.0,
    });
    assert_eq!(
        problem.message(Lang::Zh),
        "数值 0.001 超出范围。请填写 0.01 到 100 之间的数。"
    );
    assert_eq!(
        problem.message(Lang::En),
        "The number 0.001 is out of range. Use a number from 0.01 to 100."
    );
}

#[test]
fn wrong_type_message() {
    let problem = problem(ProblemKind::WrongType {
        expected: "u32".into(),
        found: "string \"1\"".into(),
        detail: "invalid type: string \"1\", expected u32".into(),
    });
    assert_eq!(
        problem.message(Lang::Zh),
        "这里应为非负整数（0 到 4294967295），但实际是字符串 “1”。请改正该值。"
    );
    assert_eq!(
        problem.message(Lang::En),
        "Expected a whole number from 0 to 4294967295, found the string \"1\". Change the value to a whole number from 0 to 4294967295."
    );
}

#[test]
fn sample_content_message() {
    let problem = problem(ProblemKind::SampleContent);
    assert!(
        problem
            .message(Lang::Zh)
            .contains("发布前请替换所有展品介绍")
    );
    assert!(
        problem
            .message(Lang::En)
            .contains("Replace all of them before publishing")
    );
}

#[test]
fn control_characters_are_escaped() {
    let problem = problem(ProblemKind::InvalidColor {
        value: "\u{1b}[2J#fff".into(),
    });
    let message = problem.message(Lang::En);
    assert!(!message.contains('\u{1b}'), "{message}");
    assert!(message.contains("\"\\u{1b}[2J#fff\""), "{message}");
}

#[test]
fn every_problem_has_a_message_in_both_languages() {
    // Break the fixture in many ways and check that every message differs per language,
    // quotes in its own style and ends with a full stop.
    let mut value = valid();
    set(&mut value, "/format", json!(3));
    set(&mut value, "/zones/1/color", json!("blue"));
    set(&mut value, "/booths/0/model/url", json!("models/a.obj"));
    set(&mut value, "/booths/0/media/2/topics", json!([]));
    set(&mut value, "/booths/0/contact/phone", json!("tel"));
    set(&mut value, "/booths/0/position/yaw", json!(999));
    set(&mut value, "/exhibition/dates/start", json!("2023-01-01"));
    let report = parse_value(&value);
    assert_eq!(report.problems.len(), 7, "{:#?}", report.problems);
    for problem in &report.problems {
        let zh = problem.message(Lang::Zh);
        let en = problem.message(Lang::En);
        assert_ne!(zh, en);
        assert!(zh.ends_with('。'), "{zh}");
        assert!(en.ends_with('.'), "{en}");
        assert!(
            zh.chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c)),
            "no Chinese in {zh}"
        );
    }
}
