// Listening while editing (issue 16) in the real window: a recording spoken by espeak-ng
// (English and Chinese, each turn placed at its transcript time; tones written here when
// espeak-ng is missing) is attached through the command behind the open dialog, played
// through the loopback server, followed turn by turn, sped up, used to time a turn, and is
// still attached after the app restarts. No sound card is needed, and none is used where
// there is one: every real audio sink is ranked NONE (GST_PLUGIN_FEATURE_RANK), so
// WebKitGTK's autoaudiosink finds none and plays into a fakesink that keeps the clock; the
// position advances as it would through speakers.
// Run with tests/e2e/run.sh after building the UI, the CLI and the app.

import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { mkdir, mkdtemp, readdir, rename, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { after, before, test } from "node:test";
import { axeCheck } from "./axe.mjs";
import { APP, CLI, ROOT, Session, Keys, appEnv, closeApp, startTauriDriver, $, editsSaved, exportedDocument, openFromLibrary, importFixtures, caretInTurn, listedDocuments } from "./webdriver.mjs";

const OUT = join(ROOT, "tests", "e2e", ".out");
const ALT = "\uE00A";
const ARROW_LEFT = "\uE012";

// The transcript with known times; each cue's words are spoken from its start.
const CUES = [
  { start: 0, end: 3, who: "Ann Lee", lang: "en", text: "Thank you all for coming to this panel today." },
  { start: 4, end: 9, who: "王明", lang: "cmn", text: "谢谢大家今天来参加圆桌讨论。" },
  { start: 10, end: 13, who: "Ann Lee", lang: "en", text: "Let us talk about the river." },
  { start: 14, end: 18, who: "王明", lang: "cmn", text: "河水比去年干净多了。" },
];
const RATE = 22050;
/** Every audio sink GStreamer 1.22 ships on Linux, out of autoaudiosink's choice. */
const NULL_AUDIO = ["pulsesink", "pipewiresink", "alsasink", "jackaudiosink", "osssink", "oss4sink", "openalsink"].map((s) => `${s}:NONE`).join(",");
const LENGTH = 20;

const vtt = () => {
  const ts = (s) => `00:00:${String(s).padStart(2, "0")}.000`;
  return `WEBVTT\n\n${CUES.map((c) => `${ts(c.start)} --> ${ts(c.end)}\n<v ${c.who}>${c.text}\n`).join("\n")}`;
};

/** 16-bit mono PCM samples of a WAV file (espeak-ng writes 22,050 Hz mono). */
function pcm(file) {
  const b = readFileSync(file);
  let at = 12;
  while (at + 8 <= b.length) {
    const size = b.readUInt32LE(at + 4);
    if (b.toString("latin1", at, at + 4) === "data") return new Int16Array(b.buffer.slice(b.byteOffset + at + 8, b.byteOffset + at + 8 + Math.min(size, b.length - at - 8)));
    at += 8 + size + (size & 1);
  }
  throw new Error(`${file}: no data chunk`);
}

/** The recording: each cue's speech (or a tone) from its start, cut at its end, silence between. */
function writeRecording(dir, file) {
  const samples = new Int16Array(RATE * LENGTH);
  const espeak = (() => {
    try {
      execFileSync("espeak-ng", ["--version"], { stdio: "ignore" });
      return true;
    } catch {
      return false;
    }
  })();
  CUES.forEach((c, i) => {
    let voice;
    if (espeak) {
      const part = join(dir, `cue${i}.wav`);
      execFileSync("espeak-ng", ["-v", c.lang, "-w", part, c.text]);
      voice = pcm(part);
    } else {
      voice = Int16Array.from({ length: RATE * (c.end - c.start) }, (_, n) => Math.round(Math.sin((n / RATE) * (300 + 100 * i) * 2 * Math.PI) * 8000));
    }
    samples.set(voice.subarray(0, RATE * (c.end - c.start)), RATE * c.start);
  });
  const data = Buffer.from(samples.buffer);
  const head = Buffer.alloc(44);
  head.write("RIFF", 0, "latin1");
  head.writeUInt32LE(36 + data.length, 4);
  head.write("WAVEfmt ", 8, "latin1");
  head.writeUInt32LE(16, 16);
  head.writeUInt16LE(1, 20);
  head.writeUInt16LE(1, 22);
  head.writeUInt32LE(RATE, 24);
  head.writeUInt32LE(RATE * 2, 28);
  head.writeUInt16LE(2, 32);
  head.writeUInt16LE(16, 34);
  head.write("data", 36, "latin1");
  head.writeUInt32LE(data.length, 40);
  writeFileSync(file, Buffer.concat([head, data]));
  return espeak;
}

let tmp;
let library;
let recording;
let id;
let driver;
let session;

const invoke = async (cmd, args) => {
  const r = await session.executeAsyncScript(
    "const done = arguments[arguments.length - 1]; window.__TAURI_INTERNALS__.invoke(arguments[0], arguments[1]).then((v) => done({ ok: v }), (e) => done({ err: e }));",
    [cmd, args],
  );
  if (r.err) throw new Error(`${cmd}: ${JSON.stringify(r.err)}`);
  return r.ok;
};
const audio = (prop) => session.executeScript(`const a = document.querySelector('[data-testid="audio"]'); return a ? a[arguments[0]] : null;`, [prop]);
const spokenTurn = () => session.executeScript(`const b = document.querySelector('[data-block-id][data-spoken]'); return b ? b.dataset.blockId : null;`);
const waitTime = (ok, what) => session.waitUntil(async () => ok(await audio("currentTime")), { timeoutMs: 15_000, what });

before(async () => {
  for (const binary of [APP, CLI]) assert.ok(existsSync(binary), `${binary} is missing`);
  tmp = await mkdtemp(join(tmpdir(), "roundtable-e2e-media-"));
  library = join(tmp, "library.sqlite");
  const transcript = join(tmp, "river panel.vtt");
  await writeFile(transcript, vtt());
  recording = join(tmp, "river panel.wav");
  const spoken = writeRecording(tmp, recording);
  if (!spoken) console.error("media e2e: espeak-ng is missing (scripts/setup --with-test-tools); the recording is tones");
  [id] = await importFixtures(library, [transcript]);
  driver = await startTauriDriver({ env: { ...(await appEnv(tmp, library)), GST_PLUGIN_FEATURE_RANK: NULL_AUDIO } });
  session = await Session.start(driver.url, { application: APP });
  await session.waitFor($("library-item"), 30_000);
});

after(() => closeApp({ session, driver, tmp, screenshot: join(OUT, "media.png") }));

test("attach through the command, play, follow, jump, speed, time a turn", async () => {
  // The native open dialog hands over a path: the command behind it, called with one.
  const attached = await invoke("attach_media", { id, path: recording, copy: false });
  assert.equal(attached.mime, "audio/wav");
  assert.equal(attached.duration, LENGTH);
  await openFromLibrary(session, id);

  const el = await session.waitFor($("audio"), 15_000);
  const src = await el.property("src");
  assert.match(src, /^http:\/\/127\.0\.0\.1:\d+\/[0-9a-f]{64}\//, "played from the loopback server, under a secret");
  await session.waitUntil(async () => (await audio("duration")) === LENGTH, { timeoutMs: 15_000, what: "the duration read by the player" });
  assert.equal(await (await session.find($("turn-time"))).text(), "0:00", "a turn with a start shows it");
  assert.equal((await session.findAll($("turn-time"))).length, CUES.length);
  await axeCheck(session, "the editor with its transport bar");

  // Play: the position advances and the first turn is the spoken one.
  await (await session.find($("play"))).click();
  await waitTime((t) => t > 1, "the position to pass 1 s");
  const blocks = await session.executeScript(`return Array.from(document.querySelectorAll('[data-testid="block"]'), (b) => b.dataset.blockId);`);
  await session.waitUntil(async () => (await spokenTurn()) === blocks[0], { what: "the first turn marked as spoken" });
  const shown = await (await session.find($("playback-time"))).text();
  assert.match(shown, /^0:0\d$/);

  // A turn's time plays from there; the turn it starts is the spoken one.
  const times = await session.findAll($("turn-time"));
  await times[2].click();
  await waitTime((t) => t >= 10 && t < 12.5, "playback to jump to 0:10");
  await session.waitUntil(async () => (await spokenTurn()) === blocks[2], { what: "the third turn marked" });
  assert.equal(await audio("paused"), false, "it plays from there");

  // Twice the speed: the element's rate, and the position moves about twice as fast.
  await session.executeScript(`const s = document.querySelector('[data-testid="speed"]'); s.value = "2"; s.dispatchEvent(new Event('change', { bubbles: true }));`);
  await session.waitUntil(async () => (await audio("playbackRate")) === 2, { what: "the rate to be 2" });
  assert.equal(await audio("preservesPitch"), true);
  const t0 = await audio("currentTime");
  const wall0 = Date.now();
  await new Promise((r) => setTimeout(r, 1500));
  const advanced = (await audio("currentTime")) - t0;
  const wall = (Date.now() - wall0) / 1000;
  assert.ok(advanced > wall * 1.4, `at 2× the position moved ${advanced.toFixed(2)} s in ${wall.toFixed(2)} s`);

  // Keys that never type: Ctrl+Space pauses, Alt+← goes back 5 s.
  await session.pressKeys([Keys.CONTROL, " "]);
  await session.waitUntil(async () => (await audio("paused")) === true, { what: "paused by Ctrl+Space" });
  const before = await audio("currentTime");
  await session.pressKeys([ALT, ARROW_LEFT]);
  await waitTime((t) => Math.abs(t - Math.max(0, before - 5)) < 0.3, "Alt+← to go back 5 s");

  // Time a turn while listening: the caret in the second turn, the position at 5.5 s, Ctrl+T.
  await session.executeScript(`document.querySelector('[data-testid="audio"]').currentTime = 5.5;`);
  await waitTime((t) => Math.abs(t - 5.5) < 0.05, "the position at 5.5 s");
  await caretInTurn(session, "谢谢大家", 2);
  await session.pressKeys([Keys.CONTROL, "t"]);
  await session.waitUntil(async () => (await (await session.findAll($("turn-time")))[1].text()) === "0:05", { what: "the turn's time shown as 0:05" });
  await editsSaved(session);
  const doc = await exportedDocument(library, id);
  assert.equal(doc.blocks[1].start, 5.5, "the new start is stored");
  assert.equal(doc.blocks[1].end, 9, "the end after it is kept");
  assert.equal(doc.blocks[1].paragraphs[0], CUES[1].text, "Ctrl+T typed nothing");
});

test("the loopback server answers ranges and nothing without the secret", async (t) => {
  const src = await (await session.find($("audio"))).property("src");
  const size = readFileSync(recording).length;
  const part = await fetch(src, { headers: { Range: "bytes=0-43" } });
  assert.equal(part.status, 206);
  assert.equal(part.headers.get("content-range"), `bytes 0-43/${size}`);
  assert.equal(part.headers.get("accept-ranges"), "bytes");
  assert.equal(Buffer.from(await part.arrayBuffer()).toString("latin1", 0, 4), "RIFF");
  // How long a seek takes to play again (reported, not asserted: speed belongs in benchmarks).
  const seek = await session.executeAsyncScript(
    `const done = arguments[arguments.length - 1]; const a = document.querySelector('[data-testid="audio"]');
     const t0 = performance.now(); a.addEventListener('timeupdate', () => done(performance.now() - t0), { once: true });
     a.currentTime = 16; a.play();`,
  );
  t.diagnostic(`seek to 0:16 and play: ${seek.toFixed(0)} ms`);
  const guessed = src.replace(/\/[0-9a-f]{64}\//, `/${"0".repeat(64)}/`);
  assert.equal((await fetch(guessed)).status, 404);
});

test("the recording is still attached after a restart", async () => {
  await session.end();
  session = await Session.start(driver.url, { application: APP });
  await openFromLibrary(session, id);
  await session.waitFor($("audio"), 15_000);
  await session.waitUntil(async () => (await audio("duration")) === LENGTH, { timeoutMs: 15_000, what: "the recording loaded again" });
  const listed = JSON.parse(execFileSync(CLI, ["--library", library, "media", "list", id, "--json"], { encoding: "utf8" }));
  assert.equal(listed.length, 1);
  assert.equal(listed[0].file_name, "river panel.wav");
  assert.equal(listed[0].available, true);
});

test("a moved recording is shown missing, found again by its content, then detached", async () => {
  const moved = join(tmp, "moved", "renamed.wav");
  await mkdir(dirname(moved), { recursive: true });
  await session.end();
  await rename(recording, moved);
  session = await Session.start(driver.url, { application: APP });
  await openFromLibrary(session, id);
  const missing = await session.waitFor($("recording-missing"), 15_000);
  assert.match(await missing.text(), /river panel\.wav/, "it says which file is missing");
  assert.equal((await session.findAll($("audio"))).length, 0);

  // The open dialog's answer, as the "Find it…" button sends it: another file is refused.
  const other = join(tmp, "other.wav");
  writeFileSync(other, readFileSync(moved).subarray(0, 44 + RATE * 2));
  await assert.rejects(invoke("relink_media", { id, path: other }), /not one of this document's recordings/);
  const found = await invoke("relink_media", { id, path: moved });
  assert.equal(found.available, true);

  await session.end();
  session = await Session.start(driver.url, { application: APP });
  await openFromLibrary(session, id);
  await session.waitUntil(async () => (await audio("duration")) === LENGTH, { timeoutMs: 15_000, what: "the recording found again" });

  await (await session.find($("detach-recording"))).click();
  await session.waitFor($("attach-recording"));
  assert.deepEqual(JSON.parse(execFileSync(CLI, ["--library", library, "media", "list", id, "--json"], { encoding: "utf8" })), []);
  assert.ok(existsSync(moved), "detaching never touches the file");
});

/** Hands `paths` to the route a native file drop takes (WebDriver cannot make one). */
const drop = (paths) => session.executeAsyncScript("const done = arguments[arguments.length - 1]; window.__rtDrop(arguments[0]).then(done);", [paths]);
let importedId;
const mediaOf = (doc, lib = library) => JSON.parse(execFileSync(CLI, ["--library", lib, "media", "list", doc, "--json"], { encoding: "utf8" }));

test("a transcript and its recording dropped together on the import screen, and a recording after the transcript", async () => {
  await session.end();
  session = await Session.start(driver.url, { application: APP });
  const known = new Set((await listedDocuments(library)).map((d) => d.id));
  const together = join(tmp, "second panel.vtt");
  const after = join(tmp, "third panel.vtt");
  await writeFile(together, vtt().replace("Let us talk about the river.", "Let us talk about the lake."));
  await writeFile(after, vtt().replace("Let us talk about the river.", "Let us talk about the sea."));
  const take = join(tmp, "second take.wav");
  writeFileSync(take, readFileSync(join(tmp, "moved", "renamed.wav")));

  for (const [files, late] of [[[take, together], false], [[after], true]]) {
    await (await session.waitFor($("import-button"), 30_000)).click();
    await session.waitFor($("import-view"));
    assert.equal(await drop(files), true, "the import screen takes the drop");
    await session.waitFor($("import-summary"), 15_000);
    if (late) assert.equal(await drop([take]), true, "a recording dropped after the transcript");
    const listed = await session.waitFor($("import-recording"));
    assert.match(await listed.text(), /second take\.wav/);
    if (!late) await session.screenshot(join(OUT, "media-import.png"));
    await (await session.find($("import-commit"))).click();
    await session.waitFor(`${$("editor")} ${$("editor-page")}[data-ready="true"]`, 30_000);
    await session.waitUntil(async () => (await audio("duration")) === LENGTH, { timeoutMs: 15_000, what: "the imported document's recording loaded" });
    const made = (await listedDocuments(library)).filter((d) => !known.has(d.id));
    assert.equal(made.length, 1, "one new document");
    known.add(made[0].id);
    importedId ??= made[0].id;
    const media = mediaOf(made[0].id);
    assert.equal(media.length, 1);
    assert.equal(media[0].file_name, "second take.wav");
    await session.end();
    session = await Session.start(driver.url, { application: APP });
  }
});

test("sharing with the team from the transport bar, and a teammate's recording not here yet", async () => {
  // A document with a recording: share it with the toggle.
  const id = importedId;
  await openFromLibrary(session, id);
  await session.waitFor($("audio"), 15_000);
  const toggle = await session.find($("share-recording"));
  assert.equal(await toggle.attribute("aria-pressed"), "false");
  await toggle.click();
  await session.waitUntil(async () => (await (await session.find($("share-recording"))).attribute("aria-pressed")) === "true", { what: "the toggle pressed" });
  assert.equal(mediaOf(id)[0].shared, true, "the library says it is shared");

  // A teammate's library shares a recording through a folder; its file has not arrived.
  const folder = join(tmp, "team");
  await mkdir(folder);
  const mate = join(tmp, "mate", "library.sqlite");
  await mkdir(dirname(mate));
  const [theirs] = await importFixtures(mate, [join(tmp, "second panel.vtt")]);
  // Another take: the same length, other content (a recording the app's library has
  // under another document is attached at once, never waited for).
  const mateTake = join(tmp, "mate take.wav");
  const bytes = readFileSync(join(tmp, "second take.wav"));
  bytes[bytes.length - 1] ^= 0x55;
  writeFileSync(mateTake, bytes);
  execFileSync(CLI, ["--library", mate, "media", "attach", theirs, mateTake, "--share"]);
  execFileSync(CLI, ["--library", mate, "sync", "--folder", folder]);
  await rename(join(folder, "media"), join(tmp, "in transit"));
  await session.end();
  execFileSync(CLI, ["--library", library, "sync", "--folder", folder]);
  session = await Session.start(driver.url, { application: APP });
  await openFromLibrary(session, theirs);
  const pending = await session.waitFor($("recording-pending"), 15_000);
  assert.match(await pending.text(), /mate take\.wav/);
  assert.equal((await session.findAll($("audio"))).length, 0);
  await session.screenshot(join(OUT, "media-pending.png"));

  // It arrives: the app's own sync copies it, checked, and the transport bar plays it.
  await mkdir(join(folder, "media"), { recursive: true });
  for (const name of await readdir(join(tmp, "in transit"))) await rename(join(tmp, "in transit", name), join(folder, "media", name));
  await session.waitUntil(async () => (await audio("duration")) === LENGTH, { timeoutMs: 60_000, what: "the shared recording arrived and loaded" });
  assert.equal(await (await session.find($("share-recording"))).attribute("aria-pressed"), "true", "shown as shared");
  const arrived = mediaOf(theirs)[0];
  assert.equal(arrived.available, true);
  assert.equal(arrived.pending, false);
});

/** `seconds` of a test picture and a tone, made with ffmpeg: `codecs` are its -c:v/-c:a arguments. */
function writeVideo(file, codecs, seconds = 3) {
  execFileSync("ffmpeg", ["-hide_banner", "-loglevel", "error", "-y", "-f", "lavfi", "-i", `testsrc=size=320x180:rate=15:duration=${seconds}`, "-f", "lavfi", "-i", `sine=frequency=440:duration=${seconds}`, ...codecs, "-shortest", file]);
}
const video = (prop) => session.executeScript(`const v = document.querySelector('[data-testid="video"]'); return v ? v[arguments[0]] : null;`, [prop]);

test("a video's picture shows in a pane that can be hidden, and the sound plays either way", async (t) => {
  const webm = join(tmp, "panel video.webm");
  const mp4 = join(tmp, "panel video.mp4");
  writeVideo(webm, ["-c:v", "libvpx", "-b:v", "200k", "-c:a", "libvorbis"]);
  writeVideo(mp4, ["-c:v", "libx264", "-pix_fmt", "yuv420p", "-c:a", "aac", "-movflags", "+faststart"]);
  const transcript = join(tmp, "video panel.vtt");
  await writeFile(transcript, vtt());
  const [doc] = await importFixtures(library, [transcript]);
  await session.end();
  session = await Session.start(driver.url, { application: APP });
  const attached = await invoke("attach_media", { id: doc, path: webm, copy: false });
  assert.equal(attached.mime, "video/webm");
  assert.equal(attached.video, true);
  await openFromLibrary(session, doc);

  // WebM (VP8 and Vorbis): the picture is decoded and the position advances.
  await session.waitFor($("video-pane"), 15_000);
  assert.equal((await session.findAll($("audio"))).length, 0, "one element plays: the video");
  await session.waitUntil(async () => (await video("videoWidth")) === 320, { timeoutMs: 15_000, what: "the webm's picture decoded (320 wide)" });
  await (await session.find($("play"))).click();
  await session.waitUntil(async () => (await video("currentTime")) > 0.5, { timeoutMs: 15_000, what: "the video to play" });
  await session.executeScript(`document.querySelector('[data-testid="video"]').pause();`);
  await session.screenshot(join(OUT, "media-video.png"));
  const box = await session.executeScript(`const r = document.querySelector('[data-testid="video-pane"]').getBoundingClientRect(); return [r.width, r.height];`);
  assert.ok(box[0] > 100 && box[1] > 50, `the pane is shown (${box})`);
  assert.equal(await session.executeScript(`return getComputedStyle(document.querySelector('[data-testid="video-pane"]')).resize;`), "both", "the pane can be resized");

  // Hidden: the pane takes no room, the sound plays on.
  const toggle = await session.find($("toggle-picture"));
  assert.equal(await toggle.attribute("aria-pressed"), "true");
  await toggle.click();
  await session.waitUntil(async () => (await session.executeScript(`return getComputedStyle(document.querySelector('[data-testid="video-pane"]')).display;`)) === "none", { what: "the pane hidden" });
  const from = await video("currentTime");
  await (await session.find($("play"))).click();
  await session.waitUntil(async () => (await video("currentTime")) > from + 0.5, { timeoutMs: 15_000, what: "playing on with the picture hidden" });
  assert.equal(await video("paused"), false);
  await session.screenshot(join(OUT, "media-video-hidden.png"));
  await (await session.find($("toggle-picture"))).click();
  await session.executeScript(`document.querySelector('[data-testid="video"]').pause();`);

  // MP4 (H.264 and AAC) plays where GStreamer has an H.264 decoder (gstreamer1.0-libav): said, not required.
  await invoke("attach_media", { id: doc, path: mp4, copy: false });
  await session.end();
  session = await Session.start(driver.url, { application: APP });
  await openFromLibrary(session, doc);
  const choice = await session.waitFor($("recording-choice"), 15_000);
  const sha = (await invoke("list_media", { id: doc })).find((m) => m.mime === "video/mp4").sha256;
  await session.executeScript(`const s = arguments[0]; s.value = arguments[1]; s.dispatchEvent(new Event('change', { bubbles: true }));`, [choice, sha]);
  const plays = await session
    .waitUntil(async () => (await video("videoWidth")) === 320 && String(await video("src")).includes(sha), { timeoutMs: 10_000, what: "the mp4's picture" })
    .then(() => true, () => false);
  t.diagnostic(`mp4 (H.264/AAC) picture decoded here: ${plays}; webm (VP8/Vorbis): true`);
});
