//! Timestamps. The database stores instants as Unix milliseconds (BIGINT) so that SQLite and
//! PostgreSQL store and compare them the same way.

use time::format_description::well_known::Rfc3339;
use time::{Date, OffsetDateTime, UtcOffset};

/// Returns the current time in Unix milliseconds.
pub fn now_ms() -> i64 {
    (OffsetDateTime::now_utc().unix_timestamp_nanos() / 1_000_000) as i64
}

/// Parses a UTC offset written as `+HH:MM` or `-HH:MM`.
pub fn parse_utc_offset(text: &str) -> Result<UtcOffset, String> {
    let invalid =
        || format!("invalid UTC offset {text:?}: expected +HH:MM or -HH:MM, such as +08:00");
    let bytes = text.as_bytes();
    if bytes.len() != 6 || bytes[3] != b':' {
        return Err(invalid());
    }
    let sign: i8 = match bytes[0] {
        b'+' => 1,
        b'-' => -1,
        _ => return Err(invalid()),
    };
    let hours: i8 = text[1..3].parse().map_err(|_| invalid())?;
    let minutes: i8 = text[4..6].parse().map_err(|_| invalid())?;
    // Offsets in use range from -12:00 to +14:00.
    if hours > 14 || minutes > 59 {
        return Err(invalid());
    }
    UtcOffset::from_hms(sign * hours, sign * minutes, 0).map_err(|_| invalid())
}

/// Formats a UTC offset as `+HH:MM`.
pub fn format_utc_offset(offset: UtcOffset) -> String {
    let (hours, minutes, _) = offset.as_hms();
    let sign = if hours < 0 || minutes < 0 { '-' } else { '+' };
    format!("{sign}{:02}:{:02}", hours.abs(), minutes.abs())
}

fn from_ms(ms: i64) -> OffsetDateTime {
    OffsetDateTime::from_unix_timestamp_nanos(i128::from(ms) * 1_000_000)
        .unwrap_or(OffsetDateTime::UNIX_EPOCH)
}

/// Formats an instant as RFC 3339 in UTC with milliseconds, such as `2022-05-21T10:00:00.000Z`.
pub fn rfc3339_utc(ms: i64) -> String {
    let time = from_ms(ms);
    format!(
        "{:04}-{:02}-{:02}T{:02}:{:02}:{:02}.{:03}Z",
        time.year(),
        u8::from(time.month()),
        time.day(),
        time.hour(),
        time.minute(),
        time.second(),
        time.millisecond()
    )
}

/// Returns the calendar day of an instant at `offset`, as `YYYY-MM-DD`.
pub fn local_day(ms: i64, offset: UtcOffset) -> String {
    format_date(from_ms(ms).to_offset(offset).date())
}

/// Formats an instant at `offset` as `YYYY-MM-DD HH:MM:SS`, for spreadsheets.
pub fn local_date_time(ms: i64, offset: UtcOffset) -> String {
    let time = from_ms(ms).to_offset(offset);
    format!(
        "{} {:02}:{:02}:{:02}",
        format_date(time.date()),
        time.hour(),
        time.minute(),
        time.second()
    )
}

pub fn format_date(date: Date) -> String {
    format!(
        "{:04}-{:02}-{:02}",
        date.year(),
        u8::from(date.month()),
        date.day()
    )
}

/// Parses a `YYYY-MM-DD` date.
pub fn parse_date(text: &str) -> Option<Date> {
    let bytes = text.as_bytes();
    if bytes.len() != 10 || bytes[4] != b'-' || bytes[7] != b'-' {
        return None;
    }
    let digits = |range: std::ops::Range<usize>| {
        let part = &text[range];
        part.bytes()
            .all(|byte| byte.is_ascii_digit())
            .then(|| part.parse::<u16>().ok())
            .flatten()
    };
    let month = time::Month::try_from(u8::try_from(digits(5..7)?).ok()?).ok()?;
    let day = u8::try_from(digits(8..10)?).ok()?;
    Date::from_calendar_date(i32::from(digits(0..4)?), month, day).ok()
}

/// Parses an RFC 3339 timestamp and returns it in Unix milliseconds.
pub fn parse_rfc3339_ms(text: &str) -> Option<i64> {
    let time = OffsetDateTime::parse(text, &Rfc3339).ok()?;
    i64::try_from(time.unix_timestamp_nanos() / 1_000_000).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn utc_offset_round_trips() {
        for text in ["+08:00", "-03:30", "+00:00"] {
            let offset = parse_utc_offset(text).unwrap();
            assert_eq!(format_utc_offset(offset), text);
        }
        for bad in ["8", "+8:00", "+08", "08:00", "+25:00", "+08:60"] {
            assert!(parse_utc_offset(bad).is_err(), "{bad} should be rejected");
        }
    }

    #[test]
    fn timestamps_format_with_milliseconds() {
        let ms = parse_rfc3339_ms("2022-05-21T10:00:00.123+08:00").unwrap();
        assert_eq!(rfc3339_utc(ms), "2022-05-21T02:00:00.123Z");
        let offset = parse_utc_offset("+08:00").unwrap();
        assert_eq!(local_day(ms, offset), "2022-05-21");
        assert_eq!(local_date_time(ms, offset), "2022-05-21 10:00:00");
    }

    #[test]
    fn local_day_follows_offset() {
        let ms = parse_rfc3339_ms("2022-05-21T17:00:00Z").unwrap();
        assert_eq!(
            local_day(ms, parse_utc_offset("+08:00").unwrap()),
            "2022-05-22"
        );
        assert_eq!(
            local_day(ms, parse_utc_offset("+00:00").unwrap()),
            "2022-05-21"
        );
    }

    #[test]
    fn dates_parse_strictly() {
        assert!(parse_date("2022-05-21").is_some());
        assert!(parse_date("2022-5-21").is_none());
        assert!(parse_date("2022-02-30").is_none());
    }
}
