// Playing a document's recording against its text: which turn is spoken at a time, times as
// the transport shows them, and the edit that times a turn from the playback position. Pure;
// `components/Transport.svelte` drives the <audio> element with them.
import type { Block, Document } from "./bindings";

type Turn = Extract<Block, { type: "turn" }>;

/** Playback speeds offered (the pitch is kept: the element's preservesPitch). */
export const SPEEDS: readonly number[] = [0.5, 0.75, 1, 1.25, 1.5, 2];

/** The step of the back / forward buttons and keys, in seconds. */
export const SKIP_SECONDS = 5;

/** File extensions of the recordings Roundtable plays (the core checks the content). */
export const RECORDING_EXTENSIONS: readonly string[] = ["mp3", "m4a", "aac", "wav", "flac", "ogg", "oga", "opus", "webm", "mp4", "m4v", "mov", "mkv"];

/** Whether a dropped file's name says it is a recording (an image or a transcript is not). */
export function isRecordingPath(path: string): boolean {
  const ext = /\.([^./\\]+)$/.exec(path)?.[1]?.toLowerCase();
  return ext !== undefined && RECORDING_EXTENSIONS.includes(ext);
}

/** Turns with a start time, in order of their start (stable for equal starts: document order). */
export function timedTurns(blocks: readonly Block[]): Turn[] {
  return blocks
    .filter((b): b is Turn => b.type === "turn" && b.start !== null && Number.isFinite(b.start))
    .map((b, i) => [b, i] as const)
    .sort(([a, i], [b, j]) => (a.start as number) - (b.start as number) || i - j)
    .map(([b]) => b);
}

/**
 * The id of the turn being spoken at `t` seconds: the last turn started at or before `t`,
 * unless it has an end and `t` is past it (silence, or a stretch nobody transcribed). Null
 * before the first turn.
 */
export function turnAt(timed: readonly Turn[], t: number): string | null {
  // Binary search: the last index whose start ≤ t.
  let lo = 0;
  let hi = timed.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (((timed[mid] as Turn).start as number) <= t) lo = mid + 1;
    else hi = mid;
  }
  const turn = timed[lo - 1];
  if (turn === undefined) return null;
  if (turn.end !== null && turn.end > (turn.start as number) && t >= turn.end) return null;
  return turn.id;
}

/** `m:ss` under an hour, `h:mm:ss` from there; tenths when asked (`1:05.3`). */
export function formatTime(seconds: number, tenths = false): string {
  const t = Number.isFinite(seconds) && seconds > 0 ? seconds : 0;
  const whole = tenths ? Math.floor(t * 10) / 10 : Math.floor(t);
  const h = Math.floor(whole / 3600);
  const m = Math.floor((whole % 3600) / 60);
  const s = whole % 60;
  const ss = tenths ? s.toFixed(1).padStart(4, "0") : String(Math.floor(s)).padStart(2, "0");
  return h > 0 ? `${h}:${String(m).padStart(2, "0")}:${ss}` : `${m}:${ss}`;
}

/** `t + delta` kept inside the recording (its duration when known). */
export function skipTo(t: number, delta: number, duration: number): number {
  const next = Math.max(0, t + delta);
  return Number.isFinite(duration) && duration > 0 ? Math.min(next, duration) : next;
}

/** The next speed up (or down) the list, staying at the ends. */
export function nextSpeed(current: number, step: 1 | -1): number {
  const i = SPEEDS.findIndex((s) => s >= current - 1e-9);
  const at = i < 0 ? SPEEDS.length - 1 : i;
  return SPEEDS[Math.min(SPEEDS.length - 1, Math.max(0, at + step))] as number;
}

/**
 * The document with turn `id` starting at `t` (to a tenth of a second). An end before the new
 * start is dropped (it no longer bounds the turn). Null when `id` is not a turn or nothing
 * changes.
 */
export function setTurnStart(doc: Document, id: string, t: number): Document | null {
  const start = Math.round(Math.max(0, t) * 10) / 10;
  let changed = false;
  const blocks = doc.blocks.map((b) => {
    if (b.id !== id || b.type !== "turn" || b.start === start) return b;
    changed = true;
    return { ...b, start, end: b.end !== null && b.end < start ? null : b.end };
  });
  return changed ? { ...doc, blocks } : null;
}

/** Choices for "rewind a little on resume", in seconds (0: off), as transcribers set it. */
export const REWINDS: readonly number[] = [0, 1, 2, 3];

/** Where playback resumes from `t` with `rewind` seconds of rewind. */
export function resumeAt(t: number, rewind: number): number {
  return Math.max(0, t - Math.max(0, rewind));
}

/**
 * A turn split at playback time `t`: the new second half (`second`) starts at `t` and the
 * first half ends there, when `t` falls inside the turn's known time; otherwise unchanged.
 */
export function timeSplit(doc: Document, first: string, second: string, t: number): Document {
  const at = Math.round(Math.max(0, t) * 10) / 10;
  const a = doc.blocks.find((b) => b.id === first);
  if (a === undefined || a.type !== "turn" || a.start === null || at <= a.start || (a.end !== null && at >= a.end)) return doc;
  const end = a.end;
  const blocks = doc.blocks.map((b) => {
    if (b.type !== "turn") return b;
    if (b.id === first) return { ...b, end: at };
    if (b.id === second) return { ...b, start: at, end };
    return b;
  });
  return { ...doc, blocks };
}
