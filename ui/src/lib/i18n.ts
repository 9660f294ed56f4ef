// The UI's words in Simplified Chinese and English, the choice between them, and dates in the
// chosen language. A key missing from one table is a type error, so the two stay complete.

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
