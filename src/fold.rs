//! Text folding and content fingerprints.
//!
//! Editors copy quotes out of an article by hand, so factmark compares text
//! after *folding*: every run of white space becomes one space and typographic
//! quotes become straight ones. Matching is otherwise exact and case-sensitive.
//!
//! Two looser folds serve anchoring without touching sentence ids (which
//! are fingerprints of [`fold`] alone, and a stable contract):
//! [`fold_dashes`], under which a quote typed with `-` or `--` matches the
//! article's typographic dashes, and [`fold_loose`], which also ignores case
//! and accents, for suggesting the article's spelling in a diagnostic (never
//! for binding).

/// Maps a typographic quote mark to its straight form; `None` for anything else.
fn straight_quote(c: char) -> Option<char> {
    match c {
        '\u{201C}' | '\u{201D}' | '\u{201E}' | '\u{201F}' | '\u{2033}' => Some('"'),
        '\u{2018}' | '\u{2019}' | '\u{201A}' | '\u{201B}' | '\u{2032}' => Some('\''),
        _ => None,
    }
}

/// Folds `text`: white-space runs become one space, typographic quotes become
/// straight, and leading and trailing white space is dropped.
pub fn fold(text: &str) -> String {
    straighten_quotes(squash_space(text))
}

/// `squashed` with typographic quotes made straight. Every typographic quote
/// mark starts with byte 0xE2, so text without it is returned as it is.
pub fn straighten_quotes(squashed: String) -> String {
    if !has_typographic_quotes(&squashed) {
        return squashed;
    }
    // Only the few characters led by 0xE2 are looked at; the runs between
    // marks are copied whole.
    let mut straight = String::with_capacity(squashed.len());
    let mut run = 0;
    for at in memchr::memchr_iter(0xE2, squashed.as_bytes()) {
        let Some(c) = squashed[at..].chars().next() else {
            continue;
        };
        let Some(mark) = straight_quote(c) else {
            continue;
        };
        straight.push_str(&squashed[run..at]);
        straight.push(mark);
        run = at + c.len_utf8();
    }
    straight.push_str(&squashed[run..]);
    straight
}

/// Whether `text` may have a typographic quote mark: every one starts with
/// byte 0xE2, so text without that byte certainly has none.
pub fn has_typographic_quotes(text: &str) -> bool {
    memchr::memchr(0xE2, text.as_bytes()).is_some()
}

/// Folds only white space: runs become one space, the ends are trimmed, and
/// quote marks stay as written. This is the text shown to people.
pub fn squash_space(text: &str) -> String {
    // The common case, words with single spaces between them, is a copy;
    // anything else takes the general path.
    if is_squashed(text.as_bytes()) {
        return text.to_owned();
    }
    let mut squashed = String::with_capacity(text.len());
    for word in text.split_whitespace() {
        if !squashed.is_empty() {
            squashed.push(' ');
        }
        squashed.push_str(word);
    }
    squashed
}

/// Whether `bytes` already has single spaces only: no leading, trailing or
/// doubled space, no other white space (ASCII or Unicode). Control bytes
/// that are not white space also answer no, which only sends their text
/// down the general path.
fn is_squashed(bytes: &[u8]) -> bool {
    if bytes.first() == Some(&b' ') || bytes.last() == Some(&b' ') {
        return false;
    }
    // Sweeps the compiler vectorises: control characters (ASCII white space
    // other than the space is among them), doubled spaces, and the lead
    // bytes of the Unicode spaces, which are checked one by one.
    let mut control = false;
    let mut common_leads = false;
    let mut rare_leads = false;
    for &b in bytes {
        control |= b < b' ';
        common_leads |= (b == 0xC2) | (b == 0xE2);
        rare_leads |= (b == 0xE1) | (b == 0xE3);
    }
    let doubled = bytes
        .iter()
        .zip(bytes.get(1..).unwrap_or_default())
        .fold(false, |any, (&a, &b)| any | ((a == b' ') & (b == b' ')));
    if control || doubled {
        return false;
    }
    if rare_leads {
        return !(0..bytes.len()).any(|at| is_unicode_space_at(bytes, at));
    }
    // Most sentences with a lead byte have typographic quotes or dashes
    // (E2 80 9C, E2 80 94), not spaces.
    !common_leads
        || !memchr::memchr2_iter(0xC2, 0xE2, bytes).any(|at| is_unicode_space_at(bytes, at))
}

/// Whether a Unicode white space character other than the ASCII ones starts
/// at `bytes[at]`.
fn is_unicode_space_at(bytes: &[u8], at: usize) -> bool {
    let next = |k: usize| bytes.get(at + k).copied().unwrap_or(0);
    match next(0) {
        0xC2 => matches!(next(1), 0x85 | 0xA0),
        0xE1 => next(1) == 0x9A && next(2) == 0x80,
        0xE2 => {
            (next(1) == 0x80 && matches!(next(2), 0x80..=0x8A | 0xA8 | 0xA9 | 0xAF))
                || (next(1) == 0x81 && next(2) == 0x9F)
        }
        0xE3 => next(1) == 0x80 && next(2) == 0x80,
        _ => false,
    }
}

/// Folds `text` like [`fold`] and also returns, for every byte of the folded
/// string plus one past its end, the byte offset in `text` it came from.
///
/// The map lets a match found in folded text be highlighted in the original.
pub fn fold_with_map(text: &str) -> (String, Vec<usize>) {
    let mut folded = String::with_capacity(text.len());
    let mut map = Vec::with_capacity(text.len() + 1);
    let mut pending_space: Option<usize> = None;
    for (at, c) in text.char_indices() {
        if c.is_whitespace() {
            if pending_space.is_none() {
                pending_space = Some(at);
            }
            continue;
        }
        if let Some(space_at) = pending_space.take()
            && !folded.is_empty()
        {
            folded.push(' ');
            map.push(space_at);
        }
        let out = straight_quote(c).unwrap_or(c);
        let before = folded.len();
        folded.push(out);
        map.extend(std::iter::repeat_n(at, folded.len() - before));
    }
    // One past the end maps to the end of the last kept character, so that a
    // match ending at the end of the folded text ends at the right raw byte.
    let end = text.trim_end().len();
    map.push(end);
    (folded, map)
}

/// Whether `c` is a dash or hyphen that [`fold_dashes`] folds: the
/// hyphen-minus, the Unicode hyphens and dashes (‐ ‑ ‒ – — ―), the minus
/// sign and their small and full-width forms.
fn is_dash(c: char) -> bool {
    matches!(
        c,
        '-' | '\u{2010}'..='\u{2015}' | '\u{2212}' | '\u{FE58}' | '\u{FE63}' | '\u{FF0D}'
    )
}

/// Whether folded `text` may hold a dash: a hyphen-minus, or a byte that
/// leads every other dash [`fold_dashes`] folds (0xE2, 0xEF). Text without
/// any is the same under [`fold_dashes`], so it is never folded again.
pub fn may_have_dashes(text: &str) -> bool {
    memchr::memchr3(b'-', 0xE2, 0xEF, text.as_bytes()).is_some()
}

/// `folded` (the output of [`fold`]) with every run of dashes, together
/// with one space on either side of it, made a single `-`: "Baku — not
/// Moscow", "Baku--not Moscow" and "Baku - not Moscow" all read
/// "Baku-not Moscow". People type `-` or `--` for the article's `–` and `—`,
/// with or without spaces around them.
///
/// Also returns, for every byte of the result plus one past its end, the
/// byte of `folded` it came from, so that a match can be mapped back.
pub fn fold_dashes(folded: &str) -> (String, Vec<usize>) {
    fold_mapped(folded, false)
}

/// `folded` folded as by [`fold_dashes`], and also lowercased and with
/// accents dropped ("Café" reads "cafe", "Ölüdeniz" "oludeniz"): the text
/// a quote that misses only by case or accents is found in, so that the
/// diagnostic can name the article's spelling. Returns the same map.
pub fn fold_loose(folded: &str) -> (String, Vec<usize>) {
    fold_mapped(folded, true)
}

/// [`fold_dashes`], and with `loose` [`fold_loose`].
fn fold_mapped(folded: &str, loose: bool) -> (String, Vec<usize>) {
    let mut out = String::with_capacity(folded.len());
    let mut map = Vec::with_capacity(folded.len() + 1);
    let mut chars = folded.char_indices().peekable();
    while let Some((at, c)) = chars.next() {
        // A space before a dash run goes with the run.
        let dash_after_space = c == ' ' && chars.peek().is_some_and(|&(_, next)| is_dash(next));
        if is_dash(c) || dash_after_space {
            while chars.next_if(|&(_, next)| is_dash(next)).is_some() {}
            chars.next_if(|&(_, next)| next == ' ');
            out.push('-');
            map.push(at);
            continue;
        }
        let before = out.len();
        if loose {
            for lower in c.to_lowercase() {
                match unaccented(lower) {
                    Some(base) => out.push_str(base),
                    // Combining accents (U+0300 to U+036F) are dropped.
                    None if ('\u{300}'..='\u{36F}').contains(&lower) => {}
                    None => out.push(lower),
                }
            }
        } else {
            out.push(c);
        }
        map.extend(std::iter::repeat_n(at, out.len() - before));
    }
    map.push(folded.len());
    (out, map)
}

/// The letter(s) an accented lowercase Latin letter is read as when
/// accents are ignored; `None` for every other character.
fn unaccented(c: char) -> Option<&'static str> {
    Some(match c {
        'à' | 'á' | 'â' | 'ã' | 'ä' | 'å' | 'ā' | 'ă' | 'ą' => "a",
        'ç' | 'ć' | 'ĉ' | 'ċ' | 'č' => "c",
        'ď' | 'đ' | 'ð' => "d",
        'è' | 'é' | 'ê' | 'ë' | 'ē' | 'ĕ' | 'ė' | 'ę' | 'ě' | 'ə' => "e",
        'ĝ' | 'ğ' | 'ġ' | 'ģ' => "g",
        'ĥ' | 'ħ' => "h",
        'ì' | 'í' | 'î' | 'ï' | 'ĩ' | 'ī' | 'ĭ' | 'į' | 'ı' => "i",
        'ĵ' => "j",
        'ķ' => "k",
        'ĺ' | 'ļ' | 'ľ' | 'ŀ' | 'ł' => "l",
        'ñ' | 'ń' | 'ņ' | 'ň' => "n",
        'ò' | 'ó' | 'ô' | 'õ' | 'ö' | 'ø' | 'ō' | 'ŏ' | 'ő' => "o",
        'ŕ' | 'ŗ' | 'ř' => "r",
        'ś' | 'ŝ' | 'ş' | 'š' | 'ș' => "s",
        'ţ' | 'ť' | 'ŧ' | 'ț' => "t",
        'ù' | 'ú' | 'û' | 'ü' | 'ũ' | 'ū' | 'ŭ' | 'ů' | 'ű' | 'ų' => "u",
        'ŵ' => "w",
        'ý' | 'ÿ' | 'ŷ' => "y",
        'ź' | 'ż' | 'ž' => "z",
        'ß' => "ss",
        'æ' => "ae",
        'œ' => "oe",
        'þ' => "th",
        _ => return None,
    })
}

/// FNV-1a 64's offset basis and prime.
const FNV_OFFSET: u64 = 0xcbf2_9ce4_8422_2325;
pub(crate) const FNV_PRIME: u64 = 0x0000_0100_0000_01b3;

/// FNV-1a, 64 bits: fixed, documented and identical on every platform, unlike
/// `std`'s `DefaultHasher`.
pub fn fnv1a64(bytes: &[u8]) -> u64 {
    let mut hash = FNV_OFFSET;
    for &b in bytes {
        hash ^= u64::from(b);
        hash = hash.wrapping_mul(FNV_PRIME);
    }
    hash
}

/// The 32-bit fingerprint of folded text behind a sentence id: FNV-1a 64 of
/// its UTF-8 bytes, with the high half xor-ed into the low half.
pub fn fingerprint(folded: &str) -> u32 {
    fingerprint_of_hash(fnv1a64(folded.as_bytes()))
}

/// [`fnv1a64`] of four texts at once. FNV-1a is one chain of multiplies,
/// each waiting for the last; four independent chains keep the multiplier
/// busy, so four sentences hash in little more time than the longest one.
pub fn fnv1a64_four(texts: [&[u8]; 4]) -> [u64; 4] {
    let mut hashes = [FNV_OFFSET; 4];
    // Over the length all four share, with no test per byte; then over the
    // tails, still side by side, skipping texts that have ended.
    let shared = texts.iter().map(|t| t.len()).min().unwrap_or(0);
    let [a, b, c, d] = texts.map(|t| &t[..shared]);
    for (((&a, &b), &c), &d) in a.iter().zip(b).zip(c).zip(d) {
        for (hash, byte) in hashes.iter_mut().zip([a, b, c, d]) {
            *hash = (*hash ^ u64::from(byte)).wrapping_mul(FNV_PRIME);
        }
    }
    let longest = texts.iter().map(|t| t.len()).max().unwrap_or(0);
    for i in shared..longest {
        for (hash, text) in hashes.iter_mut().zip(texts) {
            if let Some(&byte) = text.get(i) {
                *hash = (*hash ^ u64::from(byte)).wrapping_mul(FNV_PRIME);
            }
        }
    }
    hashes
}

/// The 32-bit fingerprint of an FNV-1a 64 hash: the high half xor-ed into the
/// low half.
pub fn fingerprint_of_hash(hash: u64) -> u32 {
    // Truncation is intended: both halves have been mixed into the low 32 bits.
    ((hash >> 32) ^ hash) as u32
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn squashing_matches_splitting_on_white_space() {
        let spaces = [
            " ", "  ", "\t", "\n", "\r\n", "\u{85}", "\u{a0}", "\u{1680}", "\u{2000}", "\u{200a}",
            "\u{2028}", "\u{2029}", "\u{202f}", "\u{205f}", "\u{3000}",
        ];
        let words = [
            "a", "é", "“q”", "\u{200b}", "\u{7f}", "\u{1}", "—", "\u{e000}", "ሀ", "あ", "",
        ];
        for space in spaces {
            for word in words {
                for text in [
                    format!("{word}{space}{word}"),
                    format!("{space}{word}"),
                    format!("{word}{space}"),
                    format!("{word} {word}{space}{word}"),
                ] {
                    let reference = text.split_whitespace().collect::<Vec<_>>().join(" ");
                    assert_eq!(squash_space(&text), reference, "{text:?}");
                }
            }
        }
    }

    #[test]
    fn four_hashes_at_once_are_four_hashes() {
        let texts: [&[u8]; 4] = [
            b"",
            b"It rained.",
            b"A much longer sentence, with more in it.",
            b"x",
        ];
        let four = fnv1a64_four(texts);
        for (text, hash) in texts.iter().zip(four) {
            assert_eq!(hash, fnv1a64(text));
        }
        // No empty text: a shared stretch, then tails of every length.
        let texts: [&[u8]; 4] = [b"Prices rose.", b"Prices", b"Prices rose sharply.", b"Pri"];
        let four = fnv1a64_four(texts);
        for (text, hash) in texts.iter().zip(four) {
            assert_eq!(hash, fnv1a64(text));
        }
    }

    #[test]
    fn straightening_matches_the_quote_table() {
        let text = "“a” ‘b’ „c‟ ‚d‛ ′e″ – … € x\u{2020}y";
        let by_char: String = text
            .chars()
            .map(|c| straight_quote(c).unwrap_or(c))
            .collect();
        assert_eq!(straighten_quotes(text.to_owned()), by_char);
        assert_eq!(by_char, "\"a\" 'b' \"c\" 'd' 'e\" – … € x\u{2020}y");
    }

    #[test]
    fn folds_space_runs_and_quotes() {
        assert_eq!(fold("  a \n\t b “c” ‘d’ "), "a b \"c\" 'd'");
    }

    #[test]
    fn squashing_knows_unicode_white_space() {
        for text in [
            "a\u{a0}b",
            "a\u{2009}b",
            "a\u{3000}b",
            "a\tb",
            "a  b",
            " a b ",
            "a\u{85}b",
        ] {
            assert_eq!(squash_space(text), "a b", "{text:?}");
        }
        assert_eq!(squash_space("Café “ok” — fine"), "Café “ok” — fine");
    }

    #[test]
    fn map_points_back_to_raw_bytes() {
        let raw = "x  “y”";
        let (folded, map) = fold_with_map(raw);
        assert_eq!(folded, "x \"y\"");
        assert_eq!(map[2], raw.find('“').unwrap_or(0));
        assert_eq!(map[folded.len()], raw.len());
    }

    #[test]
    fn dashes_fold_to_one_hyphen_with_their_spaces() {
        for typed in [
            "Baku - not Moscow",
            "Baku--not Moscow",
            "Baku -- not Moscow",
            "Baku — not Moscow",
            "Baku—not Moscow",
            "Baku – not Moscow",
            "Baku ― not Moscow",
            "Baku ‒ not Moscow",
            "Baku − not Moscow",
        ] {
            assert_eq!(fold_dashes(typed).0, "Baku-not Moscow", "{typed:?}");
            assert!(may_have_dashes(typed), "{typed:?}");
        }
        assert_eq!(fold_dashes("well-known").0, "well-known");
        assert!(!may_have_dashes("Baku, not Moscow"));
        // Every byte maps back to where it came from.
        let text = "a — b-c";
        let (dashed, map) = fold_dashes(text);
        assert_eq!(dashed, "a-b-c");
        assert_eq!(map, [0, 1, 6, 7, 8, 9]);
        assert_eq!(map[dashed.len()], text.len());
    }

    #[test]
    fn the_loose_fold_ignores_case_and_accents() {
        let (loose, map) = fold_loose("Café Ölüdeniz — STRASSE Straße");
        assert_eq!(loose, "cafe oludeniz-strasse strasse");
        assert_eq!(map.len(), loose.len() + 1);
        // Combining accents are dropped, and belong to the letter before.
        let decomposed = "Cafe\u{301} noir";
        let (loose, map) = fold_loose(decomposed);
        assert_eq!(loose, "cafe noir");
        assert_eq!(&decomposed[map[0]..map[4]], "Cafe\u{301}");
    }

    #[test]
    fn fnv_matches_reference_vectors() {
        assert_eq!(fnv1a64(b""), 0xcbf2_9ce4_8422_2325);
        assert_eq!(fnv1a64(b"a"), 0xaf63_dc4c_8601_ec8c);
    }
}
