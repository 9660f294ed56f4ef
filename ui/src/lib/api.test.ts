import { describe, expect, it } from "vitest";
import { errorMessage, isIpcError } from "./api";

describe("isIpcError", () => {
  it("recognises what the shell rejects with", () => {
    expect(isIpcError({ code: "not_found", message: "No such document." })).toBe(true);
  });

  it("refuses anything else", () => {
    expect(isIpcError(null)).toBe(false);
    expect(isIpcError("storage")).toBe(false);
    expect(isIpcError({ code: "io" })).toBe(false);
    expect(isIpcError({ code: 1, message: "x" })).toBe(false);
    expect(isIpcError(new Error("boom"))).toBe(false);
  });
});

describe("errorMessage", () => {
  it("shows the message of an IpcError, an Error or a string", () => {
    expect(errorMessage({ code: "newer_library", message: "Update Roundtable." })).toBe("Update Roundtable.");
    expect(errorMessage(new Error("boom"))).toBe("boom");
    expect(errorMessage("plain")).toBe("plain");
  });
});
