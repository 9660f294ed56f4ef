// The app's own performance marks, which the UI benchmark (tests/e2e/bench.e2e.mjs) and a few
// end-to-end tests read through WebDriver as `window.__rtPerf`. One typed object that every
// view writes to, instead of each casting the window its own way.

export interface PerfMarks {
  /** The last open of a document, click to painted, in ms. */
  open?: number;
  /** When the user asked for the document being opened (the click); where `open` starts. */
  opening?: number;
  /** The steps of the last open, in ms from its start (EditorView). */
  stages?: Record<string, number>;
  /** Whether the last open used the read started when its title was pressed. */
  readAtPress?: boolean;
  /** The last library list, read and painted, in ms. */
  list?: number;
  /** When the library's first list was painted, from the page's start. */
  started?: number;
  /** How long the editor's rehearsal took, from its start to its end. */
  rehearsal?: number;
  /** How many times an open document's words were counted. */
  counted?: number;
  /** Processing time of each recent key typed, in ms. */
  keys: number[];
}

export const perf: PerfMarks = { keys: [] };

if (typeof window !== "undefined") (window as unknown as { __rtPerf: PerfMarks }).__rtPerf = perf;
