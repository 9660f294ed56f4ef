// The app's memory as the benchmarks report it: the app process of this run (marked by
// ROUNDTABLE_E2E_RUN, see run.sh) and every process below it (WebKit's web and network
// processes), resident (RSS, its peak) and proportional (PSS: shared pages divided among the
// processes that map them, so the sum is what the app really costs the machine).

import assert from "node:assert/strict";
import { readdirSync, readFileSync } from "node:fs";
import { APP } from "./webdriver.mjs";

/** kB of `field` in a /proc status-like text. */
const field = (text, k) => Number(new RegExp(`^${k}:\\s+(\\d+)`, "m").exec(text)?.[1] ?? 0);

/** Memory (kB) of the app and its child processes: `{ rss, hwm, pss, parts }`. */
export function appMemory() {
  const marker = process.env.ROUNDTABLE_E2E_RUN;
  const info = new Map();
  for (const pid of readdirSync("/proc").filter((p) => /^\d+$/.test(p))) {
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
      const ppid = stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1];
      const status = readFileSync(`/proc/${pid}/status`, "utf8");
      const exe = readFileSync(`/proc/${pid}/cmdline`, "utf8").split("\0")[0];
      const mine = marker === undefined || readFileSync(`/proc/${pid}/environ`, "utf8").split("\0").includes(`ROUNDTABLE_E2E_RUN=${marker}`);
      let pss = 0;
      try {
        pss = field(readFileSync(`/proc/${pid}/smaps_rollup`, "utf8"), "Pss");
      } catch {
        // Kernels without smaps_rollup: PSS is reported as 0.
      }
      info.set(pid, { ppid, rss: field(status, "VmRSS"), hwm: field(status, "VmHWM"), pss, exe, mine });
    } catch {
      // Gone meanwhile, or not ours to read.
    }
  }
  const roots = [...info].filter(([, p]) => p.mine && p.exe === APP).map(([pid]) => pid);
  assert.equal(roots.length, 1, "one app process of this run");
  const tree = new Set(roots);
  for (let grew = true; grew; ) {
    grew = false;
    for (const [pid, p] of info) if (!tree.has(pid) && tree.has(p.ppid)) (tree.add(pid), (grew = true));
  }
  const parts = [...tree].map((pid) => {
    const p = info.get(pid);
    return { name: p.exe.split("/").at(-1), rss: p.rss, hwm: p.hwm, pss: p.pss };
  });
  const sum = (k) => parts.reduce((a, p) => a + p[k], 0);
  return { rss: sum("rss"), hwm: sum("hwm"), pss: sum("pss"), parts };
}

/** `PSS 312 MB (roundtable-desktop 120, WebKitWebProcess 170, WebKitNetworkProcess 22)`. */
export function describeMemory(m) {
  const mb = (kb) => (kb / 1024).toFixed(0);
  return `PSS ${mb(m.pss)} MB (${m.parts.map((p) => `${p.name} ${mb(p.pss)}`).join(", ")}), RSS ${mb(m.rss)} MB`;
}
