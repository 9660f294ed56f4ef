// Generated from the Rust types by src-tauri/core/tests/bindings.rs. Do not edit:
// run `UPDATE_BINDINGS=1 cargo test -p roundtable-core --test bindings`.

export type ErrorCode = "not_found" | "invalid_input" | "storage" | "newer_library" | "io" | "internal";

export type IpcError = { 
/**
 * What kind of failure.
 */
code: ErrorCode, 
/**
 * One sentence for the user, in English.
 */
message: string, 
/**
 * The same as a stable code with arguments, where there is one (an import refused), for
 * the UI to word in the interface language.
 */
detail: Note | null, };

export type Role = "moderator" | "guest" | "other";

export type Participant = { 
/**
 * Stable id, unique within the document; turns refer to it.
 */
id: string, 
/**
 * Display name as it should appear in the article.
 */
name: string, 
/**
 * Moderator, guest or other.
 */
role: Role, 
/**
 * Job title, e.g. "Head of Research".
 */
title: string | null, 
/**
 * Organisation, e.g. "City Trade Union".
 */
organization: string | null, 
/**
 * Other labels that refer to this person in sources (`主持人`, a surname, capitals).
 */
aliases: Array<string>, };

export type Block = { "type": "paragraph", 
/**
 * Block id, unique within the document.
 */
id: string, 
/**
 * Plain text, no markup.
 */
text: string, } | { "type": "heading", 
/**
 * Block id, unique within the document.
 */
id: string, 
/**
 * Plain text, no markup.
 */
text: string, } | { "type": "turn", 
/**
 * Block id, unique within the document.
 */
id: string, 
/**
 * The participant's id.
 */
speaker: string, 
/**
 * The paragraphs of the answer, plain text.
 */
paragraphs: Array<string>, 
/**
 * Start time in seconds, when the source has timecodes.
 */
start: number | null, 
/**
 * End time in seconds, when the source has timecodes.
 */
end: number | null, 
/**
 * Topic tags on this turn.
 */
topics: Array<string>, 
/**
 * The same speaker's answer goes on after an interruption (an image):
 * exporters do not repeat the label.
 */
continues: boolean, } | { "type": "image", 
/**
 * Block id, unique within the document.
 */
id: string, 
/**
 * Content-addressed asset name in the library's asset store, when the image is known.
 */
asset: string | null, 
/**
 * The caption shown under the image.
 */
caption: string | null, 
/**
 * Photographer or agency.
 */
credit: string | null, 
/**
 * Alternative text for screen readers.
 */
alt: string | null, };

export type CreditRole = "author" | "editor" | "photo" | "source" | "other";

export type Credit = { 
/**
 * What they did.
 */
role: CreditRole, 
/**
 * Who: a person or an organisation.
 */
name: string, };

export type FormatTag = "roundtable.document";

export type Document = { 
/**
 * Always `roundtable.document`.
 */
format: FormatTag, 
/**
 * Format version; this build reads and writes [`FORMAT_VERSION`].
 */
version: number, 
/**
 * Stable document id.
 */
id: string, 
/**
 * The headline.
 */
title: string, 
/**
 * A deck or standfirst under the headline.
 */
subtitle: string | null, 
/**
 * The column or series the piece runs in (the part before `丨` in WeChat titles).
 */
column: string | null, 
/**
 * BCP 47 language tag of the body, e.g. `zh` or `en`.
 */
language: string, 
/**
 * Topic tags of the whole document.
 */
topics: Array<string>, 
/**
 * Everyone who speaks, moderators first as they were declared.
 */
participants: Array<Participant>, 
/**
 * The body in reading order.
 */
blocks: Array<Block>, 
/**
 * Source, editor, photographer… in the order they appear.
 */
credits: Array<Credit>, 
/**
 * The heading the source put over its guest list (`观察嘉宾`, `Panelists`) when it is
 * not the language's plain one (`嘉宾`, `Guests`): exports print it instead.
 */
guest_heading?: string | null, 
/**
 * How the source labelled its speakers when an importer could tell (`host-role`: the
 * host's turns under `主持人：`, the guests' under their names): exports use it unless
 * told otherwise (`--labels`).
 */
speaker_labels?: LabelForm | null, };

export type Level = "info" | "warning";

export type BinaryKind = "png" | "jpeg" | "gif" | "pdf" | "zip" | "zip_not_word" | "excel" | "power_point" | "open_document" | "program" | "sqlite" | "gzip" | "riff" | "mp3" | "nul" | "controls";

export type ModeratorEvidence = { "kind": "introduces", 
/**
 * The speaker they introduce.
 */
other: string, } | { "kind": "opens_show" } | { "kind": "introduced" } | { "kind": "questions", 
/**
 * Their turns that ask a question.
 */
questions: number, 
/**
 * All their turns.
 */
turns: number, 
/**
 * Questions another speaker answers.
 */
answered: number, } | { "kind": "title_names_others" };

export type Note = { "code": "decoded_as", "args": { 
/**
 * The encoding's name (`Big5`, `Shift_JIS`, `GB18030`…).
 */
encoding: string, } } | { "code": "encoding_uncertain", "args": { 
/**
 * The encoding guessed.
 */
encoding: string, } } | { "code": "empty", "args": Record<symbol, never> } | { "code": "not_text", "args": { 
/**
 * What it is.
 */
kind: BinaryKind, } } | { "code": "undecodable", "args": { 
/**
 * The encoding tried.
 */
encoding: string, } } | { "code": "encoding_not_recognised", "args": { 
/**
 * The name given.
 */
label: string, } } | { "code": "too_large", "args": { 
/**
 * The input's size in bytes.
 */
size: number, 
/**
 * The limit in bytes.
 */
limit: number, } } | { "code": "document_json", "args": { 
/**
 * What was wrong (English).
 */
reason: string, } } | { "code": "transcript_json", "args": { 
/**
 * 1-based line.
 */
line: number, 
/**
 * 1-based column.
 */
column: number, 
/**
 * What the JSON reader said (English).
 */
reason: string, } } | { "code": "unknown_json", "args": { 
/**
 * Its top-level keys, comma-separated.
 */
keys: string, } } | { "code": "no_cues", "args": { 
/**
 * The format it was read as.
 */
format: Format, 
/**
 * What such a file looks like (English).
 */
hint: string, } } | { "code": "docx", "args": { 
/**
 * Why (English).
 */
reason: string, } } | { "code": "too_many_lines", "args": { 
/**
 * The limit.
 */
limit: number, } } | { "code": "needs_bytes", "args": { 
/**
 * The format asked for.
 */
format: Format, } } | { "code": "too_many_speakers_timed", "args": { 
/**
 * The label read as the previous speaker.
 */
label: string, } } | { "code": "too_many_speakers", "args": Record<symbol, never> } | { "code": "unlabelled_text", "args": { 
/**
 * The unknown speaker's name.
 */
speaker: string, } } | { "code": "moderator_taken", "args": { 
/**
 * Their name.
 */
name: string, 
/**
 * The evidence.
 */
evidence: ModeratorEvidence, } } | { "code": "moderator_named", "args": { 
/**
 * The name now.
 */
name: string, 
/**
 * The label before.
 */
old: string, } } | { "code": "label_not_in_guest_list", "args": { 
/**
 * The label.
 */
label: string, } } | { "code": "label_kept_apart", "args": { 
/**
 * The label.
 */
label: string, } } | { "code": "new_speaker", "args": { 
/**
 * Their name.
 */
name: string, } } | { "code": "empty_labels_dropped", "args": Record<symbol, never> } | { "code": "no_title", "args": Record<symbol, never> } | { "code": "page_counter_dropped", "args": { 
/**
 * The line.
 */
text: string, } } | { "code": "publishing_account", "args": { 
/**
 * The account.
 */
account: string, 
/**
 * The date dropped.
 */
date: string, } } | { "code": "footer_dropped", "args": { 
/**
 * The line.
 */
text: string, } } | { "code": "cue_without_timing", "args": Record<symbol, never> } | { "code": "cue_timing_unreadable", "args": { 
/**
 * The timing line.
 */
timing: string, } } | { "code": "srt_timing_unreadable", "args": { 
/**
 * The timing line.
 */
timing: string, } } | { "code": "text_before_first_cue", "args": Record<symbol, never> } | { "code": "front_matter_too_large", "args": { 
/**
 * The limit in KiB.
 */
kib: number, } } | { "code": "front_matter_invalid", "args": { 
/**
 * The YAML reader's words (English).
 */
reason: string, } } | { "code": "front_matter_not_mapping", "args": Record<symbol, never> } | { "code": "front_matter_participants_not_list", "args": Record<symbol, never> } | { "code": "front_matter_participant_without_name", "args": Record<symbol, never> } | { "code": "front_matter_role_unknown", "args": { 
/**
 * The participant.
 */
name: string, } } | { "code": "front_matter_credits_not_list", "args": Record<symbol, never> } | { "code": "picture_without_file", "args": { 
/**
 * The reference.
 */
id: string, } } | { "code": "picture_missing", "args": { 
/**
 * Its path in the document.
 */
path: string, } } | { "code": "picture_unsupported", "args": { 
/**
 * Its path in the document.
 */
path: string, } } | { "code": "picture_not_stored", "args": { 
/**
 * Its name.
 */
name: string, } } | { "code": "more_notes", "args": { 
/**
 * How many were left out.
 */
count: number, } };

export const NOTE_CODES: readonly Note["code"][] = ["decoded_as", "encoding_uncertain", "empty", "not_text", "undecodable", "encoding_not_recognised", "too_large", "document_json", "transcript_json", "unknown_json", "no_cues", "docx", "too_many_lines", "needs_bytes", "too_many_speakers_timed", "too_many_speakers", "unlabelled_text", "moderator_taken", "moderator_named", "label_not_in_guest_list", "label_kept_apart", "new_speaker", "empty_labels_dropped", "no_title", "page_counter_dropped", "publishing_account", "footer_dropped", "cue_without_timing", "cue_timing_unreadable", "srt_timing_unreadable", "text_before_first_cue", "front_matter_too_large", "front_matter_invalid", "front_matter_not_mapping", "front_matter_participants_not_list", "front_matter_participant_without_name", "front_matter_role_unknown", "front_matter_credits_not_list", "picture_without_file", "picture_missing", "picture_unsupported", "picture_not_stored", "more_notes"];

export type MediaRef = { 
/**
 * The document.
 */
doc: string, 
/**
 * SHA-256 of the content, hex: the recording's identity.
 */
sha256: string, 
/**
 * Where the file was when it was attached (or last found), absolute.
 */
path: string, 
/**
 * The file's name, for showing.
 */
file_name: string, 
/**
 * Size in bytes.
 */
size: number, 
/**
 * MIME type, from the content.
 */
mime: string, 
/**
 * Seconds, when the header says (WAV, FLAC); the player knows the others.
 */
duration: number | null, 
/**
 * Whether a copy is kept in the library's media folder.
 */
copied: boolean, 
/**
 * Whether the file can be played now (the copy, or the original with its size
 * unchanged). When false the user is asked where the file is.
 */
available: boolean, 
/**
 * Whether the file may have pictures (mp4, mov, webm, mkv).
 */
video: boolean, 
/**
 * Whether the recording is shared with the team (travels through the sync folder).
 */
shared: boolean, 
/**
 * Shared by a teammate but not here yet: the file has not arrived through the sync
 * folder (`path` is empty then).
 */
pending: boolean, 
/**
 * When it was attached, ms since the Unix epoch.
 */
attached_ms: number, };

export type Diagnostic = { 
/**
 * 1-based line of the input; 0 for the whole input.
 */
line: number, 
/**
 * Info or warning.
 */
level: Level, 
/**
 * The same in English, one sentence: for the CLI, logs, and a UI without the code.
 */
message: string, } & ({ "code": "decoded_as", "args": { 
/**
 * The encoding's name (`Big5`, `Shift_JIS`, `GB18030`…).
 */
encoding: string, } } | { "code": "encoding_uncertain", "args": { 
/**
 * The encoding guessed.
 */
encoding: string, } } | { "code": "empty", "args": Record<symbol, never> } | { "code": "not_text", "args": { 
/**
 * What it is.
 */
kind: BinaryKind, } } | { "code": "undecodable", "args": { 
/**
 * The encoding tried.
 */
encoding: string, } } | { "code": "encoding_not_recognised", "args": { 
/**
 * The name given.
 */
label: string, } } | { "code": "too_large", "args": { 
/**
 * The input's size in bytes.
 */
size: number, 
/**
 * The limit in bytes.
 */
limit: number, } } | { "code": "document_json", "args": { 
/**
 * What was wrong (English).
 */
reason: string, } } | { "code": "transcript_json", "args": { 
/**
 * 1-based line.
 */
line: number, 
/**
 * 1-based column.
 */
column: number, 
/**
 * What the JSON reader said (English).
 */
reason: string, } } | { "code": "unknown_json", "args": { 
/**
 * Its top-level keys, comma-separated.
 */
keys: string, } } | { "code": "no_cues", "args": { 
/**
 * The format it was read as.
 */
format: Format, 
/**
 * What such a file looks like (English).
 */
hint: string, } } | { "code": "docx", "args": { 
/**
 * Why (English).
 */
reason: string, } } | { "code": "too_many_lines", "args": { 
/**
 * The limit.
 */
limit: number, } } | { "code": "needs_bytes", "args": { 
/**
 * The format asked for.
 */
format: Format, } } | { "code": "too_many_speakers_timed", "args": { 
/**
 * The label read as the previous speaker.
 */
label: string, } } | { "code": "too_many_speakers", "args": Record<symbol, never> } | { "code": "unlabelled_text", "args": { 
/**
 * The unknown speaker's name.
 */
speaker: string, } } | { "code": "moderator_taken", "args": { 
/**
 * Their name.
 */
name: string, 
/**
 * The evidence.
 */
evidence: ModeratorEvidence, } } | { "code": "moderator_named", "args": { 
/**
 * The name now.
 */
name: string, 
/**
 * The label before.
 */
old: string, } } | { "code": "label_not_in_guest_list", "args": { 
/**
 * The label.
 */
label: string, } } | { "code": "label_kept_apart", "args": { 
/**
 * The label.
 */
label: string, } } | { "code": "new_speaker", "args": { 
/**
 * Their name.
 */
name: string, } } | { "code": "empty_labels_dropped", "args": Record<symbol, never> } | { "code": "no_title", "args": Record<symbol, never> } | { "code": "page_counter_dropped", "args": { 
/**
 * The line.
 */
text: string, } } | { "code": "publishing_account", "args": { 
/**
 * The account.
 */
account: string, 
/**
 * The date dropped.
 */
date: string, } } | { "code": "footer_dropped", "args": { 
/**
 * The line.
 */
text: string, } } | { "code": "cue_without_timing", "args": Record<symbol, never> } | { "code": "cue_timing_unreadable", "args": { 
/**
 * The timing line.
 */
timing: string, } } | { "code": "srt_timing_unreadable", "args": { 
/**
 * The timing line.
 */
timing: string, } } | { "code": "text_before_first_cue", "args": Record<symbol, never> } | { "code": "front_matter_too_large", "args": { 
/**
 * The limit in KiB.
 */
kib: number, } } | { "code": "front_matter_invalid", "args": { 
/**
 * The YAML reader's words (English).
 */
reason: string, } } | { "code": "front_matter_not_mapping", "args": Record<symbol, never> } | { "code": "front_matter_participants_not_list", "args": Record<symbol, never> } | { "code": "front_matter_participant_without_name", "args": Record<symbol, never> } | { "code": "front_matter_role_unknown", "args": { 
/**
 * The participant.
 */
name: string, } } | { "code": "front_matter_credits_not_list", "args": Record<symbol, never> } | { "code": "picture_without_file", "args": { 
/**
 * The reference.
 */
id: string, } } | { "code": "picture_missing", "args": { 
/**
 * Its path in the document.
 */
path: string, } } | { "code": "picture_unsupported", "args": { 
/**
 * Its path in the document.
 */
path: string, } } | { "code": "picture_not_stored", "args": { 
/**
 * Its name.
 */
name: string, } } | { "code": "more_notes", "args": { 
/**
 * How many were left out.
 */
count: number, } });

export type Format = "article" | "markdown" | "json" | "otter" | "webvtt" | "srt" | "whisper" | "docx";

export type DocumentSummary = { 
/**
 * Document id.
 */
id: string, 
/**
 * The headline.
 */
title: string, 
/**
 * The column or series.
 */
column: string | null, 
/**
 * Language tag.
 */
language: string, 
/**
 * Document topics.
 */
topics: Array<string>, 
/**
 * Participant names, in document order.
 */
participants: Array<string>, 
/**
 * CJK-aware word count of the body.
 */
word_count: number, 
/**
 * Last edit, ms since the Unix epoch.
 */
updated_ms: number, 
/**
 * Ops this document builds on that have not arrived (a sync still under way): when
 * not 0, the document is incomplete and may lack edits (see [`Library::missing_ops`]).
 */
missing_ops: number, };

export type ListOrder = "updated" | "title";

export type ListQuery = { 
/**
 * The trash instead of the library.
 */
trashed: boolean, 
/**
 * Only documents with this topic.
 */
topic: string | null, 
/**
 * The order.
 */
order: ListOrder, 
/**
 * A BCP 47 language tag (`zh-CN`, `en`): whose alphabetical order titles follow, as the
 * interface shows it (Chinese titles by pinyin in `zh`). Case and accents are ignored and
 * numbers compare by value (`Part 9` before `Part 10`).
 */
language: string, 
/**
 * How many documents to skip.
 */
offset: number, 
/**
 * How many documents at most.
 */
limit: number, };

export type ListPage = { 
/**
 * How many documents match the query, on all pages.
 */
total: number, 
/**
 * Where this page starts in the whole list.
 */
offset: number, 
/**
 * The documents of this page, in order.
 */
documents: Array<DocumentSummary>, };

export type TopicCount = { 
/**
 * The topic.
 */
topic: string, 
/**
 * Documents tagged with it.
 */
documents: number, };

export type SnippetPart = { 
/**
 * The text.
 */
text: string, 
/**
 * Whether this part matched the query.
 */
hit: boolean, };

export type SearchHit = { 
/**
 * Document id.
 */
document: string, 
/**
 * Its title.
 */
title: string, 
/**
 * Text around the first match, matches marked.
 */
snippet: Array<SnippetPart>, 
/**
 * How many times the terms occur in the document's title and blocks (case-insensitive,
 * without overlaps: the count the editor's find shows for the same term).
 */
hits: number, };

export type LibraryInfo = { 
/**
 * The library file.
 */
path: string, 
/**
 * Documents not in the trash.
 */
documents: number, 
/**
 * Documents in the trash.
 */
trashed: number, 
/**
 * This library's device id.
 */
device: string, };

export type Imported = { 
/**
 * The document.
 */
document: Document, 
/**
 * What the importer noticed.
 */
diagnostics: Array<Diagnostic>, 
/**
 * The format it was read as.
 */
format: Format, };

export type Stage = "reading" | "parsing" | "pictures" | "storing" | "indexing";

export type Progress = { 
/**
 * The stage.
 */
stage: Stage, 
/**
 * Units done.
 */
done: number, 
/**
 * Units in the stage (0: not known).
 */
total: number, };

export type ExportFormat = "markdown" | "html" | "wechat-html" | "docx" | "json";

export type Style = "article" | "transcript" | "wechat";

export type LabelForm = "name" | "name-role" | "role" | "full" | "host-role";

export type ImageMode = "folder" | "embed";

export type ExportOptions = { 
/**
 * The built-in look.
 */
style: Style, 
/**
 * Show turn timecodes; `None` leaves it to the style (on for transcripts only).
 */
timecodes: boolean | null, 
/**
 * Keep only turns tagged with one of these topics (empty: keep everything).
 */
topics: Array<string>, 
/**
 * How turns name their speaker; `None` leaves it to the style and format.
 */
labels: LabelForm | null, 
/**
 * Start Markdown with a YAML front matter block (pandoc's keys). Off by default (web
 * editors show it as text); the Markdown importer reads it back.
 */
front_matter: boolean, 
/**
 * Linked `assets/` files or embedded `data:` URIs.
 */
images: ImageMode, 
/**
 * A date for the front matter and templates (`2025-03-14`).
 */
date: string | null, 
/**
 * Where the pictures will be uploaded (an image host, a CMS's media folder): pictures
 * are referenced as `BASE/<sha256>.<ext>` instead of `assets/…` or `data:` URIs, which
 * web editors such as WeChat's do not fetch. `roundtable assets export DIR` writes the
 * files to upload there.
 */
image_base_url: string | null, 
/**
 * Keep the title (and column) at the top of the WeChat fragment. Off by default: the
 * WeChat editor takes the title in its own field, so it is copied separately.
 */
wechat_title: boolean, 
/**
 * Keep picture slots that have no picture yet (a pasted article's `图片` lines) as
 * placeholders. Off by default: a published article has no empty boxes, so a slot is
 * left out and its caption, if it has one, stays as a line of text.
 */
empty_image_slots: boolean, };

export type TemplateKind = "html" | "markdown";

export type TemplateInfo = { 
/**
 * The name to pass to `--template`.
 */
name: string, 
/**
 * HTML or Markdown.
 */
kind: TemplateKind, 
/**
 * The file, for a template from the library's folder; `None` for a built-in.
 */
path: string | null, };

export type BatchKind = "import" | "edit" | "undo" | "redo" | "restore" | "share";

export type HistoryEntry = { 
/**
 * The device that made it.
 */
device: string, 
/**
 * Its batch number on that device.
 */
batch: number, 
/**
 * What it was.
 */
kind: BatchKind, 
/**
 * What the user did, as the app described it ("Edit turn", "Rename participant").
 */
label: string, 
/**
 * When, ms since the Unix epoch.
 */
wall_ms: number, 
/**
 * How many ops.
 */
ops: number, 
/**
 * Made on this device.
 */
mine: boolean, };

export type UndoState = { 
/**
 * The label of the batch undo would take back.
 */
undo: string | null, 
/**
 * The label of the batch redo would put back.
 */
redo: string | null, };

export type Base = { 
/**
 * Per device, the highest op counter of the document the copy had.
 */
seen: Record<string, number>, 
/**
 * Batches of this library saved from the copy since it was read.
 */
saved?: number[], };

export type DocumentView = { 
/**
 * The document.
 */
document: Document, 
/**
 * What undo and redo would do.
 */
undo: UndoState, 
/**
 * The version `document` is: what a save of an edited copy of it is relative to.
 */
base: Base, 
/**
 * Ops the document builds on that have not arrived yet (see
 * [`Library::missing_ops`]); 0 when it is whole.
 */
missing_ops: number, };

export type Saved = { 
/**
 * What undo and redo would do now.
 */
undo: UndoState, 
/**
 * The stored document now holds edits made elsewhere that the editor's copy lacks:
 * reload it when the user is not typing.
 */
merged: boolean, };

export type ConflictKind = "value" | "edited_while_deleted";

export type FieldName = "title" | "subtitle" | "column" | "language" | "guest_heading" | "speaker_labels" | "credits" | "trash" | "participant_order" | "name" | "job_title" | "organization" | "role" | "aliases" | "person" | "position" | "block" | "text" | "paragraphs" | "speaker" | "continues" | "timing" | "picture" | "caption" | "credit" | "alt" | "recording";

export type DiffKind = "same" | "added" | "removed";

export type DiffPart = { 
/**
 * `same`, `added` or `removed`.
 */
kind: DiffKind, 
/**
 * The text of the run.
 */
text: string, };

export type ConflictValue = { 
/**
 * The op, as `device:counter`.
 */
op: string, 
/**
 * The device that wrote it.
 */
device: string, 
/**
 * When, ms since the Unix epoch.
 */
wall_ms: number, 
/**
 * The value it wrote (JSON).
 */
value: unknown, 
/**
 * Written on this device: the library sets it, so the editor can say "mine" and "theirs".
 */
mine: boolean, 
/**
 * For text, what this value changed in the version both sides started from, word by
 * word (paragraphs joined by line breaks); `None` for values that are not text.
 */
diff: Array<DiffPart> | null, };

export type Conflict = { 
/**
 * The field's stable key (`title`, `block b12 paragraphs`): what resolving names, and what
 * the CLI prints. Not for the UI's words: that is [`Conflict::name`].
 */
field: string, 
/**
 * Which field it is, for the UI to name in the interface language.
 */
name: FieldName, 
/**
 * The block concerned, if any.
 */
block: string | null, 
/**
 * The participant concerned, if any.
 */
participant: string | null, 
/**
 * Value conflict or edited-while-deleted.
 */
kind: ConflictKind, 
/**
 * The value shown: first in `values`.
 */
values: Array<ConflictValue>, 
/**
 * For text, the value the concurrent edits were made from, so the editor can show what
 * each side changed.
 */
base: unknown, };

export type BlockKind = "paragraph" | "heading" | "turn" | "image";

export type DocField = "title" | "subtitle" | "column" | "language" | "topics" | "credits" | "guest_heading" | "speaker_labels";

export type BlockSide = { 
/**
 * The block's id.
 */
id: string, 
/**
 * What kind of block it is.
 */
kind: BlockKind, 
/**
 * The speaker's name, for a turn.
 */
speaker: string | null, 
/**
 * Its text: a turn's paragraphs joined by line breaks; an image's caption.
 */
text: string, };

export type Change = { "change": "field", 
/**
 * Which field.
 */
field: DocField, 
/**
 * Word by word, from `from` to `to`.
 */
diff: Array<DiffPart>, } | { "change": "participant", 
/**
 * As `from` has it.
 */
was: Participant | null, 
/**
 * As `to` has it.
 */
now: Participant | null, } | { "change": "added", 
/**
 * The block.
 */
block: BlockSide, } | { "change": "removed", 
/**
 * The block.
 */
block: BlockSide, } | { "change": "edited", 
/**
 * The block as `to` has it.
 */
block: BlockSide, 
/**
 * The speaker `from` gives it, when that is another one.
 */
speaker_was: string | null, 
/**
 * Its text word by word, from `from` to `to` (empty when only the speaker or the
 * picture differs).
 */
diff: Array<DiffPart>, 
/**
 * The picture differs (replaced, added or taken out).
 */
picture: boolean, } | { "change": "moved", 
/**
 * The block as `to` has it.
 */
block: BlockSide, };

export type MatchReason = "different_title" | "variant" | "surname" | "same_name";

export type PersonSummary = { 
/**
 * The person's id.
 */
id: string, 
/**
 * The canonical name.
 */
name: string, 
/**
 * Other spellings and scripts (with those of the people merged into this one).
 */
aliases: Array<string>, 
/**
 * Participants linked to this person, in documents not in the trash.
 */
appearances: number, 
/**
 * Documents (not in the trash) where the person speaks.
 */
documents: number, 
/**
 * Fields two devices changed concurrently to different values (0: none).
 */
conflicts: number, };

export type Appearance = { 
/**
 * The document's id.
 */
document: string, 
/**
 * Its title.
 */
document_title: string, 
/**
 * Its language tag.
 */
language: string, 
/**
 * When it was made, ms since the Unix epoch.
 */
date_ms: number, 
/**
 * The participant's id in that document.
 */
participant: string, 
/**
 * The name as printed there.
 */
name: string, 
/**
 * Moderator, guest or other.
 */
role: string, 
/**
 * The title held there (an appearance's, never rewritten).
 */
title: string | null, 
/**
 * The organisation there.
 */
organization: string | null, 
/**
 * The person (of this one's merged group) the participant is linked to.
 */
person: string, 
/**
 * Turns spoken.
 */
turns: number, 
/**
 * Words spoken (CJK-aware count).
 */
words: number, };

export type PersonConflict = { 
/**
 * `name`, `aliases` or `merged_into`.
 */
field: string, 
/**
 * The values as JSON text, the shown one first.
 */
values: Array<string>, };

export type MergeSuggestion = { 
/**
 * One person.
 */
a: string, 
/**
 * Their name.
 */
a_name: string, 
/**
 * The other.
 */
b: string, 
/**
 * Their name.
 */
b_name: string, 
/**
 * Why.
 */
reason: MatchReason, };

export type PersonDetail = { 
/**
 * The person.
 */
person: PersonSummary, 
/**
 * People merged into this one (their ids), each can be split off again.
 */
merged: Array<string>, 
/**
 * Where the person speaks, newest document first.
 */
appearances: Array<Appearance>, 
/**
 * People who may be the same, not merged yet.
 */
suggestions: Array<MergeSuggestion>, 
/**
 * Fields of the person two devices changed concurrently: each with its values, the
 * shown one first (renaming the person settles the name).
 */
conflicts: Array<PersonConflict>, };

export type Suggestion = { 
/**
 * The person's id.
 */
person: string, 
/**
 * Their canonical name.
 */
name: string, 
/**
 * Why.
 */
reason: MatchReason, };

export type LinkOutcome = { "outcome": "linked", 
/**
 * The person.
 */
person: string, } | { "outcome": "created", 
/**
 * The new person.
 */
person: string, } | { "outcome": "suggested", 
/**
 * The candidates, best first.
 */
candidates: Array<Suggestion>, };

export type ParticipantLink = { 
/**
 * The participant's id in the document.
 */
participant: string, 
/**
 * Its name there.
 */
name: string, 
/**
 * What was done.
 */
outcome: LinkOutcome, };

export type LinkReport = { 
/**
 * The document.
 */
document: string, 
/**
 * Each participant that was not linked before (role labels such as `主持人` are left
 * out: they are not people).
 */
participants: Array<ParticipantLink>, };

export type QuoteHit = { 
/**
 * The document's id.
 */
document: string, 
/**
 * Its title.
 */
title: string, 
/**
 * Its language tag.
 */
language: string, 
/**
 * When it was made, ms since the Unix epoch.
 */
date_ms: number, 
/**
 * The turn's block id.
 */
block: string, 
/**
 * The name as printed in that document.
 */
speaker: string, 
/**
 * The title the speaker held there.
 */
speaker_title: string | null, 
/**
 * The organisation there.
 */
organization: string | null, 
/**
 * Text around the first match, matches marked.
 */
snippet: Array<SnippetPart>, 
/**
 * The turn's whole text (paragraphs joined by line breaks).
 */
text: string, 
/**
 * How many times the terms occur in the turn.
 */
hits: number, };

export type Attribution = { 
/**
 * Plain text.
 */
text: string, 
/**
 * The same as an HTML fragment (escaped; the document title in `<cite>`).
 */
html: string, };

export type QuoteStyle = "said" | "colon";

export type AttributedQuote = { 
/**
 * The hit.
 */
hit: QuoteHit, 
/**
 * The whole turn attributed, as plain text and HTML.
 */
attribution: Attribution, };

export type SyncReport = { 
/**
 * Other devices seen in the folder.
 */
peers: Array<string>, 
/**
 * Segment files read and verified.
 */
segments_read: number, 
/**
 * Ops from them that were new here.
 */
ops_received: number, 
/**
 * Segment files written.
 */
segments_written: number, 
/**
 * Ops in them.
 */
ops_sent: number, 
/**
 * Files still arriving (short or checksum not matching yet): tried again next time.
 */
pending: Array<string>, 
/**
 * Images copied either way.
 */
assets_copied: number, 
/**
 * Shared recordings copied either way.
 */
recordings_copied: number, 
/**
 * Things the user may want to know: skipped entries, clock skew, a cloned library.
 */
warnings: Array<string>, };

export type SyncStatus = { 
/**
 * The linked folder, if any.
 */
folder: string | null, 
/**
 * The last pass, if one ran.
 */
report: SyncReport | null, 
/**
 * Why the last pass failed, if it did.
 */
error: IpcError | null, 
/**
 * When the last pass ended, ms since the Unix epoch.
 */
last_ms: number, };
