//! Live-stream schedule states (upcoming with a countdown, live, ended) from a clock reading.

use expo_manifest::Media;

/// The state of a live stream at a given moment.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LiveState {
    /// Not started; `seconds_left` until the start, rounded up.
    Upcoming { seconds_left: i64 },
    /// Between the start (inclusive) and the end (exclusive).
    Live,
    /// At or after the end.
    Ended,
}

impl LiveState {
    /// Returns the state at `now_ms` for a stream from `starts_ms` to `ends_ms`, all in
    /// milliseconds since 1970-01-01T00:00:00Z.
    pub fn at(now_ms: i64, starts_ms: i64, ends_ms: i64) -> LiveState {
        if now_ms < starts_ms {
            let seconds_left = (starts_ms - now_ms + 999) / 1000;
            LiveState::Upcoming { seconds_left }
        } else if now_ms < ends_ms {
            LiveState::Live
        } else {
            LiveState::Ended
        }
    }

    /// Returns the name used in the status object and CSS: `upcoming`, `live` or `ended`.
    pub fn code(self) -> &'static str {
        match self {
            LiveState::Upcoming { .. } => "upcoming",
            LiveState::Live => "live",
            LiveState::Ended => "ended",
        }
    }
}

/// Formats a countdown as "3天 04:05:06" / "3 d 04:05:06", or "04:05:06" under a day.
pub fn countdown(seconds_left: i64, chinese: bool) -> String {
    let seconds_left = seconds_left.max(0);
    let days = seconds_left / 86_400;
    let hours = seconds_left % 86_400 / 3600;
    let minutes = seconds_left % 3600 / 60;
    let seconds = seconds_left % 60;
    let clock = format!("{hours:02}:{minutes:02}:{seconds:02}");
    match (days, chinese) {
        (0, _) => clock,
        (days, true) => format!("{days}天 {clock}"),
        (days, false) => format!("{days} d {clock}"),
    }
}

/// Parses an RFC 3339 time as the manifest writes it into milliseconds since 1970.
pub fn timestamp_ms(value: &str) -> Option<i64> {
    expo_manifest::formats::parse_timestamp(value).map(|(seconds, nanos)| seconds * 1000 + i64::from(nanos / 1_000_000))
}

/// Picks the live entry to show at `now_ms`: the first one on air, else the next to start,
/// else the one that ended last. Returns its index among `media` and its state.
pub fn current_entry(media: &[Media], now_ms: i64) -> Option<(usize, LiveState)> {
    let scheduled: Vec<(usize, i64, i64, LiveState)> = media
        .iter()
        .enumerate()
        .filter_map(|(i, entry)| match entry {
            Media::Live { starts_at, ends_at, .. } => {
                let (start, end) = (timestamp_ms(starts_at)?, timestamp_ms(ends_at)?);
                Some((i, start, end, LiveState::at(now_ms, start, end)))
            }
            _ => None,
        })
        .collect();
    let on_air = scheduled.iter().find(|(_, _, _, state)| *state == LiveState::Live);
    let next = || {
        scheduled
            .iter()
            .filter(|(_, _, _, state)| matches!(state, LiveState::Upcoming { .. }))
            .min_by_key(|(_, start, _, _)| *start)
    };
    let last_ended = || scheduled.iter().max_by_key(|(_, _, end, _)| *end);
    on_air.or_else(next).or_else(last_ended).map(|&(i, _, _, state)| (i, state))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn current_entry_prefers_on_air_then_next() {
        let media: Vec<Media> = serde_json::from_value(serde_json::json!([
            {"kind": "video", "url": "a.mp4"},
            {"kind": "live", "url": "1.m3u8", "starts_at": "2022-05-21T09:00:00+08:00", "ends_at": "2022-05-21T10:00:00+08:00"},
            {"kind": "live", "url": "2.m3u8", "starts_at": "2022-05-22T09:00:00+08:00", "ends_at": "2022-05-22T10:00:00+08:00"},
            {"kind": "live", "url": "3.m3u8", "starts_at": "2022-05-21T14:00:00+08:00", "ends_at": "2022-05-21T15:00:00+08:00"}
        ]))
        .unwrap();
        let at = |time: &str| current_entry(&media, timestamp_ms(time).unwrap()).map(|(i, state)| (i, state.code()));
        assert_eq!(at("2022-05-20T12:00:00+08:00"), Some((1, "upcoming")));
        assert_eq!(at("2022-05-21T09:30:00+08:00"), Some((1, "live")));
        assert_eq!(at("2022-05-21T11:00:00+08:00"), Some((3, "upcoming")));
        assert_eq!(at("2022-05-21T14:00:00+08:00"), Some((3, "live")));
        assert_eq!(at("2022-05-22T10:00:00+08:00"), Some((2, "ended")));
        assert_eq!(current_entry(&media[..1], 0), None);
    }

    const START: &str = "2022-05-21T09:30:00+08:00";
    const END: &str = "2022-05-21T11:30:00+08:00";

    #[test]
    fn states_around_schedule() {
        let start = timestamp_ms(START).unwrap();
        let end = timestamp_ms(END).unwrap();
        assert_eq!(start, 1_653_096_600_000);
        assert_eq!(LiveState::at(start - 1, start, end), LiveState::Upcoming { seconds_left: 1 });
        assert_eq!(LiveState::at(start - 90_500, start, end), LiveState::Upcoming { seconds_left: 91 });
        assert_eq!(LiveState::at(start, start, end), LiveState::Live);
        assert_eq!(LiveState::at(end - 1, start, end), LiveState::Live);
        assert_eq!(LiveState::at(end, start, end), LiveState::Ended);
    }

    #[test]
    fn countdown_formats() {
        assert_eq!(countdown(5, true), "00:00:05");
        assert_eq!(countdown(3 * 86_400 + 4 * 3600 + 5 * 60 + 6, true), "3天 04:05:06");
        assert_eq!(countdown(86_400, false), "1 d 00:00:00");
        assert_eq!(countdown(-3, false), "00:00:00");
    }

    #[test]
    fn timestamp_with_offset_and_fraction() {
        assert_eq!(timestamp_ms("1970-01-01T08:00:00.250+08:00"), Some(250));
        assert_eq!(timestamp_ms("2022-05-21 09:30"), None);
    }
}
