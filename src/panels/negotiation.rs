//! The online negotiation (线上洽谈) form: field rules, trimming and bounds, and the JSON request
//! sent to the exhibition's negotiation endpoint (see docs/negotiation-api.md).

use expo_manifest::Lang;
use serde::{Deserialize, Serialize};

/// Maximum characters of the visitor's name.
pub const MAX_NAME_CHARS: usize = 50;
/// Maximum characters of the organization.
pub const MAX_ORGANIZATION_CHARS: usize = 100;
/// Allowed characters of a phone number, counting digits, spaces, `+` and `-`.
pub const PHONE_CHARS: std::ops::RangeInclusive<usize> = 5..=20;
/// Maximum characters of an e-mail address (RFC 5321 path limit).
pub const MAX_EMAIL_CHARS: usize = 254;
/// Maximum characters of a topic.
pub const MAX_TOPIC_CHARS: usize = 100;
/// Maximum characters of the message.
pub const MAX_MESSAGE_CHARS: usize = 2000;
/// Maximum characters of the preferred time slot.
pub const MAX_TIME_SLOT_CHARS: usize = 50;

/// The visitor's input as read from the form, untrimmed.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct NegotiationForm {
    pub name: String,
    pub organization: String,
    pub phone: String,
    pub email: String,
    pub topic: String,
    pub message: String,
    pub time_slot: String,
    pub consent: bool,
}

/// A form field, named as in the request body.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Field {
    Name,
    Organization,
    Phone,
    Email,
    Topic,
    Message,
    TimeSlot,
    Consent,
}

impl Field {
    /// Returns the field's name in the request body and the form's element ids.
    pub fn key(self) -> &'static str {
        match self {
            Field::Name => "name",
            Field::Organization => "organization",
            Field::Phone => "phone",
            Field::Email => "email",
            Field::Topic => "topic",
            Field::Message => "message",
            Field::TimeSlot => "time_slot",
            Field::Consent => "consent",
        }
    }

    /// Returns the field named `key` in a server error, if it is a form field.
    pub fn from_key(key: &str) -> Option<Field> {
        [
            Field::Name,
            Field::Organization,
            Field::Phone,
            Field::Email,
            Field::Topic,
            Field::Message,
            Field::TimeSlot,
            Field::Consent,
        ]
        .into_iter()
        .find(|field| field.key() == key)
    }
}

/// A field that failed its rule, with the message shown next to it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FieldError {
    pub field: Field,
    pub zh: String,
    pub en: String,
}

impl FieldError {
    fn new(field: Field, zh: impl Into<String>, en: impl Into<String>) -> FieldError {
        FieldError { field, zh: zh.into(), en: en.into() }
    }

    pub fn message(&self, lang: Lang) -> &str {
        match lang {
            Lang::Zh => &self.zh,
            Lang::En => &self.en,
        }
    }
}

/// The request body of the negotiation contract.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
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
    pub consent: bool,
    pub lang: Lang,
    /// When the visitor pressed send, RFC 3339 in UTC from the browser's clock.
    pub created_at: String,
}

/// The exhibition, booth, offered topics and language a request is built for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RequestContext<'a> {
    pub exhibition: &'a str,
    pub booth: &'a str,
    /// Topics the booth offers, in the visitor's language; the chosen topic must be one of them.
    pub topics: &'a [String],
    pub lang: Lang,
    pub created_at: String,
}

/// Trims the form, checks every field and builds the request, or returns every field error.
pub fn build_request(form: &NegotiationForm, context: &RequestContext) -> Result<NegotiationRequest, Vec<FieldError>> {
    let mut errors = Vec::new();
    let name = form.name.trim();
    let organization = form.organization.trim();
    let phone = form.phone.trim();
    let email = form.email.trim();
    let topic = form.topic.trim();
    let message = form.message.trim();
    let time_slot = form.time_slot.trim();

    if name.is_empty() {
        errors.push(FieldError::new(Field::Name, "请填写姓名。", "Enter your name."));
    }
    check_length(Field::Name, name, MAX_NAME_CHARS, &mut errors);
    check_length(Field::Organization, organization, MAX_ORGANIZATION_CHARS, &mut errors);
    if phone.is_empty() && email.is_empty() {
        errors.push(FieldError::new(
            Field::Phone,
            "请至少填写电话或邮箱中的一项，方便展商联系您。",
            "Enter a phone number or an e-mail address so the exhibitor can reach you.",
        ));
    }
    if !phone.is_empty() && !is_phone(phone) {
        errors.push(FieldError::new(
            Field::Phone,
            format!("电话只能包含数字、空格、“+” 和 “-”，长度 {}–{} 位，例如 “138 0013 8000”。", PHONE_CHARS.start(), PHONE_CHARS.end()),
            format!(
                "A phone number contains only digits, spaces, \"+\" and \"-\", {} to {} characters, for example \"+86 771 123 4567\".",
                PHONE_CHARS.start(),
                PHONE_CHARS.end()
            ),
        ));
    }
    if !email.is_empty() && (email.chars().count() > MAX_EMAIL_CHARS || !expo_manifest::formats::is_plausible_email(email)) {
        errors.push(FieldError::new(
            Field::Email,
            "邮箱格式无效，请写成 “name@example.com” 的形式。",
            "Invalid e-mail address; write it like \"name@example.com\".",
        ));
    }
    if topic.is_empty() || !context.topics.iter().any(|offered| offered.trim() == topic) {
        errors.push(FieldError::new(Field::Topic, "请选择一个洽谈话题。", "Choose a topic."));
    }
    check_length(Field::Topic, topic, MAX_TOPIC_CHARS, &mut errors);
    check_length(Field::Message, message, MAX_MESSAGE_CHARS, &mut errors);
    check_length(Field::TimeSlot, time_slot, MAX_TIME_SLOT_CHARS, &mut errors);
    if !form.consent {
        errors.push(FieldError::new(
            Field::Consent,
            "请勾选同意，我们才能把您的联系方式发送给展商。",
            "Tick the consent box so that your contact details can be sent to the exhibitor.",
        ));
    }
    if !errors.is_empty() {
        return Err(errors);
    }

    let optional = |value: &str| (!value.is_empty()).then(|| value.to_owned());
    Ok(NegotiationRequest {
        exhibition: context.exhibition.to_owned(),
        booth: context.booth.to_owned(),
        name: name.to_owned(),
        organization: organization.to_owned(),
        phone: optional(phone),
        email: optional(email),
        topic: topic.to_owned(),
        message: message.to_owned(),
        time_slot: optional(time_slot),
        consent: true,
        lang: context.lang,
        created_at: context.created_at.clone(),
    })
}

fn check_length(field: Field, value: &str, max: usize, errors: &mut Vec<FieldError>) {
    let length = value.chars().count();
    if length > max {
        errors.push(FieldError::new(
            field,
            format!("最多 {max} 个字，现在有 {length} 个。请删减。"),
            format!("At most {max} characters are allowed, and this has {length}. Shorten it."),
        ));
    }
}

fn is_phone(value: &str) -> bool {
    PHONE_CHARS.contains(&value.chars().count()) && expo_manifest::formats::is_valid_phone(value)
}

/// Builds a random (version 4) UUID from 16 random bytes, for idempotency keys.
pub fn uuid_v4(mut bytes: [u8; 16]) -> String {
    bytes[6] = (bytes[6] & 0x0f) | 0x40;
    bytes[8] = (bytes[8] & 0x3f) | 0x80;
    let hex: String = bytes.iter().map(|b| format!("{b:02x}")).collect();
    format!("{}-{}-{}-{}-{}", &hex[0..8], &hex[8..12], &hex[12..16], &hex[16..20], &hex[20..32])
}

/// Lists the preferred meeting times offered when a booth names none: the morning and the
/// afternoon of each exhibition day, `start` to `end` as `YYYY-MM-DD`, at most 31 days.
pub fn default_time_slots(start: &str, end: &str, lang: Lang) -> Vec<String> {
    use expo_manifest::formats::parse_date;
    let (Some(first), Some(last)) = (parse_date(start), parse_date(end)) else { return Vec::new() };
    (first..=last.min(first + 30))
        .flat_map(|days| {
            let (_, month, day) = civil_from_days(days);
            match lang {
                Lang::Zh => [format!("{month}月{day}日 上午"), format!("{month}月{day}日 下午")],
                Lang::En => {
                    let name = MONTHS[(month - 1) as usize];
                    [format!("{day} {name}, morning"), format!("{day} {name}, afternoon")]
                }
            }
        })
        .collect()
}

const MONTHS: [&str; 12] = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

/// Converts days since 1970-01-01 to (year, month, day), after Howard Hinnant's
/// `civil_from_days` algorithm.
fn civil_from_days(days: i64) -> (i64, u32, u32) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let month = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    let year = yoe + era * 400 + i64::from(month <= 2);
    (year, month, day)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn context(topics: &[String]) -> RequestContext<'_> {
        RequestContext {
            exhibition: "guangxi-2022",
            booth: "hezhou-stone",
            topics,
            lang: Lang::Zh,
            created_at: "2022-05-21T02:00:00.000Z".to_owned(),
        }
    }

    fn filled() -> NegotiationForm {
        NegotiationForm {
            name: "  张三 ".into(),
            organization: "广西某公司".into(),
            phone: "138 0013 8000".into(),
            email: String::new(),
            topic: "技术合作".into(),
            message: " 希望了解合作方式。\n".into(),
            time_slot: "5月23日 上午".into(),
            consent: true,
        }
    }

    #[test]
    fn valid_form_trimmed_into_request() {
        let topics = vec!["技术合作".to_owned()];
        let request = build_request(&filled(), &context(&topics)).unwrap();
        assert_eq!(request.name, "张三");
        assert_eq!(request.message, "希望了解合作方式。");
        assert_eq!(request.phone.as_deref(), Some("138 0013 8000"));
        assert_eq!(request.email, None);
        let json = serde_json::to_value(&request).unwrap();
        assert_eq!(json["lang"], "zh");
        assert_eq!(json["email"], serde_json::Value::Null);
        assert_eq!(json["booth"], "hezhou-stone");
    }

    #[test]
    fn every_failed_field_listed() {
        let topics = vec!["技术合作".to_owned()];
        let form = NegotiationForm { topic: "别的".into(), ..NegotiationForm::default() };
        let errors = build_request(&form, &context(&topics)).unwrap_err();
        let fields: Vec<Field> = errors.iter().map(|e| e.field).collect();
        assert_eq!(fields, vec![Field::Name, Field::Phone, Field::Topic, Field::Consent]);
    }

    #[test]
    fn contact_formats_checked() {
        let topics = vec!["技术合作".to_owned()];
        let form = NegotiationForm { phone: "call me".into(), email: "a@b".into(), ..filled() };
        let errors = build_request(&form, &context(&topics)).unwrap_err();
        let fields: Vec<Field> = errors.iter().map(|e| e.field).collect();
        assert_eq!(fields, vec![Field::Phone, Field::Email]);

        let form = NegotiationForm { phone: String::new(), email: "li@example.cn".into(), ..filled() };
        assert!(build_request(&form, &context(&topics)).is_ok());
        let form = NegotiationForm { phone: "1234".into(), ..filled() };
        assert!(build_request(&form, &context(&topics)).is_err());
    }

    #[test]
    fn lengths_bounded_in_characters() {
        let topics = vec!["技术合作".to_owned()];
        let form = NegotiationForm { name: "张".repeat(MAX_NAME_CHARS), message: "字".repeat(MAX_MESSAGE_CHARS), ..filled() };
        assert!(build_request(&form, &context(&topics)).is_ok());
        let form = NegotiationForm { message: "字".repeat(MAX_MESSAGE_CHARS + 1), ..filled() };
        let errors = build_request(&form, &context(&topics)).unwrap_err();
        assert_eq!(errors.len(), 1);
        assert_eq!(errors[0].field, Field::Message);
        assert!(errors[0].en.contains("2001"), "{}", errors[0].en);
    }

    #[test]
    fn uuid_has_version_and_variant() {
        let uuid = uuid_v4([0xff; 16]);
        assert_eq!(uuid, "ffffffff-ffff-4fff-bfff-ffffffffffff");
        assert_eq!(uuid_v4([0; 16]), "00000000-0000-4000-8000-000000000000");
    }

    #[test]
    fn time_slots_from_dates() {
        let slots = default_time_slots("2022-05-21", "2022-05-22", Lang::Zh);
        assert_eq!(slots, vec!["5月21日 上午", "5月21日 下午", "5月22日 上午", "5月22日 下午"]);
        let slots = default_time_slots("2022-05-31", "2022-06-01", Lang::En);
        assert_eq!(slots[1], "31 May, afternoon");
        assert_eq!(slots[2], "1 Jun, morning");
        assert!(default_time_slots("2022-05-21", "bad", Lang::Zh).is_empty());
        assert_eq!(default_time_slots("2022-01-01", "2022-12-31", Lang::Zh).len(), 62);
    }

    #[test]
    fn field_keys_round_trip() {
        for field in [Field::Name, Field::Email, Field::TimeSlot, Field::Consent] {
            assert_eq!(Field::from_key(field.key()), Some(field));
        }
        assert_eq!(Field::from_key("exhibition"), None);
    }
}
