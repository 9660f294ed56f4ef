//! What an importer says to the user, as a stable code with arguments: the UI words it in the
//! interface language from its string tables (`ui/src/lib/i18n.ts`), the CLI and logs use the
//! English sentence [`Note`]'s `Display` gives. A code, once shipped, keeps its meaning and its
//! arguments: the UI's tables are keyed by it.

use std::fmt;

use serde::Serialize;
use ts_rs::TS;

use super::{Format, MAX_PARTICIPANTS};

/// Why a speaker was taken for the moderator (the evidence a timed importer found).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum ModeratorEvidence {
    /// They introduce another speaker by name.
    Introduces {
        /// The speaker they introduce.
        other: String,
    },
    /// They open the show (`Welcome to …`).
    OpensShow,
    /// The introduction names them.
    Introduced,
    /// Many of their questions are answered by another speaker.
    Questions {
        /// Their turns that ask a question.
        questions: usize,
        /// All their turns.
        turns: usize,
        /// Questions another speaker answers.
        answered: usize,
    },
    /// The title names every other speaker.
    TitleNamesOthers,
}

impl fmt::Display for ModeratorEvidence {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ModeratorEvidence::Introduces { other } => write!(f, "they introduce {other}"),
            ModeratorEvidence::OpensShow => f.write_str("they open the show"),
            ModeratorEvidence::Introduced => f.write_str("the introduction names them"),
            ModeratorEvidence::Questions {
                questions,
                turns,
                answered,
            } => write!(
                f,
                "{questions} of {turns} turns ask a question, {answered} answered by another speaker"
            ),
            ModeratorEvidence::TitleNamesOthers => f.write_str("the title names the others"),
        }
    }
}

/// What a file is when it is not text, for a refusal.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum BinaryKind {
    /// A PNG image.
    Png,
    /// A JPEG image.
    Jpeg,
    /// A GIF image.
    Gif,
    /// A PDF document.
    Pdf,
    /// A ZIP archive or Office document (read as text).
    Zip,
    /// A ZIP archive that is not a Word document.
    ZipNotWord,
    /// An Excel workbook.
    Excel,
    /// A PowerPoint presentation.
    PowerPoint,
    /// An OpenDocument file.
    OpenDocument,
    /// An executable program.
    Program,
    /// An SQLite database.
    Sqlite,
    /// A gzip archive.
    Gzip,
    /// A RIFF audio or video file.
    Riff,
    /// An MP3 audio file.
    Mp3,
    /// Bytes with NULs (and not UTF-16).
    Nul,
    /// Mostly control characters.
    Controls,
}

impl fmt::Display for BinaryKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            BinaryKind::Png => "a PNG image",
            BinaryKind::Jpeg => "a JPEG image",
            BinaryKind::Gif => "a GIF image",
            BinaryKind::Pdf => "a PDF document",
            BinaryKind::Zip => "a ZIP archive or Office document",
            BinaryKind::ZipNotWord => "a ZIP archive that is not a Word document",
            BinaryKind::Excel => "an Excel workbook",
            BinaryKind::PowerPoint => "a PowerPoint presentation",
            BinaryKind::OpenDocument => "an OpenDocument file; save it as .docx and try again",
            BinaryKind::Program => "a program",
            BinaryKind::Sqlite => "an SQLite database",
            BinaryKind::Gzip => "a gzip archive",
            BinaryKind::Riff => "a RIFF audio or video file",
            BinaryKind::Mp3 => "an MP3 audio file",
            BinaryKind::Nul => "it contains NUL bytes",
            BinaryKind::Controls => "it is mostly control characters",
        })
    }
}

/// One thing an importer tells the user: a diagnostic about the input, or why the input was
/// refused. Serialised as `{"code": "…", "args": {…}}`; every code has an `args` object (empty
/// when there is nothing to fill in), so the UI reads all of them alike.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(tag = "code", content = "args", rename_all = "snake_case")]
pub enum Note {
    // ---- Decoding ----
    /// The bytes were read in a legacy encoding (not UTF-8).
    DecodedAs {
        /// The encoding's name (`Big5`, `Shift_JIS`, `GB18030`…).
        encoding: String,
    },
    /// The encoding was guessed on too little evidence.
    EncodingUncertain {
        /// The encoding guessed.
        encoding: String,
    },
    // ---- Refusals ----
    /// Nothing but whitespace.
    Empty {},
    /// Not a text file.
    NotText {
        /// What it is.
        kind: BinaryKind,
    },
    /// The bytes are not valid in the encoding read (detected or chosen).
    Undecodable {
        /// The encoding tried.
        encoding: String,
    },
    /// An encoding name (`--encoding`) that is not one.
    EncodingNotRecognised {
        /// The name given.
        label: String,
    },
    /// Over the size limit.
    TooLarge {
        /// The input's size in bytes.
        size: usize,
        /// The limit in bytes.
        limit: usize,
    },
    /// Roundtable JSON that does not read.
    DocumentJson {
        /// What was wrong (English).
        reason: String,
    },
    /// Transcript JSON that is not valid JSON.
    TranscriptJson {
        /// 1-based line.
        line: usize,
        /// 1-based column.
        column: usize,
        /// What the JSON reader said (English).
        reason: String,
    },
    /// JSON of a shape no importer knows.
    UnknownJson {
        /// Its top-level keys, comma-separated.
        keys: String,
    },
    /// A timed file without one cue or turn with text.
    NoCues {
        /// The format it was read as.
        format: Format,
        /// What such a file looks like (English).
        hint: String,
    },
    /// A Word document that does not read.
    Docx {
        /// Why (English).
        reason: String,
    },
    /// More lines than the limit.
    TooManyLines {
        /// The limit.
        limit: usize,
    },
    /// A binary format asked of text.
    NeedsBytes {
        /// The format asked for.
        format: Format,
    },
    // ---- Speakers ----
    /// More speakers than the limit in a timed file.
    TooManySpeakersTimed {
        /// The label read as the previous speaker.
        label: String,
    },
    /// More speakers than the limit in text.
    TooManySpeakers {},
    /// Text without a speaker label, given to the unknown speaker.
    UnlabelledText {
        /// The unknown speaker's name.
        speaker: String,
    },
    /// A timed file's moderator, and why.
    ModeratorTaken {
        /// Their name.
        name: String,
        /// The evidence.
        evidence: ModeratorEvidence,
    },
    /// The moderator's label replaced by the name they introduce themselves with.
    ModeratorNamed {
        /// The name now.
        name: String,
        /// The label before.
        old: String,
    },
    /// A label that matched no one in a declared guest list.
    LabelNotInGuestList {
        /// The label.
        label: String,
    },
    /// A `Label: text` line whose label the import did not take for a speaker, kept as text
    /// of its own rather than added to the turn before it (someone else's).
    LabelKeptApart {
        /// The label.
        label: String,
    },
    /// A speaker not in the guest list.
    NewSpeaker {
        /// Their name.
        name: String,
    },
    /// Labels with no text after them were dropped.
    EmptyLabelsDropped {},
    // ---- Text structure ----
    /// No title line found.
    NoTitle {},
    /// A page counter (`1/3`) dropped.
    PageCounterDropped {
        /// The line.
        text: String,
    },
    /// A publishing account line read, its date dropped.
    PublishingAccount {
        /// The account.
        account: String,
        /// The date dropped.
        date: String,
    },
    /// An Otter footer dropped.
    FooterDropped {
        /// The line.
        text: String,
    },
    // ---- Timed formats ----
    /// A WebVTT block without a timing line.
    CueWithoutTiming {},
    /// A WebVTT cue timing that does not read; the cue is kept without times.
    CueTimingUnreadable {
        /// The timing line.
        timing: String,
    },
    /// An SRT timing that does not read; kept as text.
    SrtTimingUnreadable {
        /// The timing line.
        timing: String,
    },
    /// Text before the first SRT cue.
    TextBeforeFirstCue {},
    // ---- Front matter ----
    /// Front matter aliases that would expand too far.
    FrontMatterTooLarge {
        /// The limit in KiB.
        kib: usize,
    },
    /// Front matter that is not YAML.
    FrontMatterInvalid {
        /// The YAML reader's words (English).
        reason: String,
    },
    /// Front matter that is not `key: value` lines.
    FrontMatterNotMapping {},
    /// Front matter `participants` that is not a list.
    FrontMatterParticipantsNotList {},
    /// A front matter participant without a name.
    FrontMatterParticipantWithoutName {},
    /// A front matter participant whose role is not one of the three.
    FrontMatterRoleUnknown {
        /// The participant.
        name: String,
    },
    /// Front matter `credits` that is not a list.
    FrontMatterCreditsNotList {},
    // ---- Pictures ----
    /// A Word picture reference without a file.
    PictureWithoutFile {
        /// The reference.
        id: String,
    },
    /// A Word picture file missing from the document.
    PictureMissing {
        /// Its path in the document.
        path: String,
    },
    /// A Word picture in a format that cannot be shown.
    PictureUnsupported {
        /// Its path in the document.
        path: String,
    },
    /// A picture the asset store would not keep.
    PictureNotStored {
        /// Its name.
        name: String,
    },
    // ---- The list itself ----
    /// More diagnostics than the limit.
    MoreNotes {
        /// How many were left out.
        count: usize,
    },
}

impl Note {
    /// The stable code, as serialised.
    pub fn code(&self) -> &'static str {
        match self {
            Note::DecodedAs { .. } => "decoded_as",
            Note::EncodingUncertain { .. } => "encoding_uncertain",
            Note::Empty {} => "empty",
            Note::NotText { .. } => "not_text",
            Note::Undecodable { .. } => "undecodable",
            Note::EncodingNotRecognised { .. } => "encoding_not_recognised",
            Note::TooLarge { .. } => "too_large",
            Note::DocumentJson { .. } => "document_json",
            Note::TranscriptJson { .. } => "transcript_json",
            Note::UnknownJson { .. } => "unknown_json",
            Note::NoCues { .. } => "no_cues",
            Note::Docx { .. } => "docx",
            Note::TooManyLines { .. } => "too_many_lines",
            Note::NeedsBytes { .. } => "needs_bytes",
            Note::TooManySpeakersTimed { .. } => "too_many_speakers_timed",
            Note::TooManySpeakers {} => "too_many_speakers",
            Note::UnlabelledText { .. } => "unlabelled_text",
            Note::ModeratorTaken { .. } => "moderator_taken",
            Note::ModeratorNamed { .. } => "moderator_named",
            Note::LabelNotInGuestList { .. } => "label_not_in_guest_list",
            Note::LabelKeptApart { .. } => "label_kept_apart",
            Note::NewSpeaker { .. } => "new_speaker",
            Note::EmptyLabelsDropped {} => "empty_labels_dropped",
            Note::NoTitle {} => "no_title",
            Note::PageCounterDropped { .. } => "page_counter_dropped",
            Note::PublishingAccount { .. } => "publishing_account",
            Note::FooterDropped { .. } => "footer_dropped",
            Note::CueWithoutTiming {} => "cue_without_timing",
            Note::CueTimingUnreadable { .. } => "cue_timing_unreadable",
            Note::SrtTimingUnreadable { .. } => "srt_timing_unreadable",
            Note::TextBeforeFirstCue {} => "text_before_first_cue",
            Note::FrontMatterTooLarge { .. } => "front_matter_too_large",
            Note::FrontMatterInvalid { .. } => "front_matter_invalid",
            Note::FrontMatterNotMapping {} => "front_matter_not_mapping",
            Note::FrontMatterParticipantsNotList {} => "front_matter_participants_not_list",
            Note::FrontMatterParticipantWithoutName {} => "front_matter_participant_without_name",
            Note::FrontMatterRoleUnknown { .. } => "front_matter_role_unknown",
            Note::FrontMatterCreditsNotList {} => "front_matter_credits_not_list",
            Note::PictureWithoutFile { .. } => "picture_without_file",
            Note::PictureMissing { .. } => "picture_missing",
            Note::PictureUnsupported { .. } => "picture_unsupported",
            Note::PictureNotStored { .. } => "picture_not_stored",
            Note::MoreNotes { .. } => "more_notes",
        }
    }
}

/// Every code [`Note::code`] gives, in declaration order: the UI's tests check that each has
/// words in every language (the list is written into the generated bindings).
pub const NOTE_CODES: &[&str] = &[
    "decoded_as",
    "encoding_uncertain",
    "empty",
    "not_text",
    "undecodable",
    "encoding_not_recognised",
    "too_large",
    "document_json",
    "transcript_json",
    "unknown_json",
    "no_cues",
    "docx",
    "too_many_lines",
    "needs_bytes",
    "too_many_speakers_timed",
    "too_many_speakers",
    "unlabelled_text",
    "moderator_taken",
    "moderator_named",
    "label_not_in_guest_list",
    "label_kept_apart",
    "new_speaker",
    "empty_labels_dropped",
    "no_title",
    "page_counter_dropped",
    "publishing_account",
    "footer_dropped",
    "cue_without_timing",
    "cue_timing_unreadable",
    "srt_timing_unreadable",
    "text_before_first_cue",
    "front_matter_too_large",
    "front_matter_invalid",
    "front_matter_not_mapping",
    "front_matter_participants_not_list",
    "front_matter_participant_without_name",
    "front_matter_role_unknown",
    "front_matter_credits_not_list",
    "picture_without_file",
    "picture_missing",
    "picture_unsupported",
    "picture_not_stored",
    "more_notes",
];

impl fmt::Display for Note {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Note::DecodedAs { encoding } => write!(f, "decoded as {encoding} (not UTF-8)"),
            Note::EncodingUncertain { encoding } => write!(
                f,
                "the text's encoding was guessed as {encoding} on little evidence; if names or \
                 text look garbled, import it again choosing its encoding"
            ),
            Note::Empty {} => f.write_str("the input is empty"),
            Note::NotText { kind } => {
                write!(f, "this is not a text file ({kind}); nothing was imported")
            }
            Note::Undecodable { encoding } => write!(
                f,
                "the text is not valid {encoding}; choose its encoding (or save it as UTF-8) and \
                 try again"
            ),
            Note::EncodingNotRecognised { label } => write!(
                f,
                "{label:?} is not an encoding Roundtable knows; try utf-8, utf-16le, gb18030, \
                 big5, shift_jis, euc-kr or windows-1252"
            ),
            Note::TooLarge { size, limit } => {
                write!(f, "the input is {size} bytes; the limit is {limit} bytes")
            }
            Note::DocumentJson { reason } => f.write_str(reason),
            Note::TranscriptJson {
                line,
                column,
                reason,
            } => write!(
                f,
                "the transcript JSON is invalid at line {line}, column {column} ({reason}); the \
                 file may be truncated: export it again"
            ),
            Note::UnknownJson { keys } => write!(
                f,
                "this JSON is neither a Roundtable document nor a Whisper/WhisperX transcript (it \
                 has no \"segments\" list; its keys: {keys})"
            ),
            Note::NoCues { format, hint } => {
                write!(f, "no {format} cues or turns with text were found; {hint}")
            }
            Note::Docx { reason } => write!(f, "cannot read this Word document: {reason}"),
            Note::TooManyLines { limit } => write!(
                f,
                "the input has more than {limit} lines (or entries); split it into smaller files"
            ),
            Note::NeedsBytes { format } => write!(
                f,
                "{format} is a binary format: import the file itself, not its text"
            ),
            Note::TooManySpeakersTimed { label } => write!(
                f,
                "more than {MAX_PARTICIPANTS} speakers; {label} is read as the previous speaker"
            ),
            Note::TooManySpeakers {} => write!(
                f,
                "more than {MAX_PARTICIPANTS} speakers; further labels are kept as text"
            ),
            Note::UnlabelledText { speaker } => write!(
                f,
                "text without a speaker label is attributed to \"{speaker}\"; rename or reassign it"
            ),
            Note::ModeratorTaken { name, evidence } => {
                write!(f, "took {name} for the moderator: {evidence}")
            }
            Note::ModeratorNamed { name, old } => {
                write!(f, "named the moderator {name}: {old} introduces themselves")
            }
            Note::LabelNotInGuestList { label } => write!(
                f,
                "label {label} matched no participant in the guest list; kept as text"
            ),
            Note::LabelKeptApart { label } => write!(
                f,
                "label {label} is not a speaker this import recognised; kept as text of its own, not added to the turn before it"
            ),
            Note::NewSpeaker { name } => write!(f, "new speaker {name}, not in the guest list"),
            Note::EmptyLabelsDropped {} => {
                f.write_str("dropped speaker labels with no text after them")
            }
            Note::NoTitle {} => f.write_str("no title line found; the title is empty"),
            Note::PageCounterDropped { text } => write!(f, "dropped the page counter {text:?}"),
            Note::PublishingAccount { account, date } => write!(
                f,
                "read {account:?} as the publishing account; dropped the date {date:?}"
            ),
            Note::FooterDropped { text } => write!(f, "dropped the footer {text:?}"),
            Note::CueWithoutTiming {} => {
                f.write_str("a block without a `start --> end` timing line was skipped")
            }
            Note::CueTimingUnreadable { timing } => write!(
                f,
                "unreadable cue timing {timing:?}; such cues are kept without times"
            ),
            Note::SrtTimingUnreadable { timing } => {
                write!(f, "unreadable cue timing {timing:?}; kept as text")
            }
            Note::TextBeforeFirstCue {} => {
                f.write_str("text before the first cue timing was skipped")
            }
            Note::FrontMatterTooLarge { kib } => write!(
                f,
                "the front matter's aliases (`*name`) would expand to more than {kib} KiB; it was \
                 skipped (write the values out instead of repeating anchors)"
            ),
            Note::FrontMatterInvalid { reason } => {
                write!(
                    f,
                    "the front matter is not valid YAML ({reason}); it was skipped"
                )
            }
            Note::FrontMatterNotMapping {} => {
                f.write_str("the front matter is not a set of `key: value` lines; it was skipped")
            }
            Note::FrontMatterParticipantsNotList {} => {
                f.write_str("front matter `participants` is not a list; it was skipped")
            }
            Note::FrontMatterParticipantWithoutName {} => {
                f.write_str("a front matter participant has no `name`; it was skipped")
            }
            Note::FrontMatterRoleUnknown { name } => write!(
                f,
                "front matter participant {name}: the role is not moderator, guest or other; kept \
                 as found"
            ),
            Note::FrontMatterCreditsNotList {} => {
                f.write_str("front matter `credits` is not a list; it was skipped")
            }
            Note::PictureWithoutFile { id } => write!(
                f,
                "picture {id} has no file in the document; kept as an empty image slot"
            ),
            Note::PictureMissing { path } => write!(
                f,
                "picture {path} is missing from the document; kept as an empty image slot"
            ),
            Note::PictureUnsupported { path } => write!(
                f,
                "picture {path} is not a PNG, JPEG, GIF, WebP, BMP, TIFF, EMF or WMF image; kept \
                 as an empty image slot"
            ),
            Note::PictureNotStored { name } => write!(
                f,
                "picture {name} is not PNG, JPEG, GIF or WebP; its slot is kept empty"
            ),
            Note::MoreNotes { count } => write!(f, "{count} more notes like these were left out"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// One of each code, in [`NOTE_CODES`] order.
    fn examples() -> Vec<Note> {
        let s = || "x".to_owned();
        vec![
            Note::DecodedAs { encoding: s() },
            Note::EncodingUncertain { encoding: s() },
            Note::Empty {},
            Note::NotText {
                kind: BinaryKind::Png,
            },
            Note::Undecodable { encoding: s() },
            Note::EncodingNotRecognised { label: s() },
            Note::TooLarge { size: 2, limit: 1 },
            Note::DocumentJson { reason: s() },
            Note::TranscriptJson {
                line: 1,
                column: 2,
                reason: s(),
            },
            Note::UnknownJson { keys: s() },
            Note::NoCues {
                format: Format::Srt,
                hint: s(),
            },
            Note::Docx { reason: s() },
            Note::TooManyLines { limit: 1 },
            Note::NeedsBytes {
                format: Format::Docx,
            },
            Note::TooManySpeakersTimed { label: s() },
            Note::TooManySpeakers {},
            Note::UnlabelledText { speaker: s() },
            Note::ModeratorTaken {
                name: s(),
                evidence: ModeratorEvidence::Questions {
                    questions: 3,
                    turns: 4,
                    answered: 2,
                },
            },
            Note::ModeratorNamed {
                name: s(),
                old: s(),
            },
            Note::LabelNotInGuestList { label: s() },
            Note::LabelKeptApart { label: s() },
            Note::NewSpeaker { name: s() },
            Note::EmptyLabelsDropped {},
            Note::NoTitle {},
            Note::PageCounterDropped { text: s() },
            Note::PublishingAccount {
                account: s(),
                date: s(),
            },
            Note::FooterDropped { text: s() },
            Note::CueWithoutTiming {},
            Note::CueTimingUnreadable { timing: s() },
            Note::SrtTimingUnreadable { timing: s() },
            Note::TextBeforeFirstCue {},
            Note::FrontMatterTooLarge { kib: 1 },
            Note::FrontMatterInvalid { reason: s() },
            Note::FrontMatterNotMapping {},
            Note::FrontMatterParticipantsNotList {},
            Note::FrontMatterParticipantWithoutName {},
            Note::FrontMatterRoleUnknown { name: s() },
            Note::FrontMatterCreditsNotList {},
            Note::PictureWithoutFile { id: s() },
            Note::PictureMissing { path: s() },
            Note::PictureUnsupported { path: s() },
            Note::PictureNotStored { name: s() },
            Note::MoreNotes { count: 1 },
        ]
    }

    #[test]
    fn every_code_is_listed_once_and_serialises_with_args() {
        let notes = examples();
        let codes: Vec<&str> = notes.iter().map(Note::code).collect();
        assert_eq!(codes, NOTE_CODES, "NOTE_CODES lists every code in order");
        for note in &notes {
            let json = serde_json::to_value(note).expect("serialises");
            assert_eq!(json["code"], note.code(), "{json}");
            assert!(
                json["args"].is_object(),
                "{} has no args object: {json}",
                note.code()
            );
            assert!(!note.to_string().is_empty());
        }
        let mut unique = codes.clone();
        unique.sort_unstable();
        unique.dedup();
        assert_eq!(unique.len(), codes.len(), "codes are unique");
    }

    /// Codes are part of the UI's contract: these are spelled out so that renaming a variant
    /// cannot silently change one.
    #[test]
    fn codes_are_stable() {
        let json = serde_json::to_value(Note::LabelNotInGuestList {
            label: "Dr. Evans".into(),
        })
        .expect("serialises");
        assert_eq!(
            json,
            serde_json::json!({"code": "label_not_in_guest_list", "args": {"label": "Dr. Evans"}})
        );
        let json = serde_json::to_value(Note::Empty {}).expect("serialises");
        assert_eq!(json, serde_json::json!({"code": "empty", "args": {}}));
        let json = serde_json::to_value(Note::ModeratorTaken {
            name: "Ann".into(),
            evidence: ModeratorEvidence::OpensShow,
        })
        .expect("serialises");
        assert_eq!(
            json,
            serde_json::json!({"code": "moderator_taken", "args": {"name": "Ann", "evidence": {"kind": "opens_show"}}})
        );
    }
}
