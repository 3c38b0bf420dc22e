//! Receipt numbers such as `NG-20220521-7K3Q9X`: the day the service received the request, in
//! the exhibition's UTC offset, and six random characters.

/// Crockford's base32 alphabet: digits and capitals without I, L, O and U, so that a receipt
/// read out on the phone cannot be misheard as another.
const ALPHABET: &[u8; 32] = b"0123456789ABCDEFGHJKMNPQRSTVWXYZ";
const RANDOM_CHARS: usize = 6;

/// Makes a receipt number for `day` (`YYYY-MM-DD`).
pub fn new_receipt(day: &str) -> String {
    let mut random = [0u8; RANDOM_CHARS];
    getrandom::fill(&mut random).expect("the operating system's random source is available");
    let suffix: String = random
        .iter()
        .map(|byte| ALPHABET[usize::from(byte & 31)] as char)
        .collect();
    format!("NG-{}-{suffix}", day.replace('-', ""))
}

/// Returns whether `text` has the form of a receipt number.
pub fn is_receipt(text: &str) -> bool {
    let bytes = text.as_bytes();
    bytes.len() == 18
        && text.starts_with("NG-")
        && bytes[3..11].iter().all(u8::is_ascii_digit)
        && bytes[11] == b'-'
        && bytes[12..].iter().all(|byte| ALPHABET.contains(byte))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn receipt_has_day_and_random_part() {
        let receipt = new_receipt("2022-05-21");
        assert!(receipt.starts_with("NG-20220521-"), "{receipt}");
        assert!(is_receipt(&receipt), "{receipt}");
        assert_ne!(new_receipt("2022-05-21"), new_receipt("2022-05-21"));
    }

    #[test]
    fn malformed_receipts_are_rejected() {
        for bad in [
            "",
            "NG-2022052-7K3Q9X",
            "NG-20220521-7K3Q9",
            "NG-20220521-7K3Q9I",
            "XX-20220521-7K3Q9X",
        ] {
            assert!(!is_receipt(bad), "{bad}");
        }
        assert!(is_receipt("NG-20220521-7K3Q9X"));
    }
}
