import { describe, expect, it } from "vitest";
import type { Block, Document } from "./bindings";
import { SPEEDS, formatTime, isRecordingPath, nextSpeed, resumeAt, setTurnStart, skipTo, timeSplit, timedTurns, turnAt } from "./playback";

const turn = (id: string, start: number | null, end: number | null = null): Block => ({
  type: "turn",
  id,
  speaker: "p1",
  paragraphs: ["…"],
  start,
  end,
  topics: [],
  continues: false,
});

const blocks: Block[] = [
  { type: "heading", id: "h", text: "Part one" },
  turn("a", 0, 4),
  turn("b", 4.5),
  { type: "paragraph", id: "n", text: "Narration" },
  turn("untimed", null),
  turn("c", 12, 20),
  turn("d", 30),
];

describe("turnAt", () => {
  const timed = timedTurns(blocks);
  it("keeps only timed turns, by start", () => {
    expect(timed.map((t) => t.id)).toEqual(["a", "b", "c", "d"]);
    expect(timedTurns([turn("late", 9), turn("early", 1)]).map((t) => t.id)).toEqual(["early", "late"]);
  });
  it("finds the turn being spoken", () => {
    const table: [number, string | null][] = [
      [-1, null],
      [0, "a"],
      [3.99, "a"],
      [4.2, null], // after a's end, before b
      [4.5, "b"],
      [11.9, "b"], // b has no end: until c
      [12, "c"],
      [20, null],
      [29.99, null],
      [30, "d"],
      [1e6, "d"],
    ];
    for (const [t, want] of table) expect(turnAt(timed, t), `t=${t}`).toBe(want);
  });
  it("has nothing to say without timed turns", () => {
    expect(turnAt([], 3)).toBeNull();
  });
});

describe("formatTime", () => {
  it("writes times as a transcript does", () => {
    const table: [number, boolean, string][] = [
      [0, false, "0:00"],
      [5.9, false, "0:05"],
      [65, false, "1:05"],
      [3599, false, "59:59"],
      [3600, false, "1:00:00"],
      [7325, false, "2:02:05"],
      [65.34, true, "1:05.3"],
      [3.05, true, "0:03.0"],
      [-3, false, "0:00"],
      [Number.NaN, false, "0:00"],
      [Number.POSITIVE_INFINITY, false, "0:00"],
    ];
    for (const [t, tenths, want] of table) expect(formatTime(t, tenths), `${t}`).toBe(want);
  });
});

describe("skipTo and speeds", () => {
  it("stays inside the recording", () => {
    expect(skipTo(3, -5, 100)).toBe(0);
    expect(skipTo(98, 5, 100)).toBe(100);
    expect(skipTo(50, 5, 100)).toBe(55);
    expect(skipTo(50, 5, Number.NaN)).toBe(55);
  });
  it("steps through the speeds and stops at the ends", () => {
    expect(SPEEDS[0]).toBe(0.5);
    expect(SPEEDS.at(-1)).toBe(2);
    expect(nextSpeed(1, 1)).toBe(1.25);
    expect(nextSpeed(1, -1)).toBe(0.75);
    expect(nextSpeed(2, 1)).toBe(2);
    expect(nextSpeed(0.5, -1)).toBe(0.5);
  });
});

describe("setTurnStart", () => {
  const doc = { blocks } as unknown as Document;
  it("times a turn to a tenth of a second", () => {
    const next = setTurnStart(doc, "untimed", 8.2649);
    const b = next?.blocks.find((x) => x.id === "untimed");
    expect(b).toMatchObject({ start: 8.3, end: null });
    expect(next?.blocks.filter((x) => x.id !== "untimed")).toEqual(blocks.filter((x) => x.id !== "untimed"));
  });
  it("drops an end the new start passed, keeps one after it", () => {
    expect(setTurnStart(doc, "c", 25)?.blocks.find((x) => x.id === "c")).toMatchObject({ start: 25, end: null });
    expect(setTurnStart(doc, "c", 15)?.blocks.find((x) => x.id === "c")).toMatchObject({ start: 15, end: 20 });
  });
  it("changes nothing for a block that is not a turn, or the same time", () => {
    expect(setTurnStart(doc, "n", 3)).toBeNull();
    expect(setTurnStart(doc, "missing", 3)).toBeNull();
    expect(setTurnStart(doc, "c", 12.01)).toBeNull();
  });
});

describe("isRecordingPath", () => {
  it("tells dropped recordings from pictures and transcripts", () => {
    const table: [string, boolean][] = [
      ["/home/a/interview.MP3", true],
      ["C:\\Users\\a\\talk.m4a", true],
      ["/x/panel.webm", true],
      ["/x/panel.vtt", false],
      ["/x/photo.jpg", false],
      ["/x/notes.txt", false],
      ["/x.dir/noext", false],
      ["/x/.wav", true],
    ];
    for (const [p, want] of table) expect(isRecordingPath(p), p).toBe(want);
  });
});

// Issue 16: rewind a little on resume; split a turn at the playback time.
describe("resumeAt and timeSplit", () => {
  it("rewinds, never before the start", () => {
    expect(resumeAt(10, 2)).toBe(8);
    expect(resumeAt(1, 3)).toBe(0);
    expect(resumeAt(10, 0)).toBe(10);
  });
  it("times the two halves of a split turn when the time falls inside it", () => {
    const d = { blocks: [turn("c", 12, 20), turn("c2", null)] } as unknown as Document;
    const out = timeSplit(d, "c", "c2", 15.04);
    expect(out.blocks.map((b) => (b.type === "turn" ? [b.start, b.end] : null))).toEqual([
      [12, 15],
      [15, 20],
    ]);
    expect(timeSplit(d, "c", "c2", 25)).toBe(d);
    expect(timeSplit(d, "c", "c2", 11)).toBe(d);
    const untimed = { blocks: [turn("u", null), turn("u2", null)] } as unknown as Document;
    expect(timeSplit(untimed, "u", "u2", 5)).toBe(untimed);
  });
});
