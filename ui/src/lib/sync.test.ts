import { describe, expect, it } from "vitest";
import type { SyncStatus } from "./bindings";
import { conflictSubject, describeStatus, valueText } from "./sync";

const report = {
  peers: ["a", "b"],
  segments_read: 1,
  ops_received: 3,
  segments_written: 0,
  ops_sent: 0,
  pending: [],
  assets_copied: 0,
  recordings_copied: 0,
  warnings: [],
};

function status(over: Partial<SyncStatus>): SyncStatus {
  return { folder: "/sync", report, error: null, last_ms: 1, ...over };
}

describe("describeStatus", () => {
  const cases: [SyncStatus | null, string, string][] = [
    [null, "Not linked to a shared folder", "未连接共享文件夹"],
    [status({ folder: null }), "Not linked to a shared folder", "未连接共享文件夹"],
    [status({ report: null }), "Syncing…", "正在同步…"],
    [status({}), "Synced · 2 peers", "已同步 · 2 位同事"],
    [status({ report: { ...report, peers: ["a"], pending: ["x"] } }), "Synced · 1 peer · 1 arriving", "已同步 · 1 位同事 · 1 个文件传输中"],
    [status({ error: { code: "io", message: "disk full", detail: null } }), "Sync failed: disk full", "同步失败:文件无法读取或写入：disk full"],
  ];
  it.each(cases)("%o", (input, en, zh) => {
    expect(describeStatus(input, "en")).toBe(en);
    expect(describeStatus(input, "zh-CN")).toBe(zh);
  });
});

describe("conflictSubject", () => {
  const turn = (b: string): string | undefined => (b === "b3" ? "王立新的发言" : undefined);

  it("names the field in the interface language, never by the core's key", () => {
    expect(conflictSubject({ name: "title", block: null, participant: null }, "en")).toBe("Title");
    expect(conflictSubject({ name: "title", block: null, participant: null }, "zh-CN")).toBe("标题");
    expect(conflictSubject({ name: "paragraphs", block: "b3", participant: null }, "zh-CN", turn)).toBe("王立新的发言");
    expect(conflictSubject({ name: "speaker", block: "b3", participant: null }, "zh-CN", turn)).toBe("王立新的发言:发言人");
    expect(conflictSubject({ name: "caption", block: "b9", participant: null }, "en", turn)).toBe("A block: caption");
    expect(conflictSubject({ name: "job_title", block: null, participant: "p2" }, "en")).toBe("A participant's job title");
    for (const locale of ["en", "zh-CN"] as const) {
      expect(conflictSubject({ name: "paragraphs", block: "b3", participant: null }, locale)).not.toMatch(/b3|paragraphs/);
    }
  });
});

describe("valueText", () => {
  it.each([
    ["标题", "标题"],
    [null, "—"],
    [["一", "二"], "一 / 二"],
    [true, "✓"],
    [{ a: 1 }, '{"a":1}'],
    [{ sha256: "ab", file_name: "panel.m4a", size: 3, mime: "audio/mp4" }, "♪ panel.m4a"],
  ] as [unknown, string][])("%o → %s", (value, text) => {
    expect(valueText(value)).toBe(text);
  });
});
