//! Checks for the string formats a manifest uses: ids, colours, dates, times, e-mail and phone.

use crate::limits::MAX_ID_CHARS;

/// Checks `^[a-z0-9][a-z0-9-]{0,63}$`.
pub fn is_valid_id(id: &str) -> bool {
    let allowed = |c: u8| c.is_ascii_lowercase() || c.is_ascii_digit();
    let bytes = id.as_bytes();
    match bytes.split_first() {
        Some((&first, rest)) => {
            allowed(first)
                && bytes.len() <= MAX_ID_CHARS
                && rest.iter().all(|&c| allowed(c) || c == b'-')
        }
        None => false,
    }
}

/// Checks `#RRGGBB` with hexadecimal digits in either case.
pub(crate) fn is_hex_color(value: &str) -> bool {
    let bytes = value.as_bytes();
    bytes.len() == 7 && bytes[0] == b'#' && bytes[1..].iter().all(u8::is_ascii_hexdigit)
}

/// A calendar date as days since 1970-01-01.
pub type Days = i64;

/// Parses a real calendar date written as `YYYY-MM-DD`.
pub fn parse_date(value: &str) -> Option<Days> {
    let bytes = value.as_bytes();
    if bytes.len() != 10 || bytes[4] != b'-' || bytes[7] != b'-' {
        return None;
    }
    let year = digits(&bytes[0..4])?;
    let month = digits(&bytes[5..7])?;
    let day = digits(&bytes[8..10])?;
    if !(1..=12).contains(&month) || day < 1 || day > days_in_month(year, month) {
        return None;
    }
    Some(days_from_civil(year, month, day))
}

/// An instant as seconds and nanoseconds since 1970-01-01T00:00:00Z, ordered by time.
pub type Instant = (i64, u32);

/// Parses an RFC 3339 date-time with an offset: `YYYY-MM-DDTHH:MM:SS[.fraction](Z|±HH:MM)`.
///
/// This is stricter than RFC 3339, which also allows a lower-case `t` and `z` and the leap
/// second `:60`, so that organizers write the one form the documentation shows.
pub fn parse_timestamp(value: &str) -> Option<Instant> {
    let bytes = value.as_bytes();
    if bytes.len() < 20 || bytes[10] != b'T' || bytes[13] != b':' || bytes[16] != b':' {
        return None;
    }
    let days = parse_date(value.get(0..10)?)?;
    let hour = digits(&bytes[11..13])?;
    let minute = digits(&bytes[14..16])?;
    let second = digits(&bytes[17..19])?;
    if hour > 23 || minute > 59 || second > 59 {
        return None;
    }

    let mut rest = &bytes[19..];
    let mut nanos = 0u32;
    if let Some((b'.', fraction_and_offset)) = rest.split_first() {
        let fraction_len = fraction_and_offset
            .iter()
            .take_while(|c| c.is_ascii_digit())
            .count();
        if fraction_len == 0 {
            return None;
        }
        for (position, &digit) in fraction_and_offset[..fraction_len]
            .iter()
            .take(9)
            .enumerate()
        {
            nanos += u32::from(digit - b'0') * 10u32.pow(8 - position as u32);
        }
        rest = &fraction_and_offset[fraction_len..];
    }

    let offset_seconds = match rest {
        [b'Z'] => 0,
        [sign @ (b'+' | b'-'), h1, h2, b':', m1, m2] => {
            let offset_hour = digits(&[*h1, *h2])?;
            let offset_minute = digits(&[*m1, *m2])?;
            if offset_hour > 23 || offset_minute > 59 {
                return None;
            }
            let magnitude = i64::from(offset_hour * 3600 + offset_minute * 60);
            if *sign == b'-' { -magnitude } else { magnitude }
        }
        _ => return None,
    };

    let local_seconds = days * 86_400 + i64::from(hour * 3600 + minute * 60 + second);
    Some((local_seconds - offset_seconds, nanos))
}

/// Checks the rough shape `local@domain.tld`: one `@`, no whitespace, a dot inside the domain.
pub fn is_plausible_email(value: &str) -> bool {
    let Some((local, domain)) = value.split_once('@') else {
        return false;
    };
    let no_bad_chars = !value.chars().any(|c| c.is_whitespace() || c.is_control());
    let domain_ok = !domain.contains('@')
        && domain.contains('.')
        && domain.split('.').all(|label| !label.is_empty());
    no_bad_chars && !local.is_empty() && domain_ok && value.len() <= 254
}

/// Checks that `value` is a lowercase DNS host name: dot-separated labels of 1 to 63 letters,
/// digits and `-`, not starting or ending with `-`, at most 253 characters in all.
pub fn is_host_name(value: &str) -> bool {
    !value.is_empty()
        && value.len() <= 253
        && value.split('.').all(|label| {
            !label.is_empty()
                && label.len() <= 63
                && !label.starts_with('-')
                && !label.ends_with('-')
                && label
                    .bytes()
                    .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
        })
}

/// Checks that a phone number contains only digits, `+`, `-` and spaces, and at least one digit.
pub fn is_valid_phone(value: &str) -> bool {
    value
        .chars()
        .all(|c| c.is_ascii_digit() || matches!(c, '+' | '-' | ' '))
        && value.chars().any(|c| c.is_ascii_digit())
}

fn digits(bytes: &[u8]) -> Option<u32> {
    if bytes.is_empty() || !bytes.iter().all(u8::is_ascii_digit) {
        return None;
    }
    Some(
        bytes
            .iter()
            .fold(0, |value, &digit| value * 10 + u32::from(digit - b'0')),
    )
}

fn days_in_month(year: u32, month: u32) -> u32 {
    match month {
        2 if year.is_multiple_of(4) && (!year.is_multiple_of(100) || year.is_multiple_of(400)) => {
            29
        }
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// Converts a proleptic Gregorian date to days since 1970-01-01 (Howard Hinnant's algorithm).
fn days_from_civil(year: u32, month: u32, day: u32) -> Days {
    let year = i64::from(year) - i64::from(month <= 2);
    let era = year.div_euclid(400);
    let year_of_era = year - era * 400;
    let month = i64::from(month);
    let day_of_year =
        (153 * (if month > 2 { month - 3 } else { month + 9 }) + 2) / 5 + i64::from(day) - 1;
    let day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
    era * 146_097 + day_of_era - 719_468
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids() {
        for id in ["a", "0", "nanning-pavilion", "a-", &"a".repeat(64)] {
            assert!(is_valid_id(id), "{id:?} should be valid");
        }
        for id in ["", "-a", "A", "a_b", "a b", "展区", &"a".repeat(65)] {
            assert!(!is_valid_id(id), "{id:?} should be invalid");
        }
    }

    #[test]
    fn colors() {
        assert!(is_hex_color("#1E88E5"));
        assert!(is_hex_color("#1e88e5"));
        for value in ["1E88E5", "#1E88E", "#1E88E5F", "#GGGGGG", "＃1E88E5", ""] {
            assert!(!is_hex_color(value), "{value:?} should be invalid");
        }
    }

    #[test]
    fn dates() {
        assert_eq!(parse_date("1970-01-01"), Some(0));
        assert_eq!(parse_date("2022-05-21"), Some(19_133));
        assert_eq!(parse_date("2000-02-29"), Some(11_016));
        for value in [
            "2022-02-29",
            "1900-02-29",
            "2022-13-01",
            "2022-00-10",
            "2022-04-31",
            "2022-5-21",
            "22-05-21",
            "2022/05/21",
            "2022-05-2a",
        ] {
            assert_eq!(parse_date(value), None, "{value:?} should be invalid");
        }
    }

    #[test]
    fn timestamps() {
        assert_eq!(parse_timestamp("1970-01-01T00:00:00Z"), Some((0, 0)));
        assert_eq!(parse_timestamp("1970-01-01T08:00:00+08:00"), Some((0, 0)));
        assert_eq!(parse_timestamp("1969-12-31T23:00:00-01:00"), Some((0, 0)));
        assert_eq!(
            parse_timestamp("1970-01-01T00:00:01.5Z"),
            Some((1, 500_000_000))
        );
        assert_eq!(
            parse_timestamp("1970-01-01T00:00:00.1234567891Z"),
            Some((0, 123_456_789))
        );
        for value in [
            "2022-05-21T09:30:00",
            "2022-05-21 09:30:00+08:00",
            "2022-05-21t09:30:00z",
            "2022-05-21T24:00:00Z",
            "2022-05-21T09:60:00Z",
            "2022-05-21T09:30:60Z",
            "2022-05-21T09:30:00.Z",
            "2022-05-21T09:30:00+0800",
            "2022-05-21T09:30:00+24:00",
            "2022-02-30T09:30:00Z",
            "2022-05-21T09:30Z",
        ] {
            assert_eq!(parse_timestamp(value), None, "{value:?} should be invalid");
        }
    }

    #[test]
    fn emails_and_phones() {
        assert!(is_plausible_email("expo@example.com"));
        assert!(is_plausible_email("a.b+c@mail.example.cn"));
        for value in [
            "",
            "expo",
            "@example.com",
            "expo@",
            "expo@example",
            "expo@@example.com",
            "ex po@example.com",
            "expo@example..com",
            "expo@.com",
        ] {
            assert!(!is_plausible_email(value), "{value:?} should be invalid");
        }
        assert!(is_valid_phone("+86 771-123 4567"));
        assert!(is_valid_phone("07711234567"));
        for value in ["", "+-", "0771 1234 转 8", "(0771) 1234567", "tel:0771"] {
            assert!(!is_valid_phone(value), "{value:?} should be invalid");
        }
    }
}
