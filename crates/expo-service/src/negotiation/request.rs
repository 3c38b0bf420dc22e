//! Validation of a negotiation request body against the hall's request contract
//! (docs/negotiation-api.md).

use expo_manifest::Lang;
use serde_json::{Map, Value};
use sha2::{Digest, Sha256};

use crate::api::ApiError;
use crate::catalog::Catalog;
use crate::clock;
use crate::fields::{Fields, canonical_json};

/// Maximum size of a request body in bytes.
pub const MAX_BODY_BYTES: usize = 16 * 1024;

pub const MAX_NAME_CHARS: usize = 50;
pub const MAX_ORGANIZATION_CHARS: usize = 100;
pub const PHONE_CHARS: std::ops::RangeInclusive<usize> = 5..=20;
pub const MAX_EMAIL_CHARS: usize = 254;
pub const MAX_TOPIC_CHARS: usize = 100;
pub const MAX_MESSAGE_CHARS: usize = 2000;
pub const MAX_TIME_SLOT_CHARS: usize = 50;
/// An RFC 3339 timestamp with nanoseconds and an offset has 35 characters.
const MAX_TIMESTAMP_CHARS: usize = 40;

const FIELDS: [&str; 12] = [
    "exhibition",
    "booth",
    "name",
    "organization",
    "phone",
    "email",
    "topic",
    "message",
    "time_slot",
    "consent",
    "lang",
    "created_at",
];

/// A validated negotiation request. Text fields are trimmed; every field except `exhibition`,
/// `booth`, `lang` and `created_at` is personal data and must never be logged.
#[derive(Debug, Clone, PartialEq)]
pub struct NegotiationRequest {
    pub exhibition: String,
    pub booth: String,
    pub name: String,
    pub organization: String,
    pub phone: Option<String>,
    pub email: Option<String>,
    pub topic: String,
    pub message: String,
    pub time_slot: Option<String>,
    pub lang: Lang,
    /// When the visitor pressed send, by the visitor's clock, normalized to UTC.
    pub client_created_at: String,
}

/// Validates a parsed request body. Checks run in the contract's field order and the first
/// failure is returned.
pub fn validate(
    object: &Map<String, Value>,
    catalog: &Catalog,
) -> Result<NegotiationRequest, ApiError> {
    let fields = Fields::new(object, "");
    fields.reject_unknown(&FIELDS)?;

    let exhibition = fields.id("exhibition", fields.required_str("exhibition")?)?;
    if exhibition != catalog.exhibition_id {
        return Err(fields.invalid(
            "exhibition",
            "unknown_exhibition",
            format!("本服务不接收展览 {exhibition:?} 的请求。"),
            format!("This service does not receive requests for the exhibition {exhibition:?}."),
        ));
    }

    let booth_id = fields.id("booth", fields.required_str("booth")?)?;
    let Some(booth) = catalog.booth(&booth_id) else {
        return Err(fields.invalid(
            "booth",
            "unknown_booth",
            format!("展位 {booth_id:?} 不存在。"),
            format!("There is no booth {booth_id:?} in this exhibition."),
        ));
    };
    if booth.negotiation_topics.is_none() {
        return Err(fields.invalid(
            "booth",
            "negotiation_not_offered",
            format!("展位 {booth_id:?} 不提供线上洽谈。"),
            format!("The booth {booth_id:?} does not offer online negotiation."),
        ));
    }

    let name = fields.text(
        "name",
        fields.required_str("name")?,
        1,
        MAX_NAME_CHARS,
        false,
    )?;
    let organization = fields.text(
        "organization",
        fields.required_str("organization")?,
        0,
        MAX_ORGANIZATION_CHARS,
        false,
    )?;
    let phone = optional_text(&fields, "phone")?
        .map(|phone| validate_phone(&fields, phone))
        .transpose()?;
    let email = optional_text(&fields, "email")?
        .map(|email| validate_email(&fields, email))
        .transpose()?;
    if phone.is_none() && email.is_none() {
        return Err(fields.invalid(
            "phone",
            "contact_required",
            "请至少填写电话或电子邮箱中的一项。",
            "Give a phone number or an e-mail address, or both.",
        ));
    }

    let topic = fields.text(
        "topic",
        fields.required_str("topic")?,
        1,
        MAX_TOPIC_CHARS,
        false,
    )?;
    if !booth.offers_topic(&topic) {
        return Err(fields.invalid(
            "topic",
            "unknown_topic",
            format!("洽谈主题 {topic:?} 不是该展位提供的主题。"),
            format!("The topic {topic:?} is not one of this booth's negotiation topics."),
        ));
    }
    let message = fields.text(
        "message",
        fields.required_str("message")?,
        0,
        MAX_MESSAGE_CHARS,
        true,
    )?;
    let time_slot = optional_text(&fields, "time_slot")?
        .map(|slot| fields.text("time_slot", slot, 1, MAX_TIME_SLOT_CHARS, false))
        .transpose()?;

    if !fields.required_bool("consent")? {
        return Err(fields.invalid(
            "consent",
            "consent_required",
            "提交前需要同意个人信息的处理方式。",
            "Consent to the processing of personal data is required to send the request.",
        ));
    }

    let lang = match fields.required_str("lang")? {
        "zh" => Lang::Zh,
        "en" => Lang::En,
        other => {
            return Err(fields.invalid(
                "lang",
                "invalid_value",
                format!("lang 必须是 \"zh\" 或 \"en\"，收到的是 {other:?}。"),
                format!("The field lang must be \"zh\" or \"en\", not {other:?}."),
            ));
        }
    };

    let created_at = fields.required_str("created_at")?;
    let created_at_ms = (created_at.chars().count() <= MAX_TIMESTAMP_CHARS)
        .then(|| clock::parse_rfc3339_ms(created_at))
        .flatten()
        .ok_or_else(|| {
            fields.invalid(
                "created_at",
                "invalid_format",
                "created_at 必须是 RFC 3339 时间，例如 2022-05-21T10:00:00.000Z。",
                "The field created_at must be an RFC 3339 timestamp, such as 2022-05-21T10:00:00.000Z.",
            )
        })?;

    Ok(NegotiationRequest {
        exhibition,
        booth: booth_id,
        name,
        organization,
        phone,
        email,
        topic,
        message,
        time_slot,
        lang,
        client_created_at: clock::rfc3339_utc(created_at_ms),
    })
}

/// Returns an optional string field, treating a blank string like a missing one, because a
/// form sends an empty optional input as "".
fn optional_text<'a>(fields: &Fields<'a>, field: &str) -> Result<Option<&'a str>, ApiError> {
    Ok(fields
        .optional_str(field)?
        .filter(|value| !value.trim().is_empty()))
}

fn validate_phone(fields: &Fields, value: &str) -> Result<String, ApiError> {
    let phone = fields.text(
        "phone",
        value,
        *PHONE_CHARS.start(),
        *PHONE_CHARS.end(),
        false,
    )?;
    let allowed = |c: char| c.is_ascii_digit() || matches!(c, ' ' | '+' | '-');
    if phone.chars().all(allowed) && phone.chars().any(|c| c.is_ascii_digit()) {
        return Ok(phone);
    }
    Err(fields.invalid(
        "phone",
        "invalid_format",
        "电话只能包含数字、空格、+ 和 -。",
        "The phone number may contain only digits, spaces, + and -.",
    ))
}

fn validate_email(fields: &Fields, value: &str) -> Result<String, ApiError> {
    let email = fields.text("email", value, 3, MAX_EMAIL_CHARS, false)?;
    if is_plain_email(&email) {
        return Ok(email);
    }
    Err(fields.invalid(
        "email",
        "invalid_format",
        "电子邮箱格式不正确，应类似 name@example.cn。",
        "The e-mail address is not valid; it should look like name@example.cn.",
    ))
}

/// Checks for a plain address `local@domain`: no display name, comments or quoted local part.
/// The domain needs at least two labels. Non-ASCII letters are allowed in both parts.
fn is_plain_email(email: &str) -> bool {
    let Some((local, domain)) = email.split_once('@') else {
        return false;
    };
    let local_ok = !local.is_empty()
        && local.len() <= 64
        && !local.starts_with('.')
        && !local.ends_with('.')
        && !local.contains("..")
        && local
            .chars()
            .all(|c| c.is_alphanumeric() || "!#$%&'*+/=?^_`{|}~.-".contains(c));
    let labels: Vec<&str> = domain.split('.').collect();
    let domain_ok = labels.len() >= 2
        && labels.iter().all(|label| {
            !label.is_empty()
                && label.chars().count() <= 63
                && !label.starts_with('-')
                && !label.ends_with('-')
                && label.chars().all(|c| c.is_alphanumeric() || c == '-')
        });
    local_ok && domain_ok
}

/// Returns the SHA-256 of the body in canonical form, in hex. A retry with the same key must
/// send a body with the same hash.
pub fn body_sha256(object: &Map<String, Value>) -> String {
    let mut canonical = String::new();
    canonical_json(&Value::Object(object.clone()), &mut canonical);
    hex(&Sha256::digest(canonical.as_bytes()))
}

pub fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|byte| format!("{byte:02x}")).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;
    use std::path::Path;

    fn catalog() -> Catalog {
        let path =
            Path::new(env!("CARGO_MANIFEST_DIR")).join("../../scenes/guangxi-2022/manifest.json");
        Catalog::load(&path, "guangxi-2022").unwrap()
    }

    fn valid_body() -> Value {
        json!({
            "exhibition": "guangxi-2022",
            "booth": "liugong-machinery",
            "name": " 张三 ",
            "organization": "广西某公司",
            "phone": "138 0013 8000",
            "email": null,
            "topic": "技术合作",
            "message": "希望了解\n合作方式",
            "time_slot": "2022-05-23 上午",
            "consent": true,
            "lang": "zh",
            "created_at": "2022-05-21T18:00:00.000+08:00"
        })
    }

    fn check(body: &Value) -> Result<NegotiationRequest, ApiError> {
        validate(body.as_object().unwrap(), &catalog())
    }

    #[test]
    fn valid_request_is_normalized() {
        let request = check(&valid_body()).unwrap();
        assert_eq!(request.name, "张三");
        assert_eq!(request.email, None);
        assert_eq!(request.client_created_at, "2022-05-21T10:00:00.000Z");
    }

    #[test]
    fn invalid_fields_are_named() {
        let cases: &[(&str, Value, &str)] = &[
            ("exhibition", json!("other-expo"), "unknown_exhibition"),
            ("booth", json!("no-such-booth"), "unknown_booth"),
            (
                "booth",
                json!("guangxi-power-grid"),
                "negotiation_not_offered",
            ),
            ("booth", json!("Bad Id"), "invalid_format"),
            ("name", json!(""), "empty_field"),
            ("name", json!("名".repeat(51)), "too_long"),
            ("name", json!(42), "invalid_type"),
            ("organization", json!("单".repeat(101)), "too_long"),
            ("phone", json!("abc-123"), "invalid_format"),
            ("phone", json!("1234"), "too_short"),
            ("email", json!("not an address"), "invalid_format"),
            ("email", json!("a@localhost"), "invalid_format"),
            ("topic", json!("别的主题"), "unknown_topic"),
            ("message", json!("字".repeat(2001)), "too_long"),
            ("time_slot", json!("时".repeat(51)), "too_long"),
            ("consent", json!(false), "consent_required"),
            ("consent", json!("yes"), "invalid_type"),
            ("lang", json!("fr"), "invalid_value"),
            ("created_at", json!("yesterday"), "invalid_format"),
            ("surname", json!("x"), "unknown_field"),
        ];
        for (field, value, code) in cases {
            let mut body = valid_body();
            body[*field] = value.clone();
            let error = check(&body).unwrap_err();
            assert_eq!(error.code, *code, "{field} = {value}");
            assert_eq!(error.field.as_deref(), Some(*field), "{field} = {value}");
        }
    }

    #[test]
    fn missing_field_is_named() {
        let mut body = valid_body();
        body.as_object_mut().unwrap().remove("topic");
        let error = check(&body).unwrap_err();
        assert_eq!(error.code, "missing_field");
        assert_eq!(error.field.as_deref(), Some("topic"));
    }

    #[test]
    fn phone_or_email_is_required() {
        let mut body = valid_body();
        body["phone"] = json!("  ");
        let error = check(&body).unwrap_err();
        assert_eq!(error.code, "contact_required");
        body["email"] = json!("zhang.san@example.cn");
        assert_eq!(
            check(&body).unwrap().email.as_deref(),
            Some("zhang.san@example.cn")
        );
    }

    #[test]
    fn english_topic_is_accepted() {
        let mut body = valid_body();
        body["topic"] = json!("Talent recruitment");
        body["lang"] = json!("en");
        assert_eq!(check(&body).unwrap().lang, Lang::En);
    }

    #[test]
    fn plain_email_rules() {
        for good in [
            "a@b.cn",
            "zhang.san+expo@mail.example.com",
            "张三@例子.中国",
        ] {
            assert!(is_plain_email(good), "{good}");
        }
        for bad in [
            "a@b",
            "@b.cn",
            "a@@b.cn",
            "a b@c.cn",
            "\"a\"@b.cn",
            "a@-b.cn",
            ".a@b.cn",
            "张三 <a@b.cn>",
        ] {
            assert!(!is_plain_email(bad), "{bad}");
        }
    }

    #[test]
    fn body_hash_ignores_key_order() {
        let a: Value = serde_json::from_str(r#"{"name": "张三", "booth": "x"}"#).unwrap();
        let b: Value = serde_json::from_str(r#"{"booth": "x", "name": "张三"}"#).unwrap();
        assert_eq!(
            body_sha256(a.as_object().unwrap()),
            body_sha256(b.as_object().unwrap())
        );
        let c: Value = serde_json::from_str(r#"{"booth": "x", "name": "李四"}"#).unwrap();
        assert_ne!(
            body_sha256(a.as_object().unwrap()),
            body_sha256(c.as_object().unwrap())
        );
    }
}
