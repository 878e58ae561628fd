import { describe, expect, it } from "vitest";
import { computeHints } from "../../src/analysis/hints/compute-hints.js";
import type { EntrySpec } from "../helpers/build-image.js";
import { analyzeBuiltLayers as analyze } from "../helpers/analyze-built.js";

function stanza(name: string, fields: Record<string, string> = {}): string {
  const extra = Object.entries(fields)
    .map(([key, value]) => `${key}: ${value}\n`)
    .join("");
  return `Package: ${name}\nStatus: install ok installed\nArchitecture: amd64\nVersion: 1.0-1\n${extra}\n`;
}

const bin = (name: string, size: number): EntrySpec => ({ path: `usr/bin/${name}`, size });

describe("dpkg databases written by the fixture builder", () => {
  const good: EntrySpec[] = [
    { path: "usr/bin", type: "dir" },
    bin("app", 1000),
    bin("helper", 300),
    bin("suggested", 50),
    { path: "bin", type: "symlink", linkname: "usr/bin" },
    { path: "usr/share/doc/app/examples/server_key.pem", content: "-----BEGIN PRIVATE KEY-----\n" },
    {
      path: "var/lib/dpkg/status",
      content: stanza("app", { Depends: "libhelper | libother (>= 2)", Recommends: "extra" }) + stanza("libhelper", { Provides: "libother" }) + stanza("extra"),
    },
    // usrmerge: the list says /bin/app, the file lies at /usr/bin/app behind the /bin symlink
    { path: "var/lib/dpkg/info/app.list", content: "/.\n/bin\n/bin/app\n/usr/share/doc/app/examples/server_key.pem\n" },
    { path: "var/lib/dpkg/info/libhelper.list", content: "/.\n/usr/bin/helper\n/usr/bin/app\n" },
    { path: "var/lib/dpkg/info/extra.list", content: "/.\n/usr/bin/suggested\n" },
    {
      path: "var/lib/apt/extended_states",
      content: "Package: libhelper\nArchitecture: amd64\nAuto-Installed: 1\n\nPackage: extra\nArchitecture: amd64\nAuto-Installed: 1\n",
    },
    { path: "app/data.bin", size: 5000 },
  ];

  it("attributes each file once (symlinked parents followed), resolves alternatives and finds recommended-only packages", async () => {
    const analysis = await analyze([good]);
    const report = analysis.summary.packages!;
    expect(report.warnings).toEqual([]);
    const byName = new Map(report.packages.map((p) => [p.name, p]));
    // app claims /usr/bin/app first (same layer, name order), libhelper keeps only its own file
    expect(byName.get("app")).toMatchObject({ bytes: 1028, files: 2, reason: "requested", layer: 0 });
    expect(byName.get("libhelper")).toMatchObject({ bytes: 300, files: 1, reason: "dependency", pulledBy: ["app"] });
    expect(byName.get("extra")).toMatchObject({ bytes: 50, reason: "recommended" });
    expect(report.unownedBytes).toBe(analysis.summary.image.finalBytes - 1378);
    expect(analysis.packageFiles?.get("/usr/bin/app")).toBe(report.packages.indexOf(byName.get("app")!));
  });

  it("hints: a package's own example key is no leak, the same key copied in is; recommended-only packages are named", async () => {
    const analysis = await analyze([good, [{ path: "app/server_key.pem", content: "-----BEGIN PRIVATE KEY-----\n" }]]);
    const secrets = computeHints(analysis)
      .filter((hint) => hint.id === "secret-file")
      .map((hint) => hint.path);
    expect(secrets).toEqual(["/app/server_key.pem"]);
  });

  it("handles Depends cycles", async () => {
    const status = stanza("a", { Depends: "b" }) + stanza("b", { "Pre-Depends": "a" }) + stanza("c", { Depends: "d" }) + stanza("d", { Depends: "c" });
    const analysis = await analyze([
      [
        { path: "var/lib/dpkg/status", content: status },
        { path: "var/lib/apt/extended_states", content: ["b", "c", "d"].map((n) => `Package: ${n}\nArchitecture: amd64\nAuto-Installed: 1\n`).join("\n") },
      ],
    ]);
    const reasons = Object.fromEntries(analysis.summary.packages!.packages.map((p) => [p.name, p.reason]));
    expect(reasons).toEqual({ a: "requested", b: "dependency", c: "unneeded", d: "unneeded" });
  });

  const hostile: Array<[string, EntrySpec[], RegExp]> = [
    ["a truncated status", [{ path: "var/lib/dpkg/status", content: stanza("app") + "Package: libhelper\nStatus: install ok inst" }], /truncated/],
    [
      "a status cut between fields",
      [{ path: "var/lib/dpkg/status", content: stanza("app") + "Package: libhelper\nStatus: install ok installed\n" }],
      /no Version/,
    ],
    [
      "a .list naming ../ paths",
      [
        { path: "var/lib/dpkg/status", content: stanza("app") },
        { path: "var/lib/dpkg/info/app.list", content: "/.\n/usr/bin/app\n/usr/../../etc/shadow\n" },
      ],
      /outside/,
    ],
    ["a 100 MB status", [{ path: "var/lib/dpkg/status", size: 100_000_000 }], /over the size cap/],
    ["a status that is not deb822", [{ path: "var/lib/dpkg/status", content: "\u0000\u0001binary\n" }], /not a field/],
  ];
  it.each(hostile)("%s gives a warning line and no package figures, and the totals stay right", async (_what, db, message) => {
    const analysis = await analyze([[...good.filter((e) => !e.path.startsWith("var/lib/dpkg")), ...db]]);
    const report = analysis.summary.packages!;
    expect(report.warnings).toEqual([expect.stringMatching(message)]);
    expect(report.warnings[0]).toMatch(/^deb packages not read: /);
    expect(report.packages).toEqual([]);
    expect(report.ownedBytes).toBe(0);
    expect(report.unownedBytes).toBe(analysis.summary.image.finalBytes);
  });

  it("follows packages across layers: installed, upgraded, removed", async () => {
    const v = (version: string): string => `Package: tool\nStatus: install ok installed\nArchitecture: amd64\nVersion: ${version}\n\n`;
    const analysis = await analyze([
      [{ path: "var/lib/dpkg/status", content: v("1.0") + stanza("gone") }, bin("tool", 10)],
      [
        { path: "var/lib/dpkg/status", content: v("2.0") },
        { path: "var/lib/dpkg/info/tool.list", content: "/usr/bin/tool\n" },
      ],
    ]);
    const report = analysis.summary.packages!;
    expect(report.packages).toEqual([expect.objectContaining({ name: "tool", version: "2.0", layer: 0, upgradedLayer: 1, bytes: 10 })]);
    expect(report.removed).toEqual([expect.objectContaining({ name: "gone", layer: 0, removedLayer: 1 })]);
  });

  it("computes nothing for an image without a package database", async () => {
    const analysis = await analyze([[bin("app", 10)]]);
    expect(analysis.summary.packages).toBeUndefined();
  });
});

describe("apk database written by the fixture builder", () => {
  const installed = [
    "C:Q1abc=\nP:musl\nV:1.2.4-r2\nA:x86_64\np:so:libc.musl-x86_64.so.1=1\nF:lib\nR:ld-musl-x86_64.so.1\nR:libc.musl-x86_64.so.1\n",
    "P:busybox\nV:1.36.1-r5\nA:x86_64\nD:so:libc.musl-x86_64.so.1\nF:bin\nR:busybox\n",
    "P:gcc\nV:13.2.1-r0\nA:x86_64\nD:so:libc.musl-x86_64.so.1 libgmp\nF:usr/bin\nR:gcc\n",
    "P:libgmp\nV:6.3.0-r0\nA:x86_64\nF:usr/lib\nR:libgmp.so.10\n",
  ].join("\n");
  const files: EntrySpec[] = [
    { path: "lib/ld-musl-x86_64.so.1", size: 600 },
    { path: "lib/libc.musl-x86_64.so.1", type: "symlink", linkname: "ld-musl-x86_64.so.1" },
    { path: "bin/busybox", size: 800 },
    { path: "usr/bin/gcc", size: 5000 },
    { path: "usr/lib/libgmp.so.10", size: 400 },
    { path: "etc/apk/world", content: "busybox\ngcc\n" },
  ];

  it("reads packages, dependencies through provides, build tools and what pulled them in", async () => {
    const analysis = await analyze([[...files, { path: "lib/apk/db/installed", content: installed + "\n" }]]);
    const report = analysis.summary.packages!;
    expect(report.ecosystems).toEqual(["apk"]);
    const byName = new Map(report.packages.map((p) => [p.name, p]));
    expect(byName.get("musl")).toMatchObject({ bytes: 600, files: 1, reason: "dependency", arch: "x86_64" });
    expect(byName.get("busybox")).toMatchObject({ bytes: 800, reason: "requested", buildTool: false });
    expect(byName.get("gcc")).toMatchObject({ bytes: 5000, reason: "requested", buildTool: true });
    expect(byName.get("libgmp")).toMatchObject({ bytes: 400, reason: "dependency", buildTool: true, pulledBy: ["gcc"] });
  });

  it("refuses a truncated database and a path that leaves the tree", async () => {
    const cut = await analyze([[...files, { path: "lib/apk/db/installed", content: installed.slice(0, -20) }]]);
    expect(cut.summary.packages!.warnings).toEqual([expect.stringMatching(/^apk packages not read: .*truncated/)]);
    const escape = await analyze([[...files, { path: "lib/apk/db/installed", content: "P:x\nV:1\nF:../../etc\nR:shadow\n\n" }]]);
    expect(escape.summary.packages!.warnings).toEqual([expect.stringMatching(/outside the tree/)]);
    expect(escape.summary.packages!.packages).toEqual([]);
  });
});
