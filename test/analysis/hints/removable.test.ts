import { describe, expect, it } from "vitest";
import { computeHints, severityWithBytes } from "../../../src/analysis/hints/compute-hints.js";
import { removableBytes } from "../../../src/analysis/hints/removable.js";
import { analyzeBuiltLayers } from "../../helpers/analyze-built.js";
import type { EntrySpec } from "../../helpers/build-image.js";

function stanza(name: string, fields: Record<string, string> = {}): string {
  const extra = Object.entries(fields)
    .map(([key, value]) => `${key}: ${value}\n`)
    .join("");
  return `Package: ${name}\nStatus: install ok installed\nArchitecture: amd64\nVersion: 1.0-1\n${extra}\n`;
}

const list = (name: string, ...paths: string[]): EntrySpec => ({ path: `var/lib/dpkg/info/${name}.list`, content: ["/.", ...paths].join("\n") + "\n" });

/**
 * `apt-get install python3-pip` with its recommendations: gcc-12, g++-12 and python3-dev come only through a
 * Recommends edge and are build tools, so apt-recommends and build-tools both count them.
 */
const PIP_WITH_RECOMMENDS: EntrySpec[] = [
  { path: "usr/bin/pip", size: 100_000 },
  { path: "usr/lib/gcc/x86_64-linux-gnu/12/cc1", size: 12_000_000 },
  { path: "usr/bin/g++-12", size: 3_000_000 },
  { path: "usr/include/python3.11/Python.h", size: 500_000 },
  { path: "usr/include/local-extra.h", size: 10_000 },
  { path: "var/lib/apt/lists/deb.debian.org_Packages", size: 2_000 },
  { path: "tmp/build.log", size: 20_000 },
  {
    path: "var/lib/dpkg/status",
    content:
      stanza("python3-pip", { Recommends: "gcc-12, g++-12, python3-dev" }) + stanza("gcc-12") + stanza("g++-12", { Depends: "gcc-12" }) + stanza("python3-dev"),
  },
  list("python3-pip", "/usr/bin/pip"),
  list("gcc-12", "/usr/lib/gcc/x86_64-linux-gnu/12/cc1"),
  list("g++-12", "/usr/bin/g++-12"),
  list("python3-dev", "/usr/include/python3.11/Python.h"),
  {
    path: "var/lib/apt/extended_states",
    content: ["gcc-12", "g++-12", "python3-dev"].map((n) => `Package: ${n}\nArchitecture: amd64\nAuto-Installed: 1\n`).join("\n"),
  },
];

async function pipImage() {
  return analyzeBuiltLayers([
    { entries: [{ path: "etc/os-release", content: "ID=test\n" }], createdBy: "ADD rootfs.tar /" },
    { entries: PIP_WITH_RECOMMENDS, createdBy: "/bin/sh -c apt-get update && apt-get install -y python3-pip" },
  ]);
}

describe("bytes several hints claim", () => {
  it("count once in the total: recommended-only build tools are in apt-recommends and build-tools, the total never exceeds the image", async () => {
    const analysis = await pipImage();
    const hints = computeHints(analysis);
    const byId = new Map(hints.map((hint) => [hint.id, hint]));
    const recommends = byId.get("apt-recommends")!;
    const tools = byId.get("build-tools")!;
    expect(recommends.bytes).toBe(15_500_000);
    expect(tools.bytes).toBe(15_510_000);
    const total = analysis.summary.image.totalBytes;
    const sum = hints.reduce((s, hint) => s + hint.bytes, 0);
    expect(sum).toBeGreaterThan(total);
    const removable = removableBytes(analysis, hints);
    // build tools ⊇ recommended-only packages, plus the apt list and the /tmp file
    expect(removable).toBe(15_510_000 + 2_000 + 20_000);
    expect(removable).toBeLessThanOrEqual(total);
    // each hint alone is its own figure; leaving one out drops only what no other hint names
    for (const hint of hints) expect(removableBytes(analysis, [hint])).toBe(hint.bytes);
    expect(
      removableBytes(
        analysis,
        hints.filter((hint) => hint !== recommends),
      ),
    ).toBe(removable);
    expect(
      removableBytes(
        analysis,
        hints.filter((hint) => hint !== tools),
      ),
    ).toBe(15_500_000 + 2_000 + 20_000);
    expect(removableBytes(analysis, [])).toBe(0);
  });

  it("a hint made by hand (no claims recorded) counts its own bytes", async () => {
    const analysis = await pipImage();
    expect(removableBytes(analysis, [{ id: "x", severity: "info", layer: 0, bytes: 1234, message: "m", fix: "f" }])).toBe(1234);
  });
});

describe("severity and order of hints", () => {
  it("15.5 MB of recommended-only packages is a warning, listed before a 2 kB warning; largest first within a severity", async () => {
    const hints = computeHints(await pipImage());
    expect(hints.map((hint) => [hint.severity, hint.id])).toEqual([
      ["warning", "build-tools"],
      ["warning", "apt-recommends"],
      ["warning", "apt-lists"],
      ["info", "tmp-files"],
    ]);
  });

  it("an info hint is raised to a warning from max(10 MB, 5% of the image); others keep their kind's severity", () => {
    expect(severityWithBytes({ severity: "info", bytes: 9_999_999 }, 100_000_000)).toBe("info");
    expect(severityWithBytes({ severity: "info", bytes: 10_000_000 }, 100_000_000)).toBe("warning");
    expect(severityWithBytes({ severity: "info", bytes: 49_999_999 }, 1_000_000_000)).toBe("info");
    expect(severityWithBytes({ severity: "info", bytes: 50_000_000 }, 1_000_000_000)).toBe("warning");
    expect(severityWithBytes({ severity: "warning", bytes: 0 }, 1_000_000_000)).toBe("warning");
    expect(severityWithBytes({ severity: "error", bytes: 2_000_000_000 }, 1_000_000_000)).toBe("error");
  });
});
