import { describe, expect, it } from "vitest";
import type { PackageInfo, PackageReport } from "../../src/packages/types.js";
import { formatPackageDiffText } from "../../src/report/diff-packages.js";
import { formatPackagesSection } from "../../src/report/packages-text.js";

// names, versions and warnings come from the image's package databases: a crafted package.json or dpkg status
const EVIL = "ev\u001b[31mil";
const TITLE = "1.0\u001b]0;pwned\u0007";

describe("package lines of the text reports", () => {
  it("make the control characters of names, versions, reasons and warnings visible", () => {
    const pkg = (name: string, extra: Partial<PackageInfo> = {}): PackageInfo => ({
      ecosystem: "npm",
      name,
      version: "1.0.0",
      layer: 0,
      bytes: 20_000,
      files: 2,
      reason: "requested",
      buildTool: false,
      ...extra,
    });
    const report: PackageReport = {
      packages: [pkg(EVIL, { version: TITLE }), pkg("dep", { reason: "dependency", pulledBy: [EVIL] })],
      removed: [],
      unownedBytes: 0,
      unownedFiles: 0,
      ownedBytes: 40_000,
      ecosystems: ["npm"],
      warnings: [`/usr/lib/node_modules/${EVIL}/package.json is not valid JSON`],
    };
    const text = formatPackagesSection(report, 120).join("\n");
    expect(text).not.toMatch(/[\u0000-\u001f\u007f](?<!\n)/);
    expect(text).toContain("dependency (of ev\\x1b[31mil)");
    expect(text).toContain("warning: /usr/lib/node_modules/ev\\x1b[31mil/package.json is not valid JSON");

    const change = { ecosystem: "npm" as const, name: EVIL, headVersion: TITLE, headBytes: 20_000, headLayer: 0, delta: 20_000 };
    const diff = { added: [change], removed: [], upgraded: [], resized: [], bytes: { base: 0, head: 20_000, delta: 20_000 } };
    const lines = formatPackageDiffText(diff, 10).join("\n");
    expect(lines).toContain("npm:ev\\x1b[31mil 1.0\\x1b]0;pwned\\x07  (head layer 0)");
  });
});
