//! Structure: sentences that are no claim whatever their words say.
//!
//! The Markdown an article already has, and the shape of a line, tell some
//! text apart from the claims around it:
//!
//! - **link-only** ([`Structure::LinkOnly`]): a block whose text is nothing
//!   but links (a related-story list, a "Read more: …" line), with at most
//!   punctuation around and between them and a short label ending in a
//!   colon or dash before the first; or a sentence that is a bare web
//!   address;
//! - **byline** ([`Structure::Byline`]): "By Jane Doe", a credit line
//!   ("Additional reporting by …", "(Reporting by …; Editing by …)",
//!   "Photo: Reuters/…", "Contributing: …"), a copyright line ("© 2018
//!   Reuters."), or a lone name ending a block ("— Jane Doe", "Jane Doe,
//!   Reuters");
//! - **label** ([`Structure::Label`]): a heading, or a block of a few words,
//!   without a verb ("Key points", "Results by county", "Fine Gael");
//! - **timestamp** ([`Structure::Timestamp`]): a block of only dates, times
//!   and their words ("Saturday, April 30, 2016", "2 Min Read").
//!
//! # Has it a verb?
//!
//! There is no part-of-speech tagger; a word is taken for a verb when
//!
//! - it is on [`VERBS`]: the auxiliaries and modals ("is", "has", "will",
//!   "could"), and the commonest verbs of news copy in the forms that are
//!   rarely nouns ("said", "says", "went", "rose", "wins", "resigns");
//! - it ends in "-ed" and has five letters or more ("voted", "arrested"),
//!   unless it is one of the few such words that are no verb ([`NOT_ED`]:
//!   "hundred", "United", "Related", "Ahmed");
//! - it is a contraction with a verb in it ("don't", "they're", "we'll");
//! - it ends in "-s" and is neither the first nor the last word (headline
//!   verbs: "Minister steps down over row"), and does not end in "-ss",
//!   "-us", "-is" or "'s".
//!
//! A label also has no digit (digits make a line content: "Turnout 70%"), no
//! quotation marks (a quoted fragment is a quotation) and no sentence end
//! (".", "!", "?": "Expect shadow boxing." is a sentence, whatever its verb).
//!
//! Limits, known and accepted: "-ing" is no cue (gerunds and adjectives in
//! labels, "Breaking news", "Voting results", outnumber verbs there), and
//! neither is "-s" on a first or last word ("Key points", "Results by
//! county" are plurals), so a short verbless-looking line whose verb is
//! neither listed nor suffixed ("Turnout soars", "Voters back plan") is
//! taken for a label; a verbless fragment that still claims something
//! ("Record turnout in Dublin") is one too. Both need to be the whole of a
//! block of at most [`LABEL_WORDS`] words, or a heading of at most
//! [`HEADING_WORDS`]. The lists are English; text in other languages is
//! judged by its digits, quotes and sentence ends only. Every cue errs
//! toward "has a verb": a plural noun mid-phrase ("Other parties in the
//! race") or a listed word used as a noun ("The Left", "Fall of Kabul")
//! leaves the line to the check-worthiness model, which is the safe side.
//!
//! # Cost
//!
//! This runs on every sentence of every article. No allocation, no regular
//! expression: a sentence longer than [`MAX_LINE_BYTES`] is decided at once;
//! a shorter one is looked at word by word only while it still could be a
//! byline or label, and the first lowercase word of an ordinary sentence
//! usually ends that. Word lists are sorted and binary-searched, with words
//! lowercased on the stack.

use crate::markup::{Block, BlockKind, Inline, MarkKind};

/// Why a sentence is not a claim whatever its words say.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Structure {
    /// The block is only links, as in a related-story list.
    LinkOnly,
    /// A byline, a credit line, or a lone name ending a block.
    Byline,
    /// A heading or a short label without a verb.
    Label,
    /// A line of only dates and times: "Saturday, April 30, 2016",
    /// "5:33 AM / Updated an hour ago", "2 Min Read".
    Timestamp,
}

impl Structure {
    /// The name reports use: `link-only`, `byline`, `label`, `timestamp`.
    pub fn name(self) -> &'static str {
        match self {
            Structure::LinkOnly => "link-only",
            Structure::Byline => "byline",
            Structure::Label => "label",
            Structure::Timestamp => "timestamp",
        }
    }
}

/// Most words a non-heading block may have and still be a label.
pub const LABEL_WORDS: usize = 5;

/// Most words a heading may have and still be a label.
pub const HEADING_WORDS: usize = 8;

/// Longer sentences are never bylines, credits, names or labels.
pub const MAX_LINE_BYTES: usize = 240;

/// Longer sentences are never lone names or labels.
pub const MAX_SHORT_BYTES: usize = 96;

/// Most words of the label before a link-only block's first link ("Read
/// more:", "See also –").
const LINK_LABEL_WORDS: usize = 4;

/// Most bytes of text outside links in a link-only block: before the
/// first, between two, after the last.
const MAX_LINK_LABEL_BYTES: usize = 64;

/// Most words of a byline after "By", and of a credit line after its prefix.
const BYLINE_WORDS: usize = 20;
const CREDIT_WORDS: usize = 40;

/// Most words of a lone name, with its affiliation ("Jane Doe, Reuters").
const NAME_WORDS: usize = 8;

/// Verbs and auxiliaries, lowercase and sorted (a test checks): forms that
/// are seldom nouns in a label. Base forms used as imperatives in labels
/// ("Read more", "See also", "Sign up", "Back to top") are left out.
const VERBS_LIST: &[&str] = &[
    "accept",
    "accepted",
    "accepts",
    "accuse",
    "accuses",
    "admit",
    "admits",
    "agree",
    "agrees",
    "allow",
    "allows",
    "am",
    "announce",
    "announces",
    "appear",
    "appears",
    "are",
    "argue",
    "argues",
    "arrest",
    "arrests",
    "ask",
    "asks",
    "ate",
    "be",
    "became",
    "become",
    "becomes",
    "been",
    "began",
    "begin",
    "begins",
    "begun",
    "being",
    "believe",
    "believes",
    "blame",
    "blames",
    "bought",
    "bring",
    "brings",
    "broke",
    "broken",
    "brought",
    "build",
    "builds",
    "built",
    "buy",
    "buys",
    "came",
    "can",
    "cannot",
    "caught",
    "chose",
    "chosen",
    "come",
    "comes",
    "confirm",
    "confirms",
    "continue",
    "continues",
    "could",
    "denies",
    "deny",
    "did",
    "die",
    "dies",
    "do",
    "does",
    "done",
    "drew",
    "driven",
    "drove",
    "expect",
    "expects",
    "fail",
    "fails",
    "feel",
    "feels",
    "fell",
    "felt",
    "find",
    "finds",
    "fled",
    "flew",
    "fought",
    "found",
    "gave",
    "get",
    "gets",
    "give",
    "given",
    "gives",
    "go",
    "goes",
    "gone",
    "got",
    "gotten",
    "grew",
    "grow",
    "grown",
    "grows",
    "had",
    "happen",
    "happens",
    "has",
    "have",
    "having",
    "hear",
    "heard",
    "hears",
    "held",
    "hid",
    "hold",
    "holds",
    "include",
    "includes",
    "insist",
    "insists",
    "is",
    "join",
    "joins",
    "keep",
    "keeps",
    "kept",
    "kill",
    "kills",
    "knew",
    "know",
    "known",
    "knows",
    "launches",
    "leads",
    "led",
    "left",
    "lets",
    "lose",
    "loses",
    "lost",
    "made",
    "make",
    "makes",
    "may",
    "mean",
    "means",
    "meant",
    "meet",
    "meets",
    "met",
    "might",
    "must",
    "need",
    "needs",
    "oppose",
    "opposes",
    "ought",
    "paid",
    "pays",
    "pledges",
    "plunge",
    "plunges",
    "put",
    "puts",
    "quit",
    "quits",
    "ran",
    "refuse",
    "refuses",
    "reject",
    "rejects",
    "remain",
    "remains",
    "resign",
    "resigns",
    "reveal",
    "reveals",
    "rise",
    "risen",
    "rises",
    "rose",
    "said",
    "sat",
    "saw",
    "say",
    "says",
    "seeks",
    "seem",
    "seems",
    "seen",
    "sees",
    "sell",
    "sells",
    "send",
    "sends",
    "sent",
    "shall",
    "should",
    "shown",
    "slams",
    "sold",
    "sought",
    "speak",
    "speaks",
    "spend",
    "spends",
    "spent",
    "spoke",
    "spoken",
    "stood",
    "struck",
    "take",
    "taken",
    "takes",
    "tell",
    "tells",
    "think",
    "thinks",
    "thought",
    "threw",
    "told",
    "took",
    "tried",
    "tries",
    "urge",
    "urges",
    "vow",
    "vows",
    "want",
    "wants",
    "warn",
    "warns",
    "was",
    "went",
    "were",
    "will",
    "win",
    "wins",
    "won",
    "wore",
    "would",
    "written",
    "wrote",
];

/// Words of five letters or more ending in "-ed" that are no verb.
const NOT_ED_LIST: &[&str] = &[
    "ahmed", "beloved", "breed", "creed", "embed", "featured", "greed", "hundred", "indeed",
    "kindred", "limited", "mohammed", "muhammed", "naked", "related", "sacred", "seabed", "shred",
    "speed", "steed", "tweed", "united", "wicked",
];

/// Lowercase words inside a name ("Charles de Gaulle", "Ursula von der
/// Leyen").
const PARTICLES_LIST: &[&str] = &[
    "al", "bin", "bint", "da", "das", "de", "del", "della", "den", "der", "di", "dos", "du", "el",
    "ibn", "la", "le", "ten", "ter", "van", "von", "y",
];

/// Lowercase words a byline may have besides names: connectors and roles
/// ("By Jane Doe and John Roe in Kyiv", "By Jane Doe, political
/// correspondent").
const BYLINE_WORDS_LOWER_LIST: &[&str] = &[
    "affairs",
    "agencies",
    "agency",
    "and",
    "at",
    "bureau",
    "business",
    "chief",
    "columnist",
    "contributor",
    "contributors",
    "correspondent",
    "correspondents",
    "data",
    "desk",
    "diplomatic",
    "economics",
    "editor",
    "editors",
    "environment",
    "for",
    "foreign",
    "from",
    "health",
    "in",
    "international",
    "journalist",
    "news",
    "of",
    "photographer",
    "political",
    "producer",
    "reporter",
    "reporters",
    "science",
    "security",
    "senior",
    "special",
    "sport",
    "sports",
    "staff",
    "team",
    "technology",
    "the",
    "wire",
    "with",
    "world",
    "writer",
    "writers",
];

/// Capitalised words after "By" that make it a time, not a byline ("By
/// Monday, …", "By Christmas").
const NOT_BYLINE_LIST: &[&str] = &[
    "april",
    "august",
    "christmas",
    "contrast",
    "december",
    "easter",
    "far",
    "february",
    "friday",
    "january",
    "july",
    "june",
    "march",
    "may",
    "midday",
    "midnight",
    "monday",
    "november",
    "now",
    "october",
    "saturday",
    "september",
    "sunday",
    "then",
    "thursday",
    "today",
    "tomorrow",
    "tonight",
    "tuesday",
    "wednesday",
    "yesterday",
];

/// Capitalised words that start sentences, not names ("The End.", "Thank
/// You."): a lone name without a dash before it never starts with one.
const NOT_NAME_START_LIST: &[&str] = &[
    "a", "an", "and", "but", "by", "for", "good", "goodbye", "happy", "he", "hello", "her", "here",
    "his", "how", "i", "if", "in", "it", "its", "my", "no", "not", "now", "of", "oh", "ok", "okay",
    "on", "or", "our", "please", "she", "so", "sorry", "thank", "thanks", "that", "the", "their",
    "then", "there", "these", "they", "this", "those", "we", "well", "what", "when", "where",
    "who", "why", "yes", "you", "your",
];

/// Credit-line openings, lowercase, each with what ends it (a space after
/// "by", a colon and space).
const CREDITS: &[&str] = &[
    "additional reporting by ",
    "additional reporting from ",
    "additional reporting: ",
    "compiled by ",
    "contributing: ",
    "contributors: ",
    "credit: ",
    "credits: ",
    "edited by ",
    "editing by ",
    "editing: ",
    "graphic: ",
    "graphics by ",
    "graphics: ",
    "illustration by ",
    "illustration: ",
    "illustrations by ",
    "image: ",
    "images: ",
    "interview by ",
    "photo by ",
    "photo credit: ",
    "photo: ",
    "photograph: ",
    "photographs by ",
    "photography by ",
    "photos by ",
    "photos: ",
    "picture: ",
    "pictures by ",
    "pictures: ",
    "produced by ",
    "reported by ",
    "reporting by ",
    "reporting from ",
    "reporting: ",
    "research by ",
    "source: ",
    "sources: ",
    "translated by ",
    "translation by ",
    "video by ",
    "with additional reporting by ",
    "with reporting by ",
    "words by ",
    "writing by ",
    "written by ",
];

/// The word lists packed for lookup (see [`pack`]).
const VERBS: &[u128] = &packed::<{ VERBS_LIST.len() }>(VERBS_LIST);
const NOT_ED: &[u128] = &packed::<{ NOT_ED_LIST.len() }>(NOT_ED_LIST);
const PARTICLES: &[u128] = &packed::<{ PARTICLES_LIST.len() }>(PARTICLES_LIST);
const BYLINE_WORDS_LOWER: &[u128] =
    &packed::<{ BYLINE_WORDS_LOWER_LIST.len() }>(BYLINE_WORDS_LOWER_LIST);
const NOT_BYLINE: &[u128] = &packed::<{ NOT_BYLINE_LIST.len() }>(NOT_BYLINE_LIST);
const NOT_NAME_START: &[u128] = &packed::<{ NOT_NAME_START_LIST.len() }>(NOT_NAME_START_LIST);
const DATE_WORDS: &[u128] = &packed::<{ DATE_WORDS_LIST.len() }>(DATE_WORDS_LIST);

/// Judged once per block: a block that is only links, or a heading that is
/// a label. Every sentence of such a block is no claim.
pub fn block_structure(block: &Block) -> Option<Structure> {
    if link_only(block) {
        return Some(Structure::LinkOnly);
    }
    if matches!(block.kind, BlockKind::Heading(_)) {
        let text = block.text.trim();
        if text.len() <= MAX_LINE_BYTES {
            let words = text.split_whitespace().take(HEADING_WORDS + 1).count();
            if (1..=HEADING_WORDS).contains(&words) && label_words(text, words) {
                return Some(Structure::Label);
            }
        }
    }
    None
}

/// Judged per sentence: a byline or credit line, a lone name ending its
/// block, or a short verbless label that is the whole of its block.
/// `text` is the sentence's folded text (single spaces, straight quotes);
/// `is_last` says whether it is the last sentence of `block`. Meant to be
/// asked after [`block_structure`] said nothing of the block:
/// `block_structure(block).or_else(|| sentence_structure(block, text, last))`.
pub fn sentence_structure(block: &Block, text: &str, is_last: bool) -> Option<Structure> {
    let bytes = text.as_bytes();
    // The common case: a sentence of ordinary length is none of these.
    if bytes.is_empty() || bytes.len() > MAX_LINE_BYTES {
        return None;
    }
    // A bare web address, as copied pages give a source.
    if !bytes.contains(&b' ') && super::boundary::is_web_address(text) {
        return Some(Structure::LinkOnly);
    }
    // Bylines and credits open with "By" or a credit word, perhaps after
    // "(": two bytes rule out nearly every other sentence.
    if may_open_credit(bytes) {
        let bare = unwrap_parentheses(text);
        if by_line(bare) || credit_line(bare) {
            return Some(Structure::Byline);
        }
    }
    // A lone name or a label is short, and the last sentence of its block.
    if !is_last || bytes.len() > MAX_SHORT_BYTES {
        return None;
    }
    if copyright_line(text) {
        return Some(Structure::Byline);
    }
    let all_words = 1 + memchr::memchr_iter(b' ', bytes).count();
    if all_words <= TIMESTAMP_WORDS && whole_block(block, all_words) && timestamp(text) {
        return Some(Structure::Timestamp);
    }
    if let Some(name) = lone_name(text) {
        // A name alone as a whole block, without a dash, an affiliation or
        // a full stop, is left to the label rule ("Fine Gael").
        if name.dash || name.affiliation || name.full_stop || !whole_block(block, name.words) {
            return Some(Structure::Byline);
        }
    }
    let limit = match block.kind {
        BlockKind::Heading(_) => HEADING_WORDS,
        _ => LABEL_WORDS,
    };
    // The folded text has single spaces between words.
    let words = 1 + memchr::memchr_iter(b' ', bytes).take(limit).count();
    if words <= limit && whole_block(block, words) && label_words(text, words) {
        return Some(Structure::Label);
    }
    None
}

/// For each lowercase first letter, the second letters (as bits) that open a
/// credit or "By": built from [`CREDITS`] when compiling.
const CREDIT_OPENINGS: [u32; 26] = {
    let mut table = [0u32; 26];
    table[(b'b' - b'a') as usize] |= 1 << (b'y' - b'a');
    let mut i = 0;
    while i < CREDITS.len() {
        let opening = CREDITS[i].as_bytes();
        table[(opening[0] - b'a') as usize] |= 1 << (opening[1] - b'a');
        i += 1;
    }
    table
};

/// Whether `bytes` (past a "(") open as a byline or credit line may: the
/// first two letters, in any case, are those of one.
fn may_open_credit(bytes: &[u8]) -> bool {
    let bytes = bytes.strip_prefix(b"(").unwrap_or(bytes);
    let [first, second, ..] = *bytes else {
        return false;
    };
    let (first, second) = (first | 0x20, second | 0x20);
    first.is_ascii_lowercase()
        && second.is_ascii_lowercase()
        && CREDIT_OPENINGS[usize::from(first - b'a')] & (1 << (second - b'a')) != 0
}

/// Whether `block`'s text has exactly `words` words, so that a sentence of
/// `words` words is all of it. Looks at no more than `words + 1` words.
fn whole_block(block: &Block, words: usize) -> bool {
    block.text.split_whitespace().take(words + 1).count() == words
}

/// Whether every bit of `block`'s text lies inside a link, but for
/// punctuation around and between links and a short label before the first.
fn link_only(block: &Block) -> bool {
    let text = block.text.as_str();
    // One bit per open inline, set for links: a close ends the innermost.
    let mut stack: u64 = 0;
    let mut depth = 0u32;
    let mut link_depth = 0u32;
    let mut links = 0usize;
    let mut outside = 0; // where the text outside links last started
    for mark in &block.marks {
        match &mark.kind {
            MarkKind::Open(inline) => {
                if depth == u64::BITS {
                    return false;
                }
                let is_link = matches!(inline, Inline::Link { .. });
                if is_link {
                    if link_depth == 0 {
                        let between = text.get(outside..mark.at).unwrap_or("");
                        let fits = if between.len() > MAX_LINK_LABEL_BYTES {
                            false
                        } else if links == 0 {
                            link_label(between)
                        } else {
                            no_words(between)
                        };
                        if !fits {
                            return false;
                        }
                        links += 1;
                    }
                    link_depth += 1;
                }
                stack = (stack << 1) | u64::from(is_link);
                depth += 1;
            }
            MarkKind::Close => {
                if depth == 0 {
                    return false;
                }
                let was_link = stack & 1 == 1;
                stack >>= 1;
                depth -= 1;
                if was_link {
                    link_depth -= 1;
                    if link_depth == 0 {
                        outside = mark.at;
                    }
                }
            }
            MarkKind::FootnoteRef(_) | MarkKind::LineBreak => {}
        }
    }
    let trailing = text.get(outside..).unwrap_or("");
    links > 0 && link_depth == 0 && trailing.len() <= MAX_LINK_LABEL_BYTES && no_words(trailing)
}

/// Whether `text` has no letter or digit: white space and punctuation only.
fn no_words(text: &str) -> bool {
    !text.chars().any(char::is_alphanumeric)
}

/// Whether `text`, before a block's first link, is nothing or a short label
/// that leads into it: "Read more:", "See also –", "Related »".
fn link_label(text: &str) -> bool {
    if no_words(text) {
        return true;
    }
    let label = text.trim_end();
    let leads_in = label.ends_with([':', '-', '–', '—', '|', '»', '›', '→', '>']);
    let core = label.trim_end_matches([':', '-', '–', '—', '|', '»', '›', '→', '>', ' ']);
    let words = core.split_whitespace().count();
    leads_in
        && (1..=LINK_LABEL_WORDS).contains(&words)
        && !core.bytes().any(|b| b.is_ascii_digit())
        && !has_verb(core, words)
}

/// `text` without parentheses around it: "(Reporting by …)" → "Reporting
/// by …".
fn unwrap_parentheses(text: &str) -> &str {
    let Some(inner) = text.strip_prefix('(') else {
        return text;
    };
    let inner = inner.trim_end_matches('.');
    inner.strip_suffix(')').unwrap_or(inner).trim()
}

/// Whether `text` ends as a sentence does: ".", "!", "?" or "…", perhaps
/// before closing quotes or brackets.
fn ends_as_sentence(text: &str) -> bool {
    text.trim_end_matches(|c: char| {
        matches!(c, ')' | ']' | '"' | '\'' | '’' | '”' | '»' | '*' | '_') || c.is_whitespace()
    })
    .ends_with(['.', '!', '?', '…', '‽', '。', '！', '？'])
}

/// `word` lowercased into `buffer`; `None` when it is not short ASCII (no
/// listed word is).
fn lowercase<'b>(word: &str, buffer: &'b mut [u8; 24]) -> Option<&'b [u8]> {
    let bytes = word.as_bytes();
    if bytes.len() > buffer.len() || !word.is_ascii() {
        return None;
    }
    let lower = &mut buffer[..bytes.len()];
    lower.copy_from_slice(bytes);
    lower.make_ascii_lowercase();
    Some(lower)
}

/// Up to 16 bytes as one integer, big-endian and zero-padded, so that the
/// integers of words order as the words do.
const fn pack(bytes: &[u8]) -> u128 {
    let mut packed = 0u128;
    let mut i = 0;
    while i < 16 {
        packed <<= 8;
        if i < bytes.len() {
            packed |= bytes[i].to_ascii_lowercase() as u128;
        }
        i += 1;
    }
    packed
}

/// A sorted word list, each word [`pack`]ed: a lookup is a binary search
/// over integers, with no string compared.
const fn packed<const N: usize>(list: &[&str]) -> [u128; N] {
    let mut out = [0u128; N];
    let mut i = 0;
    while i < N {
        out[i] = pack(list[i].as_bytes());
        i += 1;
    }
    out
}

/// [`pack`] at run time, where copying the word into a buffer beats the
/// byte loop; `None` for a word that is not short ASCII (no listed word is).
fn pack_word(word: &str) -> Option<u128> {
    let bytes = word.as_bytes();
    if bytes.len() > 16 || !word.is_ascii() {
        return None;
    }
    let mut buffer = [0u8; 16];
    buffer[..bytes.len()].copy_from_slice(bytes);
    buffer.make_ascii_lowercase();
    Some(u128::from_be_bytes(buffer))
}

/// Whether `word`, ignoring case, is on the packed, sorted `list`.
fn listed(list: &[u128], word: &str) -> bool {
    pack_word(word).is_some_and(|packed| list.binary_search(&packed).is_ok())
}

/// `word` without the punctuation around it ("(Doe," → "Doe").
fn core(word: &str) -> &str {
    word.trim_matches(|c: char| !c.is_alphanumeric())
}

/// Whether `word` (its core) is a contraction with a verb in it: "don't",
/// "they're", "we've", "I'll", "I'm", "she'd", with a straight or curly
/// apostrophe.
fn is_contraction(word: &str) -> bool {
    // Lowercased on the stack, each "’" made "'".
    let mut buffer = [0u8; 24];
    let mut len = 0;
    let bytes = word.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        if len == buffer.len() {
            return false;
        }
        if bytes[i..].starts_with("’".as_bytes()) {
            buffer[len] = b'\'';
            i += 3;
        } else {
            buffer[len] = bytes[i].to_ascii_lowercase();
            i += 1;
        }
        len += 1;
    }
    let lower = &buffer[..len];
    lower.windows(3).any(|w| w == b"n't")
        || [&b"'re"[..], b"'ve", b"'ll", b"'m", b"'d"]
            .iter()
            .any(|end| lower.ends_with(end))
}

/// Whether the `words` words of `text` have a verb, by the rule in the
/// module's documentation.
fn has_verb(text: &str, words: usize) -> bool {
    for (i, raw) in text.split_whitespace().enumerate() {
        let word = core(raw);
        if word.is_empty() {
            continue;
        }
        if word.contains(['\'', '’']) && is_contraction(word) {
            return true;
        }
        let mut buffer = [0u8; 24];
        let Some(lower) = lowercase(word, &mut buffer) else {
            continue;
        };
        if listed(VERBS, word) {
            return true;
        }
        if lower.len() >= 5 && lower.ends_with(b"ed") && !listed(NOT_ED, word) {
            return true;
        }
        let inner = i > 0 && i + 1 < words;
        if inner
            && lower.len() >= 4
            && lower.ends_with(b"s")
            && !lower.ends_with(b"ss")
            && !lower.ends_with(b"us")
            && !lower.ends_with(b"is")
            && !lower.ends_with(b"'s")
        {
            return true;
        }
    }
    false
}

/// Whether the `words` words of `text` make a label: some letters, no digit,
/// no quotation mark, no sentence end, no verb.
fn label_words(text: &str, words: usize) -> bool {
    text.chars().any(char::is_alphabetic)
        && !text.bytes().any(|b| b.is_ascii_digit() || b == b'"')
        && !text.contains(['“', '”', '„', '«', '»'])
        && !ends_as_sentence(text)
        && !has_verb(text, words)
}

/// Whether `word` looks like part of a name: a capital first, then letters,
/// hyphens, apostrophes, full stops (initials) or slashes ("Reuters/Jane").
fn is_name_word(word: &str) -> bool {
    let word = word.trim_end_matches([',', ';', ':', '.', ')']);
    let mut chars = word.chars();
    chars.next().is_some_and(char::is_uppercase)
        && word.len() <= 40
        && chars.all(|c| c.is_alphabetic() || matches!(c, '-' | '\'' | '’' | '.' | '/'))
}

/// Whether `word` is a lowercase particle inside a name: "de", "von", or a
/// prefix joined by a hyphen to a capitalised name ("al-Assad").
fn is_particle(word: &str) -> bool {
    let word = word.trim_end_matches([',', ';', '.']);
    if word.len() <= 5 && listed(PARTICLES, word) {
        return true;
    }
    word.split_once('-')
        .is_some_and(|(prefix, rest)| listed(PARTICLES, prefix) && is_name_word(rest))
}

/// Whether `word` is punctuation only, such as a separator: "|", "&", "—".
fn is_separator(word: &str) -> bool {
    no_words(word)
}

/// Whether `text` is a byline: "By" and names, with connectors, roles and
/// affiliations ("By Jane Doe and John Roe", "By JANE DOE, Associated
/// Press", "By Jane Doe in Kyiv"). "By 2030, …" and "By Monday, …" are not.
fn by_line(text: &str) -> bool {
    let after = match text.as_bytes() {
        [b'B', b'y' | b'Y', b' ', ..] => 3,
        [b'B', b'y' | b'Y', b':', b' ', ..] => 4,
        _ => return false,
    };
    let rest = &text[after..];
    if rest.ends_with(['?', '!']) {
        return false;
    }
    let mut names = 0;
    // Past a separator after the names, a date may follow.
    let mut dated = false;
    for (i, word) in rest.split_whitespace().enumerate() {
        if i == BYLINE_WORDS {
            return false;
        }
        if i == 0 && (!is_name_word(word) || listed(NOT_BYLINE, core(word))) {
            return false;
        }
        if is_name_word(word) {
            names += 1;
        } else if is_separator(word) {
            dated = names > 0;
        } else if !((dated && is_date_part(word))
            || is_particle(word)
            || listed(BYLINE_WORDS_LOWER, word.trim_end_matches([',', ';', '.'])))
        {
            return false;
        }
    }
    names > 0
}

/// Words of a date or time after a byline ("· December 15, 2024, 14:32
/// GMT", "| Updated 3 hours ago"), lowercase and sorted.
const DATE_WORDS_LIST: &[&str] = &[
    "a.m.",
    "ago",
    "am",
    "at",
    "bst",
    "cet",
    "day",
    "days",
    "gmt",
    "hour",
    "hours",
    "min",
    "mins",
    "minute",
    "minutes",
    "on",
    "p.m.",
    "pm",
    "published",
    "updated",
    "utc",
];

/// Whether `word` is part of a date or time: digits with ",.:/-", or one of
/// [`DATE_WORDS`].
fn is_date_part(word: &str) -> bool {
    let digits = word.trim_end_matches([',', ';']);
    (digits.bytes().any(|b| b.is_ascii_digit())
        && digits
            .bytes()
            .all(|b| b.is_ascii_digit() || matches!(b, b'.' | b':' | b'/' | b'-')))
        || listed(DATE_WORDS, word.trim_end_matches([',', ';']))
}

/// Whether `text` is a copyright line: "©" or "Copyright", then a year,
/// then no verb ("© 2018 Reuters.", "Copyright 2024 The Associated Press."),
/// not a sentence about copyright ("Copyright claims rose 40% in 2023").
fn copyright_line(text: &str) -> bool {
    let rest = if let Some(rest) = text.strip_prefix('©') {
        rest
    } else if text
        .get(..10)
        .is_some_and(|head| head.eq_ignore_ascii_case("copyright "))
    {
        text[10..].trim_start_matches(['©', ' '])
    } else {
        return false;
    };
    let rest = rest.trim_start();
    let year = rest.split([' ', ',', '.']).next().unwrap_or_default();
    year.len() == 4 && year.bytes().all(|b| b.is_ascii_digit()) && !lowercase_verb(rest)
}

/// Most words a timestamp line may have.
const TIMESTAMP_WORDS: usize = 12;

/// Words that, beside numbers, [`DATE_WORDS`] and the names of months and
/// days, make up a timestamp or a reading time on a news page.
const TIMESTAMP_EXTRA: &[&str] = &[
    "an", "fri", "last", "mon", "posted", "read", "sat", "sun", "thu", "tue", "wed",
];

/// Whether `text` is only dates, times and their words, with at least one
/// number: the timestamp or reading time a copied page brings along.
fn timestamp(text: &str) -> bool {
    let mut numbers = 0;
    for word in text.split(' ') {
        let word = word.trim_matches(|c: char| {
            matches!(
                c,
                ',' | '/' | '|' | '·' | '•' | '—' | '–' | '-' | '(' | ')' | ':'
            )
        });
        if word.is_empty() {
            continue;
        }
        if word.bytes().any(|b| b.is_ascii_digit()) {
            if !is_date_part(word.trim_end_matches('.')) {
                return false;
            }
            numbers += 1;
        } else {
            let bare = word.trim_end_matches('.');
            let known = is_date_part(word)
                || super::worthy::is_calendar_word(bare)
                || TIMESTAMP_EXTRA.iter().any(|w| w.eq_ignore_ascii_case(bare));
            if !known {
                return false;
            }
        }
    }
    numbers > 0
}

/// Whether `text` is a credit line: a credit opening ("Reporting by",
/// "Photo:", "Contributing:") and names or sources after it, with no digit
/// and no verb ("Reporting by Jane Doe; Editing by John Roe").
fn credit_line(text: &str) -> bool {
    let bytes = text.as_bytes();
    let [first, second, ..] = *bytes else {
        return false;
    };
    // The credits are sorted: those with these first two letters are together.
    let two = [first.to_ascii_lowercase(), second.to_ascii_lowercase()];
    let from = CREDITS.partition_point(|c| c.as_bytes()[..2] < two[..]);
    for credit in CREDITS[from..]
        .iter()
        .take_while(|c| c.as_bytes()[..2] == two[..])
    {
        let opening = credit.as_bytes();
        if bytes.len() <= opening.len() || !bytes[..opening.len()].eq_ignore_ascii_case(opening) {
            continue;
        }
        let rest = &text[opening.len()..];
        let words = rest.split_whitespace().take(CREDIT_WORDS + 1).count();
        return words <= CREDIT_WORDS
            && rest.chars().any(char::is_alphabetic)
            && !rest.bytes().any(|b| b.is_ascii_digit())
            && !rest.ends_with(['?', '!'])
            && !lowercase_verb(rest);
    }
    false
}

/// Whether a lowercase word of `text` is a verb (capitalised words are
/// taken for names here: "Will Smith", "Ahmed").
fn lowercase_verb(text: &str) -> bool {
    text.split_whitespace().any(|raw| {
        let word = core(raw);
        word.chars().next().is_some_and(char::is_lowercase) && has_verb(word, 1)
    })
}

/// A lone name: its word count and what marks it as a signature.
#[derive(Debug, Clone, Copy)]
struct LoneName {
    /// Words in the sentence, the dash apart.
    words: usize,
    /// A dash before it: "— Jane Doe".
    dash: bool,
    /// An affiliation after a comma or dash: "Jane Doe, Reuters".
    affiliation: bool,
    /// A full stop after it: "Jane Doe."
    full_stop: bool,
}

/// `text` as a lone name: one to four capitalised words after a dash, two
/// to four without ("Jane Doe", "— AP", "Charles de Gaulle"), perhaps with
/// an affiliation after a comma ("Jane Doe, Reuters"); no digits, no
/// lowercase words but name particles and byline roles.
fn lone_name(text: &str) -> Option<LoneName> {
    let rest = text.trim_start_matches(['—', '–', '-', '―', ' ']);
    let dash = rest.len() < text.len();
    if rest.ends_with(['?', '!']) {
        return None;
    }
    let full_stop = rest.ends_with('.');
    let mut names = 0;
    let mut words = 0;
    let mut in_affiliation = false;
    let mut affiliation_words = 0;
    // The folded text has single spaces between words.
    for word in rest.split(' ').filter(|w| !w.is_empty()) {
        words += 1;
        if words > NAME_WORDS {
            return None;
        }
        if is_separator(word) {
            // "Jane Doe — Reuters", "Jane Doe | Reuters"
            if names == 0 || in_affiliation {
                return None;
            }
            in_affiliation = true;
            continue;
        }
        if in_affiliation {
            if is_name_word(word)
                || is_particle(word)
                || listed(BYLINE_WORDS_LOWER, word.trim_end_matches([',', ';', '.']))
            {
                affiliation_words += 1;
            } else {
                return None;
            }
        } else if is_name_word(word) {
            names += 1;
        } else if names == 0 || !is_particle(word) {
            return None;
        }
        if word.ends_with(',') {
            if in_affiliation && affiliation_words == 0 {
                return None;
            }
            in_affiliation = true;
        }
    }
    let enough = if dash { 1..=4 } else { 2..=4 };
    if !enough.contains(&names) || (in_affiliation && affiliation_words == 0) {
        return None;
    }
    // Checked last: most sentences have failed on their second word.
    let first = rest.split_whitespace().next().unwrap_or("");
    if !dash && listed(NOT_NAME_START, core(first)) {
        return None;
    }
    Some(LoneName {
        words,
        dash,
        affiliation: in_affiliation,
        full_stop,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::fold;
    use crate::markup;
    use crate::segment::split;

    /// Every sentence of `markdown` with the name of its structure, judged
    /// as the segmenter would: the block first, then the sentence.
    fn judged(markdown: &str) -> Vec<(String, Option<&'static str>)> {
        let article = markup::parse(markdown);
        let mut out = Vec::new();
        for block in &article.blocks {
            let whole = block_structure(block);
            let ranges = split(&block.text);
            let last = ranges.len().saturating_sub(1);
            for (i, range) in ranges.into_iter().enumerate() {
                let text = fold::fold(&block.text[range]);
                if text.is_empty() {
                    continue;
                }
                let verdict = whole.or_else(|| sentence_structure(block, &text, i == last));
                out.push((text, verdict.map(Structure::name)));
            }
        }
        out
    }

    /// The structure of the only sentence of `markdown`.
    fn one(markdown: &str) -> Option<&'static str> {
        let all = judged(markdown);
        assert_eq!(
            all.len(),
            1,
            "one sentence expected in {markdown:?}: {all:?}"
        );
        all[0].1
    }

    /// The structure of the last sentence of `markdown`.
    fn last(markdown: &str) -> Option<&'static str> {
        judged(markdown).pop().and_then(|(_, verdict)| verdict)
    }

    #[test]
    fn word_lists_are_sorted_for_binary_search() {
        for (list, packed) in [
            (VERBS_LIST, VERBS),
            (NOT_ED_LIST, NOT_ED),
            (PARTICLES_LIST, PARTICLES),
            (BYLINE_WORDS_LOWER_LIST, BYLINE_WORDS_LOWER),
            (NOT_BYLINE_LIST, NOT_BYLINE),
            (NOT_NAME_START_LIST, NOT_NAME_START),
            (DATE_WORDS_LIST, DATE_WORDS),
            (CREDITS, &[]),
        ] {
            assert!(
                list.windows(2).all(|w| w[0] < w[1]),
                "unsorted or repeated entry in a list starting {:?}",
                list.first()
            );
            assert!(
                list.iter().all(|w| w.is_ascii() && *w == w.to_lowercase()),
                "{list:?}"
            );
            assert!(packed.windows(2).all(|w| w[0] < w[1]));
            for word in list.iter().filter(|_| !packed.is_empty()) {
                assert!(word.len() <= 16, "{word} is too long to pack");
                assert!(listed(packed, word) && listed(packed, &word.to_uppercase()));
            }
        }
        assert!(CREDITS.iter().all(|c| c.ends_with(' ')));
        assert!(!listed(VERBS, "saidx") && !listed(VERBS, "sai"));
    }

    #[test]
    fn names() {
        assert_eq!(Structure::LinkOnly.name(), "link-only");
        assert_eq!(Structure::Byline.name(), "byline");
        assert_eq!(Structure::Label.name(), "label");
        assert_eq!(Structure::Timestamp.name(), "timestamp");
    }

    #[test]
    fn timestamps_and_copyright_lines_are_no_claims() {
        for line in [
            "September 20, 2018 / 5:33 AM / Updated an hour ago",
            "Saturday, April 30, 2016",
            "1 Min Read",
            "Updated 10:42 a.m. GMT, Dec. 5, 2024",
        ] {
            assert_eq!(one(line), Some("timestamp"), "{line:?}");
        }
        assert_eq!(one("© 2018 Reuters."), Some("byline"));
        assert_eq!(
            last("It said so. http://www.bbc.co.uk/news/world-41720305"),
            Some("link-only")
        );
        assert_eq!(last("Copyright 2024 The Associated Press."), Some("byline"));
        for claim in [
            "Copyright claims rose 40% in 2023, the office said.",
            "Turnout rose. Copyright lawsuits cost Google $5 billion in 2023.",
            "© 2018 Reuters sold 40 photos.",
        ] {
            assert_eq!(last(claim), None, "{claim:?}");
        }
        assert_eq!(one("## The Kremlin's gamble"), Some("label"));
        // Dates inside a statement, or a date line that says more, are left
        // to the model.
        for line in [
            "On April 30, 2016, the plant closed.",
            "Monday 11 December 2023 Dublin: 9°C",
            "The vote is on May 5.",
            "2 killed",
        ] {
            assert_ne!(one(line), Some("timestamp"), "{line:?}");
        }
    }

    #[test]
    fn a_block_of_one_link_is_link_only() {
        assert_eq!(
            one("[Turnout rose to 70% in 2024](https://e.org/a)"),
            Some("link-only")
        );
        assert_eq!(
            one("- [Why the coalition fell apart](/story)"),
            Some("link-only")
        );
        assert_eq!(one("* **[Bold story title](/x)**"), Some("link-only"));
        assert_eq!(
            one("Read more: [How the count works](/count)"),
            Some("link-only")
        );
        assert_eq!(
            one("See also – [The full results](/results)."),
            Some("link-only")
        );
        assert_eq!(one("<https://example.org/report>"), Some("link-only"));
        assert_eq!(
            one("![A crowd outside parliament](crowd.jpg)"),
            Some("link-only")
        );
    }

    #[test]
    fn a_related_story_list_is_link_only_sentence_by_sentence() {
        let md = "Related stories:\n\n\
                  - [Ministers clash over budget. Talks go on](/a)\n\
                  - [Turnout hit 70% in Dublin](/b)\n\
                  - [Election](/c) | [Results](/d)\n";
        let all = judged(md);
        assert_eq!(all[0], ("Related stories:".into(), Some("label")));
        assert!(
            all[1..].iter().all(|(_, v)| *v == Some("link-only")),
            "{all:?}"
        );
        assert_eq!(all.len(), 5);
    }

    #[test]
    fn a_link_inside_a_sentence_is_not_link_only() {
        assert_eq!(
            one("Read more about the plan in [our report](/report)."),
            None
        );
        assert_eq!(one("Read more about the plan in our report."), None);
        assert_eq!(one("[The minister](/m) said taxes would rise."), None);
        assert_eq!(one("Police said: [the statement](/s)"), None);
        assert_eq!(one("[Turnout](/t) rose to 70% in 2024."), None);
        assert_eq!(
            one("Voters in [Cork](/c) and [Kerry](/k) went to the polls."),
            None
        );
        assert_ne!(
            one("[One](/1) and [two](/2)"),
            Some("link-only"),
            "words between links"
        );
        assert_eq!(one("Turnout was high in 2024."), None);
    }

    #[test]
    fn bylines() {
        for md in [
            "By Jane Doe",
            "By Jane Doe and John Roe",
            "By JANE DOE, Associated Press",
            "BY JANE DOE",
            "By Jane Doe, political correspondent",
            "By Jane Doe in Kyiv",
            "By Jean-Pierre O'Brien & Ursula von der Leyen",
            "By J. R. Smith | Reuters",
            "By Reuters",
            "By The Associated Press",
            "By Bashar al-Assad",
            "*By Maria Mammadov, Kyiv* · December 15, 2024",
            "By Jane Doe | Updated 3 hours ago",
            "By Jane Doe — 14:32 GMT, 5 March 2024",
        ] {
            assert_eq!(one(md), Some("byline"), "{md}");
        }
    }

    #[test]
    fn sentences_starting_with_by_are_no_bylines() {
        for md in [
            "By 2030, emissions must halve.",
            "By Monday, the count was over.",
            "By Christmas",
            "By contrast, turnout fell.",
            "By the end of the year the party had split.",
            "By Tuesday, Parliament will vote on it.",
            "By law, elections must be held every five years.",
            "By Friday evening, Labour led.",
            "By Jane Doe 2024",
            "By 10 votes, the motion passed.",
        ] {
            assert_ne!(one(md), Some("byline"), "{md}");
        }
    }

    #[test]
    fn credit_lines() {
        for md in [
            "Additional reporting by Jane Doe",
            "Additional reporting by Jane Doe and John Roe in Brussels.",
            "Reporting by Jane Doe; Editing by John Roe",
            "(Reporting by Jane Doe in Kyiv; Writing by John Roe; Editing by Sam Smith)",
            "Writing by John Roe",
            "Compiled by Staff",
            "Photo: Reuters/Jane Doe",
            "Photo: Reuters/Jane Doe.",
            "Contributing: Jane Doe, USA TODAY",
            "Source: Central Statistics Office",
        ] {
            assert_eq!(one(md), Some("byline"), "{md}");
        }
    }

    #[test]
    fn sentences_like_credits_with_a_verb_or_number_are_not() {
        for md in [
            "Reporting by the BBC showed that turnout rose.",
            "Reporting by Reuters has revealed the deal.",
            "Photo: Protesters gathered outside parliament.",
            "Source: the ministry says 40% of voters stayed home.",
            "Writing by hand is slower.",
        ] {
            assert_eq!(one(md), None, "{md}");
        }
    }

    #[test]
    fn a_lone_name_ending_a_block_is_a_byline() {
        assert_eq!(last("We will win, she said.\n— Jane Doe"), Some("byline"));
        assert_eq!(last("We will win, she said. —Jane Doe"), Some("byline"));
        assert_eq!(last("The count ended at dawn. Jane Doe"), Some("byline"));
        assert_eq!(
            last("The count ended at dawn.\nJane Doe, Reuters"),
            Some("byline")
        );
        assert_eq!(
            last("The count ended at dawn. Charles de Gaulle."),
            Some("byline")
        );
        assert_eq!(last("> We will win.\n>\n> — AP"), Some("byline"));
        assert_eq!(one("Jane Doe, Reuters"), Some("byline"));
        assert_eq!(one("Jane Doe."), Some("byline"));
        // Not the last sentence: the name opens a sentence of its own.
        let all = judged("Jane Doe. She said the count ended at dawn.");
        assert_eq!(all[0].1, None, "{all:?}");
    }

    #[test]
    fn ordinary_last_sentences_are_no_names() {
        for md in [
            "The count ended. Voters went to the polls.",
            "The count ended. The End.",
            "The count ended. Thank You.",
            "The count ended. Expect shadow boxing.",
            "The count ended. All 27 members voted.",
            "The count ended. Jane Doe won.",
            "The count ended. Was it Jane Doe?",
            "The count ended. Vladimir Putin and the West.",
            "Dublin",
        ] {
            assert_ne!(last(md), Some("byline"), "{md}");
        }
    }

    #[test]
    fn short_verbless_blocks_and_headings_are_labels() {
        for md in [
            "# Fine Gael",
            "## Others",
            "### Key points",
            "Analysis",
            "Results by county",
            "**Key points:**",
            "- Fine Gael\n- Sinn Féin\n- Others",
            "| County | Turnout |\n|---|---|\n| Dublin | 70% |",
            "# Azerbaijan and Russia: the end of a friendship",
            "## Related stories",
        ] {
            let all = judged(md);
            let labels: Vec<_> = all.iter().filter(|(_, v)| *v == Some("label")).collect();
            assert!(!labels.is_empty(), "{md}: {all:?}");
            assert!(
                all.iter().all(|(t, v)| *v == Some("label") || t == "70%"),
                "{md}: {all:?}"
            );
        }
    }

    #[test]
    fn sentences_and_content_are_no_labels() {
        for md in [
            "# Turnout rose to 70% in 2024",
            "# Minister resigns over expenses",
            "## Minister steps down over row",
            "# What happens next?",
            "Expect shadow boxing.",
            "All 27 members voted.",
            "Voters went to the polls.",
            "Turnout 70%",
            "\"Never again\"",
            "“Never again”",
            "They won't.",
            "Nobody voted",
            "Fine Gael lost seats",
            "This is a sentence of more than five words",
            "The party's share of the vote fell sharply again",
        ] {
            assert_eq!(one(md), None, "{md}");
        }
    }

    #[test]
    fn a_short_last_sentence_of_a_longer_block_is_no_label() {
        // Only a whole block is a label: a fragment after a sentence is not.
        assert_eq!(last("The party won the seat. Huge swing to Labour"), None);
        assert_eq!(
            last("Votes were counted overnight. Results by county"),
            None
        );
    }

    #[test]
    fn headings_allow_more_words_than_other_blocks() {
        assert_eq!(
            one("## Reaction from the opposition in Dublin"),
            Some("label")
        );
        assert_eq!(one("Reaction from the opposition in Dublin"), None);
        assert_eq!(
            one("# A very long heading that has no verb at all in it"),
            None
        );
    }

    #[test]
    fn the_verb_rule() {
        let verb = |t: &str| has_verb(t, t.split_whitespace().count());
        assert!(verb("Police arrested protesters"));
        assert!(verb("They're back"));
        assert!(verb("Voters don’t care"));
        assert!(verb("Turnout will rise"));
        assert!(verb("Minister steps down"));
        assert!(!verb("Key points"));
        assert!(!verb("Results by county"));
        assert!(!verb("Manchester United"));
        assert!(!verb("Related stories"));
        assert!(!verb("Breaking news"));
        assert!(!verb("Analysis"));
        assert!(!verb("Sinn Féin"));
    }

    #[test]
    fn long_sentences_are_decided_at_once() {
        let long = format!("By Jane Doe{}", " and Jane Doe".repeat(30));
        let article = markup::parse(&long);
        let block = &article.blocks[0];
        assert_eq!(sentence_structure(block, &block.text, true), None);
        assert_eq!(sentence_structure(block, "", true), None);
    }
}
