// Playback of long recordings in the real app under Xvfb (issue 16's closing figures): a
// two-hour recording made with ffmpeg is playable within a second of opening its document, a
// seek plays again within 200 ms, and the memory of the app (the shell and its web process,
// where GStreamer decodes) does not grow with the recording's size: a two-minute and a
// two-hour recording of the same kind are opened, played and seeked alike, and their
// resident memory compared. Prints figures; asserts nothing about time (machines differ).
// Not part of the test run (its name does not end in .test.mjs): scripts/bench-media runs it.
// BENCH_MEDIA_CODEC=mp3 (default, 96 kbit/s CBR) or opus; BENCH_MEDIA_LONG_MINUTES (120);
// BENCH_MEDIA_DIR keeps the generated recordings between runs (two hours take a minute to make).

import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { existsSync, renameSync, statSync } from "node:fs";
import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, test } from "node:test";
import { appMemory } from "./memory.mjs";
import { APP, CLI, ROOT, Session, appEnv, importFixtures, openFromLibrary, startTauriDriver, $ } from "./webdriver.mjs";

const CODEC = process.env.BENCH_MEDIA_CODEC ?? "mp3";
const SEEKS = 12;
/** The long recording's length (BENCH_MEDIA_LONG_MINUTES; two hours by default). */
const LONG_MINUTES = Number(process.env.BENCH_MEDIA_LONG_MINUTES ?? 120);
/** Every audio sink GStreamer ships on Linux, out of autoaudiosink's choice (as media.test.mjs). */
const NULL_AUDIO = ["pulsesink", "pipewiresink", "alsasink", "jackaudiosink", "osssink", "oss4sink", "openalsink"].map((s) => `${s}:NONE`).join(",");

let tmp;
let driver;
let session;
const figures = [];
const docs = {};
const files = {};

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const ms = (x) => (x < 10 ? `${x.toFixed(1)} ms` : `${x.toFixed(0)} ms`);
const mb = (kb) => `${(kb / 1024).toFixed(0)} MB`;

/** A recording of `seconds`: a slowly gliding tone over pink noise (so the encoder has work). */
function makeRecording(file, seconds) {
  if (existsSync(file)) return;
  const codec = CODEC === "opus" ? ["-c:a", "libopus", "-b:a", "96k"] : ["-c:a", "libmp3lame", "-b:a", "96k"];
  execFileSync("ffmpeg", [
    "-hide_banner", "-loglevel", "error", "-y",
    "-f", "lavfi", "-i", `sine=frequency=220:beep_factor=3:duration=${seconds}`,
    "-f", "lavfi", "-i", `anoisesrc=color=pink:amplitude=0.05:duration=${seconds}`,
    "-filter_complex", "amix=inputs=2:duration=shortest", "-ac", "1", "-ar", CODEC === "opus" ? "48000" : "44100",
    ...codec, "-f", CODEC === "opus" ? "ogg" : "mp3", `${file}.tmp`,
  ]);
  // Under its name only when whole: a run cut short leaves nothing to be taken for it.
  renameSync(`${file}.tmp`, file);
}

/** A transcript of `turns` turns a minute apart (so following has work too). */
function transcript(turns) {
  const ts = (s) => `${String(Math.floor(s / 3600)).padStart(2, "0")}:${String(Math.floor(s / 60) % 60).padStart(2, "0")}:${String(s % 60).padStart(2, "0")}.000`;
  const cues = Array.from({ length: turns }, (_, i) => `${ts(i * 60)} --> ${ts(i * 60 + 50)}\n<v ${i % 2 ? "王明" : "Ann Lee"}>Turn ${i}: 第${i}段发言。\n`);
  return `WEBVTT\n\n${cues.join("\n")}`;
}

before(async () => {
  tmp = await mkdtemp(join(tmpdir(), "roundtable-bench-media-"));
  const dir = process.env.BENCH_MEDIA_DIR ?? join(tmp, "recordings");
  await mkdir(dir, { recursive: true });
  const ext = CODEC === "opus" ? "opus" : "mp3";
  for (const [name, seconds] of [["short", 120], ["long", LONG_MINUTES * 60]]) {
    files[name] = join(dir, `${name}-${seconds / 60}.${ext}`);
    const t0 = Date.now();
    makeRecording(files[name], seconds);
    const took = ((Date.now() - t0) / 1000).toFixed(0);
    figures.push(`${name} recording: ${seconds / 60} min, ${(statSync(files[name]).size / 2 ** 20).toFixed(1)} MB ${CODEC} (${took} s to make)`);
  }
  const library = join(tmp, "library.sqlite");
  for (const [name, turns] of [["short", 2], ["long", 120]]) {
    const t = join(tmp, `${name} panel.vtt`);
    await writeFile(t, transcript(turns));
    [docs[name]] = await importFixtures(library, [t]);
    const t0 = Date.now();
    execFileSync(CLI, ["--library", library, "media", "attach", docs[name], files[name]]);
    figures.push(`attaching the ${name} one (hashing it, a megabyte at a time): ${ms(Date.now() - t0)}`);
  }
  driver = await startTauriDriver({ env: { ...(await appEnv(tmp, library)), GST_PLUGIN_FEATURE_RANK: NULL_AUDIO } });
  session = await Session.start(driver.url, { application: APP });
  await session.waitFor($("library-item"), 60_000);
});

after(async () => {
  console.log(`\nRoundtable playback benchmark (${APP.includes("/release/") ? "release" : "debug"} build, Xvfb, WebKitGTK, null audio sink)`);
  for (const f of figures) console.log(`  ${f}`);
  await session?.screenshot(join(ROOT, "tests", "e2e", ".out", "bench-media.png")).catch(() => {});
  await session?.end();
  await driver?.stop();
  if (tmp) await rm(tmp, { recursive: true, force: true });
});

/** Opens `doc` from the list; ms from the click until the element can play, and until it plays. */
async function openAndPlay(doc) {
  const row = `${$("library-item")}[data-id="${doc}"] ${$("library-item-open")}`;
  await session.waitFor(row, 30_000);
  // The clock starts in the page, at the click: WebDriver's round trips are not counted.
  return session.executeAsyncScript(
    `const done = arguments[arguments.length - 1];
     const t0 = performance.now();
     document.querySelector(arguments[0]).click();
     const found = () => document.querySelector('[data-testid="audio"]');
     const wait = () => {
       const a = found();
       if (a === null || a.readyState < 3) return void setTimeout(wait, 5);
       const canPlay = performance.now() - t0;
       // Polled, not on 'timeupdate': WebKit sends that every 250 ms, which would be the figure.
       const tick = () => {
         if (a.currentTime <= 0) return void setTimeout(tick, 2);
         a.pause();
         done({ canPlay, playing: performance.now() - t0, duration: a.duration });
       };
       a.play().catch((e) => done({ error: String(e) }));
       tick();
     };
     wait();`,
    [row],
  );
}

/** Seeks to each of `positions` and plays: ms from the seek until the position moves on. */
function seeks(positions) {
  return session.executeAsyncScript(
    `const done = arguments[arguments.length - 1];
     const a = document.querySelector('[data-testid="audio"]');
     const out = [];
     const next = (i) => {
       if (i === arguments[0].length) return void done(out);
       const to = arguments[0][i];
       a.pause();
       const t0 = performance.now();
       // Polled every 2 ms: 'timeupdate' comes every 250 ms and would be the figure.
       const tick = () => {
         const took = performance.now() - t0;
         // A seek that has not played within 2.5 s counts as that (the script's time is bounded).
         if (took < 2500 && (a.seeking || a.paused || a.currentTime <= to + 0.01)) return void setTimeout(tick, 2);
         out.push(took < 2500 ? took : -1);
         setTimeout(() => next(i + 1), 200);
       };
       a.currentTime = to;
       a.play();
       tick();
     };
     next(0);`,
    [positions],
  );
}

for (const name of ["short", "long"]) {
  test(`the ${name} recording: open, play, seek; memory`, async () => {
    // Back to the library between the two (a new session starts there).
    if (name === "long") {
      await session.end();
      session = await Session.start(driver.url, { application: APP });
      await session.waitFor($("library-item"), 60_000);
    }
    const before = appMemory();
    const opened = await openAndPlay(docs[name]);
    assert.equal(opened.error, undefined, opened.error);
    await new Promise((r) => setTimeout(r, 2000));
    const played = appMemory();
    const seconds = Math.round(opened.duration);
    figures.push(`${name}: playable ${ms(opened.canPlay)} after the click that opens the document, playing after ${ms(opened.playing)} (duration read: ${seconds} s)`);
    // Spread over the whole recording, in an order that jumps back and forth.
    const length = Number.isFinite(opened.duration) && opened.duration > 0 ? opened.duration : name === "long" ? LONG_MINUTES * 60 : 120;
    const positions = Array.from({ length: SEEKS }, (_, i) => ((i * 7) % SEEKS) * (length / SEEKS) + 3.7);
    // -1: not within 2.5 s (JSON has no Infinity).
    const times = (await seeks(positions)).map((t) => (t < 0 ? Infinity : t));
    const shown = times.map((t) => (Number.isFinite(t) ? t.toFixed(0) : "not within 2.5 s"));
    figures.push(`${name}: a seek plays again after median ${ms(median(times))}, max ${ms(Math.max(...times))}; within 200 ms: ${times.filter((t) => t <= 200).length} of ${times.length} (${shown.join(", ")})`);
    // The server's part of a seek: a 64 KB range from the middle, asked from outside the page.
    const src = await session.executeScript(`return document.querySelector('[data-testid="audio"]').src;`);
    const size = statSync(files[name]).size;
    const served = [];
    for (let i = 0; i < 10; i++) {
      const at = Math.floor((size * (i + 0.5)) / 10);
      const t0 = performance.now();
      const r = await fetch(src, { headers: { Range: `bytes=${at}-${at + 65535}` } });
      await r.arrayBuffer();
      served.push(performance.now() - t0);
    }
    figures.push(`${name}: the loopback server answers a 64 KB range from anywhere in the file in median ${ms(median(served))}, max ${ms(Math.max(...served))}`);
    // Settled: what stays resident, not what a moment of decoding holds.
    await new Promise((r) => setTimeout(r, 2000));
    const mem = appMemory();
    figures.push(
      `${name}: app memory ${mb(mem.rss)} resident after opening, playing and ${SEEKS} seeks (${mb(before.rss)} before opening, ${mb(played.rss)} after playing from the start; peak so far ${mb(mem.hwm)}: ${mem.parts.map((p) => `${p.name} ${mb(p.rss)}`).join(", ")})`,
    );
  });
}
