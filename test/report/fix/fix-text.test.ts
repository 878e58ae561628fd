import { describe, expect, it } from "vitest";
import type { FixReport } from "../../../src/report/fix/fix-report.js";
import { formatFixText } from "../../../src/report/fix/fix-text.js";

const dockerfile = "FROM scratch\nCOPY app /app\n";

function report(written: string[] | undefined): FixReport {
  const plan = { mode: "safe" as const, fixes: [], skipped: [], dockerfile: { before: dockerfile, after: dockerfile } };
  return { image: "app.tar", dockerfile: "Dockerfile", plan, patch: "", fixPatches: [], ...(written ? { written } : {}) };
}

describe("formatFixText", () => {
  it("says what --write wrote, and that it wrote nothing when no fix changes a file", () => {
    expect(formatFixText(report(["Dockerfile", ".dockerignore"]))).toContain("\n  wrote Dockerfile and .dockerignore");
    expect(formatFixText(report([]))).toContain("\n  wrote nothing: no fix changes a file");
    expect(formatFixText(report(undefined))).not.toContain("wrote");
  });
});
