// The UI's words in Simplified Chinese and English, the choice between them, and dates in the
// chosen language. A key missing from one table is a type error, so the two stay complete.

import type { BinaryKind, Diagnostic, ErrorCode, FieldName, IpcError, ModeratorEvidence, Note } from "./bindings";

export type Locale = "zh-CN" | "en";

export const LOCALES: readonly Locale[] = ["zh-CN", "en"];

const en = {
  appName: "Roundtable",
  library: "Library",
  searchLabel: "Search the library",
  searchPlaceholder: "Search titles, turns, captions…",
  searchShortcut: "Press / or Ctrl+K to search, Esc to clear",
  clearSearch: "Clear search",
  sortBy: "Sort by",
  sortUpdated: "Last edit",
  sortTitle: "Title",
  documents: (n: number) => (n === 1 ? "1 document" : `${n.toLocaleString("en")} documents`),
  results: (n: number) => (n === 1 ? "1 document matches" : `${n.toLocaleString("en")} documents match`),
  words: (n: number) => (n === 1 ? "1 word" : `${n.toLocaleString("en")} words`),
  hits: (n: number) => (n === 1 ? "1 hit" : `${n.toLocaleString("en")} hits`),
  incomplete: (n: number) =>
    `Incomplete: ${n === 1 ? "1 change has" : `${n.toLocaleString("en")} changes have`} not arrived yet; sync again before publishing`,
  untitled: "Untitled",
  column: "Column",
  participants: "Participants",
  topics: "Topics",
  edited: "Last edited",
  emptyTitle: "No documents yet",
  emptyBody:
    "Click Import and paste a transcript or an article, open a file (Word, SRT, WebVTT, Otter, Whisper JSON, Markdown) with Ctrl+O, or drop one on this window.",
  trySample: "Try a sample roundtable",
  noResults: (q: string) => `Nothing matches “${q}”.`,
  searching: "Searching…",
  today: "Today",
  yesterday: "Yesterday",
  switchTo: "中文",
  switchToLabel: "切换到中文界面",
  loading: "Loading…",
  libraryFile: "Library file",
  dismiss: "Dismiss",
  errorPrefix: "Something went wrong:",
} as const;

/** The shape of a message table: the English one with its literal strings widened. */
export type Messages = {
  [K in keyof typeof en]: (typeof en)[K] extends (...args: infer A) => string ? (...args: A) => string : string;
};

const zh: Messages = {
  appName: "圆桌",
  library: "文稿库",
  searchLabel: "搜索文稿库",
  searchPlaceholder: "搜索标题、发言、图片说明…",
  searchShortcut: "按 / 或 Ctrl+K 搜索，按 Esc 清除",
  clearSearch: "清除搜索",
  sortBy: "排序",
  sortUpdated: "最近编辑",
  sortTitle: "标题",
  documents: (n) => `${n.toLocaleString("zh-CN")} 篇文稿`,
  results: (n) => `找到 ${n.toLocaleString("zh-CN")} 篇文稿`,
  words: (n) => `${n.toLocaleString("zh-CN")} 字`,
  hits: (n) => `${n.toLocaleString("zh-CN")} 处匹配`,
  incomplete: (n) => `不完整：还有 ${n.toLocaleString("zh-CN")} 处改动尚未收到，发布前请再同步`,
  untitled: "无标题",
  column: "栏目",
  participants: "参与者",
  topics: "话题",
  edited: "最近编辑",
  emptyTitle: "还没有文稿",
  emptyBody: "点击“导入”后粘贴文章或转写稿，按 Ctrl+O 打开文件（Word、SRT、WebVTT、Otter、Whisper JSON、Markdown），或把文件拖到本窗口。",
  trySample: "试用一篇示例圆桌",
  noResults: (q) => `没有找到“${q}”。`,
  searching: "搜索中…",
  today: "今天",
  yesterday: "昨天",
  switchTo: "English",
  switchToLabel: "Switch the interface to English",
  loading: "加载中…",
  libraryFile: "文稿库文件",
  dismiss: "关闭",
  errorPrefix: "出错了：",
};

export const messages: Readonly<Record<Locale, Messages>> = { en, "zh-CN": zh };

/** The locale for a BCP 47 language tag: Chinese for any `zh`, English otherwise. */
export function pickLocale(language: string | undefined | null): Locale {
  return language?.trim().toLowerCase().startsWith("zh") ? "zh-CN" : "en";
}

/** The other locale: what the language switch changes to. */
export function otherLocale(locale: Locale): Locale {
  return locale === "en" ? "zh-CN" : "en";
}

export const STORAGE_KEY = "roundtable.locale";

function isLocale(value: unknown): value is Locale {
  return typeof value === "string" && (LOCALES as readonly string[]).includes(value);
}

/** The saved choice, else the system language. Storage that throws counts as empty. */
export function initialLocale(storage: Pick<Storage, "getItem"> | undefined, navigatorLanguage: string | undefined): Locale {
  let saved: string | null = null;
  try {
    saved = storage?.getItem(STORAGE_KEY) ?? null;
  } catch {
    saved = null;
  }
  return isLocale(saved) ? saved : pickLocale(navigatorLanguage);
}

/** Remembers the choice; a full or forbidden storage is not an error worth showing. */
export function saveLocale(storage: Pick<Storage, "setItem"> | undefined, locale: Locale): void {
  try {
    storage?.setItem(STORAGE_KEY, locale);
  } catch {
    // The choice then lasts for this window only.
  }
}

/** How a document's names are joined: 、 in a Chinese document, commas otherwise. */
export function joinNames(names: readonly string[], documentLanguage: string): string {
  return names.join(pickLocale(documentLanguage) === "zh-CN" ? "、" : ", ");
}

const formats = new Map<string, Intl.DateTimeFormat>();

/** A cached formatter: making one costs far more than using it, and a list row needs two. */
function dateFormat(locale: Locale, options: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  const key = `${locale}|${JSON.stringify(options)}`;
  let f = formats.get(key);
  if (f === undefined) {
    f = new Intl.DateTimeFormat(locale, options);
    formats.set(key, f);
  }
  return f;
}

/**
 * When a document was last edited, as the list shows it: "Today 14:05", "Yesterday", a short
 * date this year ("Mar 3", "3月3日"), a full date before ("Mar 3, 2024", "2024年3月3日").
 * Times in the future (a clock set wrong elsewhere) count as today.
 */
export function formatEdited(ms: number, now: Date, locale: Locale): string {
  const t = messages[locale];
  const when = new Date(ms);
  const startOfToday = new Date(now.getFullYear(), now.getMonth(), now.getDate()).getTime();
  // Built from the calendar, not by subtracting 24 h, so that days with a DST change work.
  const startOfYesterday = new Date(now.getFullYear(), now.getMonth(), now.getDate() - 1).getTime();
  if (ms >= startOfToday) {
    const time = dateFormat(locale, { hour: "2-digit", minute: "2-digit", hourCycle: "h23" }).format(when);
    return `${t.today} ${time}`;
  }
  if (ms >= startOfYesterday) return t.yesterday;
  const sameYear = when.getFullYear() === now.getFullYear();
  const options: Intl.DateTimeFormatOptions = sameYear
    ? { month: "short", day: "numeric" }
    : { year: "numeric", month: "short", day: "numeric" };
  return dateFormat(locale, options).format(when);
}

/** The full date and time, for a tooltip. */
export function formatFullDate(ms: number, locale: Locale): string {
  return dateFormat(locale, { dateStyle: "long", timeStyle: "short" }).format(new Date(ms));
}

// ---- What the core says: import diagnostics and refusals, errors, sync and conflicts ----
// The core sends a stable code with arguments beside an English sentence (bindings.ts `Note`,
// `IpcError`); these tables word them. A code missing from a table is a type error; a code the
// UI does not know yet (a newer core) shows the English sentence.

type NoteCode = Note["code"];
type NoteArgs<C extends NoteCode> = Extract<Note, { code: C }>["args"];
/** Words for every note code, from its arguments. */
export type NoteTable = { [C in NoteCode]: (args: NoteArgs<C>) => string };

const binaryKindsEn: Record<BinaryKind, string> = {
  png: "a PNG image",
  jpeg: "a JPEG image",
  gif: "a GIF image",
  pdf: "a PDF document",
  zip: "a ZIP archive or Office document",
  zip_not_word: "a ZIP archive that is not a Word document",
  excel: "an Excel workbook",
  power_point: "a PowerPoint presentation",
  open_document: "an OpenDocument file; save it as .docx and try again",
  program: "a program",
  sqlite: "an SQLite database",
  gzip: "a gzip archive",
  riff: "a RIFF audio or video file",
  mp3: "an MP3 audio file",
  nul: "it contains NUL bytes",
  controls: "it is mostly control characters",
};

const binaryKindsZh: Record<BinaryKind, string> = {
  png: "PNG 图片",
  jpeg: "JPEG 图片",
  gif: "GIF 图片",
  pdf: "PDF 文档",
  zip: "ZIP 压缩包或 Office 文档",
  zip_not_word: "不是 Word 文档的 ZIP 压缩包",
  excel: "Excel 工作簿",
  power_point: "PowerPoint 演示文稿",
  open_document: "OpenDocument 文件，请另存为 .docx 再试",
  program: "程序文件",
  sqlite: "SQLite 数据库",
  gzip: "gzip 压缩包",
  riff: "RIFF 音频或视频文件",
  mp3: "MP3 音频文件",
  nul: "含有 NUL 字节",
  controls: "大部分是控制字符",
};

function evidenceEn(e: ModeratorEvidence): string {
  switch (e.kind) {
    case "introduces":
      return `they introduce ${e.other}`;
    case "opens_show":
      return "they open the show";
    case "introduced":
      return "the introduction names them";
    case "questions":
      return `${e.questions} of ${e.turns} turns ask a question, ${e.answered} answered by another speaker`;
    case "title_names_others":
      return "the title names the others";
  }
}

function evidenceZh(e: ModeratorEvidence): string {
  switch (e.kind) {
    case "introduces":
      return `由其介绍 ${e.other}`;
    case "opens_show":
      return "由其开场";
    case "introduced":
      return "开场介绍点了其名";
    case "questions":
      return `${e.turns} 次发言中 ${e.questions} 次提问，其中 ${e.answered} 次有人回答`;
    case "title_names_others":
      return "标题列出了其他所有人";
  }
}

const notesEn: NoteTable = {
  decoded_as: (a) => `Read as ${a.encoding} (not UTF-8).`,
  encoding_uncertain: (a) =>
    `The text's encoding was guessed as ${a.encoding} on little evidence; if names or text look garbled, choose its encoding.`,
  empty: () => "The input is empty.",
  not_text: (a) => `This is not a text file (${binaryKindsEn[a.kind]}); nothing was imported.`,
  undecodable: (a) => `The text is not valid ${a.encoding}; choose its encoding (or save it as UTF-8) and try again.`,
  encoding_not_recognised: (a) => `“${a.label}” is not an encoding Roundtable knows.`,
  too_large: (a) => `The file is ${a.size.toLocaleString("en")} bytes; the limit is ${a.limit.toLocaleString("en")} bytes.`,
  document_json: (a) => `This Roundtable JSON does not read: ${a.reason}`,
  transcript_json: (a) => `The transcript JSON is invalid at line ${a.line}, column ${a.column} (${a.reason}); the file may be truncated: export it again.`,
  unknown_json: (a) => `This JSON is neither a Roundtable document nor a Whisper/WhisperX transcript (its keys: ${a.keys}).`,
  no_cues: (a) => `No ${a.format} cues or turns with text were found; ${a.hint}`,
  docx: (a) => `Cannot read this Word document: ${a.reason}`,
  too_many_lines: (a) => `The input has more than ${a.limit.toLocaleString("en")} lines; split it into smaller files.`,
  needs_bytes: (a) => `${a.format} is a binary format: import the file itself, not its text.`,
  too_many_speakers_timed: (a) => `More than 500 speakers; ${a.label} is read as the previous speaker.`,
  too_many_speakers: () => "More than 500 speakers; further labels are kept as text.",
  unlabelled_text: (a) => `Text without a speaker label is attributed to “${a.speaker}”; rename or reassign it.`,
  moderator_taken: (a) => `Took ${a.name} for the moderator: ${evidenceEn(a.evidence)}.`,
  moderator_named: (a) => `Named the moderator ${a.name}: ${a.old} introduces themselves.`,
  label_not_in_guest_list: (a) => `The label ${a.label} matched no one in the guest list; kept as text.`,
  label_kept_apart: (a) =>
    `The label ${a.label} is not a speaker the import recognised; kept as text of its own, not added to the turn before it.`,
  new_speaker: (a) => `New speaker ${a.name}, not in the guest list.`,
  empty_labels_dropped: () => "Dropped speaker labels with no text after them.",
  no_title: () => "No title line found; the title is empty.",
  page_counter_dropped: (a) => `Dropped the page counter “${a.text}”.`,
  publishing_account: (a) => `Read “${a.account}” as the publishing account; dropped the date “${a.date}”.`,
  footer_dropped: (a) => `Dropped the footer “${a.text}”.`,
  cue_without_timing: () => "A block without a “start --> end” timing line was skipped.",
  cue_timing_unreadable: (a) => `Unreadable cue timing “${a.timing}”; such cues are kept without times.`,
  srt_timing_unreadable: (a) => `Unreadable cue timing “${a.timing}”; kept as text.`,
  text_before_first_cue: () => "Text before the first cue timing was skipped.",
  front_matter_too_large: (a) => `The front matter's aliases would expand to more than ${a.kib} KiB; it was skipped.`,
  front_matter_invalid: (a) => `The front matter is not valid YAML (${a.reason}); it was skipped.`,
  front_matter_not_mapping: () => "The front matter is not a set of “key: value” lines; it was skipped.",
  front_matter_participants_not_list: () => "Front matter “participants” is not a list; it was skipped.",
  front_matter_participant_without_name: () => "A front matter participant has no name; it was skipped.",
  front_matter_role_unknown: (a) => `Front matter participant ${a.name}: the role is not moderator, guest or other; kept as found.`,
  front_matter_credits_not_list: () => "Front matter “credits” is not a list; it was skipped.",
  picture_without_file: (a) => `Picture ${a.id} has no file in the document; kept as an empty image slot.`,
  picture_missing: (a) => `Picture ${a.path} is missing from the document; kept as an empty image slot.`,
  picture_unsupported: (a) => `Picture ${a.path} is not an image Roundtable shows; kept as an empty image slot.`,
  picture_not_stored: (a) => `Picture ${a.name} is not PNG, JPEG, GIF or WebP; its slot is kept empty.`,
  more_notes: (a) => `${a.count.toLocaleString("en")} more notes like these were left out.`,
};

const notesZh: NoteTable = {
  decoded_as: (a) => `已按 ${a.encoding} 编码读取（不是 UTF-8）。`,
  encoding_uncertain: (a) => `文本编码是按很少的线索猜测的 ${a.encoding}；如果人名或正文是乱码，请选择它的编码。`,
  empty: () => "内容是空的。",
  not_text: (a) => `这不是文本文件（${binaryKindsZh[a.kind]}），未导入任何内容。`,
  undecodable: (a) => `文本不是有效的 ${a.encoding} 编码；请选择它的编码（或另存为 UTF-8）后再试。`,
  encoding_not_recognised: (a) => `“${a.label}”不是圆桌认识的编码。`,
  too_large: (a) => `文件有 ${a.size.toLocaleString("zh-CN")} 字节，上限是 ${a.limit.toLocaleString("zh-CN")} 字节。`,
  document_json: (a) => `无法读取这个圆桌 JSON：${a.reason}`,
  transcript_json: (a) => `转写 JSON 在第 ${a.line} 行第 ${a.column} 列出错（${a.reason}），文件可能不完整，请重新导出。`,
  unknown_json: (a) => `这个 JSON 既不是圆桌文稿，也不是 Whisper/WhisperX 转写（它的键：${a.keys}）。`,
  no_cues: (a) => `没有找到带文字的 ${a.format} 字幕或发言。`,
  docx: (a) => `无法读取这个 Word 文档：${a.reason}`,
  too_many_lines: (a) => `内容超过 ${a.limit.toLocaleString("zh-CN")} 行，请拆成几个小文件。`,
  needs_bytes: (a) => `${a.format} 是二进制格式：请导入文件本身，而不是它的文字。`,
  too_many_speakers_timed: (a) => `发言人超过 500 位；${a.label} 按上一位发言人读取。`,
  too_many_speakers: () => "发言人超过 500 位；之后的新标签保留为正文。",
  unlabelled_text: (a) => `没有发言人标签的文字归给了“${a.speaker}”，请改名或重新指定。`,
  moderator_taken: (a) => `把 ${a.name} 认作主持人：${evidenceZh(a.evidence)}。`,
  moderator_named: (a) => `主持人改称 ${a.name}：${a.old} 在发言中自我介绍。`,
  label_not_in_guest_list: (a) => `标签“${a.label}”与嘉宾名单中的人都对不上，保留为正文。`,
  label_kept_apart: (a) => `未能把标签“${a.label}”认作发言人；单独保留为正文，没有并入上一段发言。`,
  new_speaker: (a) => `新发言人 ${a.name}，不在嘉宾名单中。`,
  empty_labels_dropped: () => "去掉了后面没有文字的发言人标签。",
  no_title: () => "没有找到标题行，标题为空。",
  page_counter_dropped: (a) => `去掉了页码“${a.text}”。`,
  publishing_account: (a) => `把“${a.account}”认作发布账号，去掉了日期“${a.date}”。`,
  footer_dropped: (a) => `去掉了页脚“${a.text}”。`,
  cue_without_timing: () => "跳过了一段没有“开始 --> 结束”时间行的内容。",
  cue_timing_unreadable: (a) => `无法读取字幕时间“${a.timing}”，这类字幕保留但不带时间。`,
  srt_timing_unreadable: (a) => `无法读取字幕时间“${a.timing}”，保留为正文。`,
  text_before_first_cue: () => "跳过了第一条字幕时间之前的文字。",
  front_matter_too_large: (a) => `前置元数据的别名展开后会超过 ${a.kib} KiB，已跳过。`,
  front_matter_invalid: (a) => `前置元数据不是有效的 YAML（${a.reason}），已跳过。`,
  front_matter_not_mapping: () => "前置元数据不是“键: 值”形式，已跳过。",
  front_matter_participants_not_list: () => "前置元数据的 participants 不是列表，已跳过。",
  front_matter_participant_without_name: () => "前置元数据中有一位参与者没有 name，已跳过。",
  front_matter_role_unknown: (a) => `前置元数据参与者 ${a.name} 的角色不是主持人、嘉宾或其他，按原样保留。`,
  front_matter_credits_not_list: () => "前置元数据的 credits 不是列表，已跳过。",
  picture_without_file: (a) => `图片 ${a.id} 在文档中没有文件，保留为空图片位。`,
  picture_missing: (a) => `文档中缺少图片 ${a.path}，保留为空图片位。`,
  picture_unsupported: (a) => `图片 ${a.path} 不是圆桌能显示的格式，保留为空图片位。`,
  picture_not_stored: (a) => `图片 ${a.name} 不是 PNG、JPEG、GIF 或 WebP，图片位留空。`,
  more_notes: (a) => `另有 ${a.count.toLocaleString("zh-CN")} 条类似提示未列出。`,
};

export const noteMessages: Readonly<Record<Locale, NoteTable>> = { en: notesEn, "zh-CN": notesZh };

/**
 * A note (a diagnostic or a refusal) in `locale`; `fallback` (the core's English sentence)
 * for a code this table does not know or arguments it cannot use.
 */
export function noteText(note: { code: string; args?: unknown }, locale: Locale, fallback: string): string {
  const table = noteMessages[locale] as Record<string, ((args: unknown) => string) | undefined>;
  const word = Object.hasOwn(table, note.code) ? table[note.code] : undefined;
  if (word === undefined) return fallback;
  try {
    return word(note.args ?? {});
  } catch {
    return fallback;
  }
}

/** An import diagnostic in `locale`. */
export function diagnosticText(d: Diagnostic, locale: Locale): string {
  return noteText(d, locale, d.message);
}

const errorCodesEn: Record<ErrorCode, string> = {
  not_found: "Not found",
  invalid_input: "This cannot be used",
  storage: "The library file failed",
  newer_library: "The library was written by a newer Roundtable",
  io: "A file could not be read or written",
  internal: "Internal error",
};

const errorCodesZh: Record<ErrorCode, string> = {
  not_found: "找不到",
  invalid_input: "内容无法使用",
  storage: "文稿库文件出错",
  newer_library: "文稿库由更新版本的圆桌写入，请先升级",
  io: "文件无法读取或写入",
  internal: "内部错误",
};

export const errorCodeMessages: Readonly<Record<Locale, Record<ErrorCode, string>>> = { en: errorCodesEn, "zh-CN": errorCodesZh };

function isCoreError(value: unknown): value is IpcError {
  return (
    typeof value === "object" &&
    value !== null &&
    typeof (value as { code?: unknown }).code === "string" &&
    typeof (value as { message?: unknown }).message === "string"
  );
}

/**
 * What to show for anything a command rejected with: a refusal with a code in the interface
 * language; another core error as its kind in Chinese with the (English) detail, or the
 * English sentence itself; anything else as its text.
 */
export function errorText(value: unknown, locale: Locale): string {
  if (isCoreError(value)) {
    if (value.detail) return noteText(value.detail, locale, value.message);
    if (locale === "en") return value.message;
    const kind = (errorCodeMessages[locale] as Record<string, string | undefined>)[value.code];
    return kind === undefined ? value.message : `${kind}：${value.message}`;
  }
  if (value instanceof Error) return value.message;
  return String(value);
}

const fieldNamesEn: Record<FieldName, string> = {
  title: "Title",
  subtitle: "Subtitle",
  column: "Column",
  language: "Language",
  guest_heading: "Guest list heading",
  speaker_labels: "Speaker labels",
  credits: "Credits",
  trash: "In the trash",
  participant_order: "Order of participants",
  name: "Name",
  job_title: "Job title",
  organization: "Organisation",
  role: "Role",
  aliases: "Other names",
  person: "Person in the directory",
  position: "Position",
  block: "The block",
  text: "Text",
  paragraphs: "Text",
  speaker: "Speaker",
  continues: "Continued",
  timing: "Times",
  picture: "Picture",
  caption: "Caption",
  credit: "Picture credit",
  alt: "Alt text",
  recording: "Recording shared with the team",
};

const fieldNamesZh: Record<FieldName, string> = {
  title: "标题",
  subtitle: "副标题",
  column: "栏目",
  language: "语言",
  guest_heading: "嘉宾名单标题",
  speaker_labels: "发言人标注",
  credits: "署名",
  trash: "是否在回收站",
  participant_order: "参与者顺序",
  name: "姓名",
  job_title: "职务",
  organization: "单位",
  role: "角色",
  aliases: "别名",
  person: "人物库中的对应人物",
  position: "位置",
  block: "整段",
  text: "文字",
  paragraphs: "文字",
  speaker: "发言人",
  continues: "接续",
  timing: "时间",
  picture: "图片",
  caption: "图片说明",
  credit: "图片来源",
  alt: "替代文字",
  recording: "录音是否与团队共享",
};

const syncEn = {
  notLinked: "Not linked to a shared folder",
  syncFailed: (message: string) => `Sync failed: ${message}`,
  syncing: "Syncing…",
  peers: (n: number) => (n === 1 ? "1 peer" : `${n} peers`),
  arriving: (n: number) => `${n} arriving`,
  notices: (n: number) => (n === 1 ? "1 notice" : `${n} notices`),
  synced: (parts: string) => `Synced · ${parts}`,
  chooseFolder: "Choose the shared folder",
  syncNow: "Sync now",
  changeFolder: "Change folder…",
  linkFolder: "Link shared folder…",
  conflicts: "Conflicts",
  conflictCount: (n: number) => `${n} ${n === 1 ? "conflict" : "conflicts"} from concurrent edits`,
  deletedEdited: "Deleted here, edited elsewhere:",
  mine: "Mine",
  theirs: (device: string) => `Theirs (device ${device})`,
  shown: " (shown)",
  deletedValue: "(deleted)",
  keepMine: "Keep mine",
  keepTheirs: "Keep theirs",
  keepAndEdit: "Keep and edit",
  aBlock: "A block",
  ofParticipant: (field: string) => `A participant's ${field.toLowerCase()}`,
  ofBlock: (block: string, field: string) => `${block}: ${field.toLowerCase()}`,
  fields: fieldNamesEn,
};

/** The sync bar's and the conflict panel's words. */
export type SyncMessages = {
  [K in keyof typeof syncEn]: (typeof syncEn)[K] extends (...args: infer A) => string
    ? (...args: A) => string
    : (typeof syncEn)[K] extends string
      ? string
      : (typeof syncEn)[K];
};

const syncZh: SyncMessages = {
  notLinked: "未连接共享文件夹",
  syncFailed: (message) => `同步失败:${message}`,
  syncing: "正在同步…",
  peers: (n) => `${n} 位同事`,
  arriving: (n) => `${n} 个文件传输中`,
  notices: (n) => `${n} 条提示`,
  synced: (parts) => `已同步 · ${parts}`,
  chooseFolder: "选择共享文件夹",
  syncNow: "立即同步",
  changeFolder: "更换文件夹…",
  linkFolder: "连接共享文件夹…",
  conflicts: "冲突",
  conflictCount: (n) => `${n} 处编辑冲突`,
  deletedEdited: "一处被删除的内容在别处被修改:",
  mine: "我的版本",
  theirs: (device) => `对方的版本(设备 ${device})`,
  shown: "(当前显示)",
  deletedValue: "(删除)",
  keepMine: "保留我的",
  keepTheirs: "保留对方的",
  keepAndEdit: "以此为准再编辑",
  aBlock: "一段内容",
  ofParticipant: (field) => `参与者的${field}`,
  ofBlock: (block, field) => `${block}:${field}`,
  fields: fieldNamesZh,
};

export const syncMessages: Readonly<Record<Locale, SyncMessages>> = { en: syncEn, "zh-CN": syncZh };
