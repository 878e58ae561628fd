/**
 * rpm's sqlite database, made for real: packages built with Debian's rpmbuild and installed with `rpm --root` (no
 * rpm distribution is reachable here), checked against what `rpm -qa` says of the same database.
 */
import { execFileSync, spawnSync } from "node:child_process";
import { lstatSync, mkdirSync, readdirSync, readFileSync, readlinkSync, writeFileSync } from "node:fs";
import { join, relative } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { analyzeImage } from "../../src/analysis/analyze.js";
import type { PackageReport } from "../../src/packages/types.js";
import { openImage } from "../../src/sources/open.js";
import { buildImage, type EntrySpec } from "../helpers/build-image.js";
import { tempDirs } from "../helpers/temp-dirs.js";
import { runCli } from "../helpers/cli-figures.js";

const hasRpm = spawnSync("rpmbuild", ["--version"], { stdio: "ignore" }).status === 0;
if (!hasRpm) console.warn("test/packages/rpm.e2e.test.ts skipped: rpmbuild is not installed (apt-get install rpm)");
const temp = tempDirs();

const SPECS: Record<string, string> = {
  lsbase: "Version: 1.0\nRelease: 1\nProvides: lsbase-capability\n%s\nmkdir -p %{buildroot}/usr/lib/lsbase\nhead -c 2000 /dev/zero | tr '\\0' b > %{buildroot}/usr/lib/lsbase/data\n%files\n/usr/lib/lsbase\n",
  lsapp: "Version: 2.1\nRelease: 3\nEpoch: 1\nRequires: lsbase-capability\nRecommends: lsextra\n%s\nmkdir -p %{buildroot}/usr/bin\nprintf 'app\\n' > %{buildroot}/usr/bin/lsapp\n%files\n/usr/bin/lsapp\n",
  lsextra: "Version: 0.5\nRelease: 1\n%s\nmkdir -p %{buildroot}/usr/share/lsextra\nhead -c 300 /dev/zero | tr '\\0' e > %{buildroot}/usr/share/lsextra/doc\n%files\n/usr/share/lsextra/doc\n",
  lstool: "Version: 3\nRelease: 1\nRequires: /usr/lib/lsbase/data\n%s\nmkdir -p %{buildroot}/usr/bin\nprintf 'tool\\n' > %{buildroot}/usr/bin/lstool\n%files\n/usr/bin/lstool\n",
};

/** Builds the four packages; returns their .rpm files by name. */
function buildRpms(dir: string): Record<string, string> {
  mkdirSync(join(dir, "SPECS"), { recursive: true });
  const out: Record<string, string> = {};
  for (const [name, body] of Object.entries(SPECS)) {
    const spec = join(dir, "SPECS", `${name}.spec`);
    const header = `Name: ${name}\nSummary: ${name}\nLicense: MIT\nBuildArch: noarch\n`;
    writeFileSync(spec, header + body.replace("%s", `%description\n${name}\n%install`));
    execFileSync("rpmbuild", ["--quiet", "--define", `_topdir ${dir}`, "-bb", spec], { stdio: "ignore" });
    const rpms = join(dir, "RPMS/noarch");
    out[name] = join(rpms, readdirSync(rpms).find((file) => file.startsWith(`${name}-`))!);
  }
  return out;
}

function rpm(root: string, ...args: string[]): string {
  return execFileSync("rpm", ["--root", root, "--dbpath", "/var/lib/rpm", ...args], { encoding: "utf8", stdio: ["ignore", "pipe", "ignore"] });
}

/** Every file, directory and symlink under `root`, as layer entries (rpm's lock and shm files left out). */
function entriesOf(root: string): EntrySpec[] {
  const entries: EntrySpec[] = [];
  const walk = (dir: string): void => {
    for (const name of readdirSync(dir).sort()) {
      const full = join(dir, name);
      const path = relative(root, full);
      if (/rpmdb\.sqlite-shm$|\.rpm\.lock$/.test(path)) continue;
      const stats = lstatSync(full);
      if (stats.isDirectory()) {
        entries.push({ path, type: "dir" });
        walk(full);
      } else if (stats.isSymbolicLink()) entries.push({ path, type: "symlink", linkname: readlinkSync(full) });
      else entries.push({ path, content: readFileSync(full), mode: stats.mode & 0o7777 });
    }
  };
  walk(root);
  return entries;
}

async function packagesOf(layers: EntrySpec[][], cli?: (path: string) => void): Promise<PackageReport | undefined> {
  const built = await buildImage({ layers }, { format: "docker-archive", dir: temp("layerscope-rpm-image-") });
  cli?.(built.path);
  const source = await openImage(built.path);
  try {
    return (await analyzeImage(source)).summary.packages;
  } finally {
    await source.close();
  }
}

describe.skipIf(!hasRpm)("rpm packages (sqlite rpmdb)", () => {
  let rpms: Record<string, string> = {};
  let root = "";
  let layers: EntrySpec[][] = [];

  beforeAll(() => {
    const dir = temp("layerscope-rpm-");
    rpms = buildRpms(join(dir, "build"));
    root = join(dir, "root");
    mkdirSync(root);
    rpm(root, "--initdb");
    const install = (...names: string[]) => rpm(root, "-i", "--nodeps", "--noscripts", "--nosignature", ...names.map((name) => rpms[name]));
    install("lsbase");
    const first = entriesOf(root);
    install("lsapp", "lsextra", "lstool");
    layers = [first, entriesOf(root)];
  });

  it("lists what rpm -qa lists, with versions, layers, files, bytes and why each is there", async () => {
    let shipped = "";
    const report = (await packagesOf(layers, (path) => { const run = runCli(["packages", path, "--no-cache"]); shipped = run.stdout + run.stderr; }))!;
    // the bundled CLI loads sql.js (a runtime dependency) from node_modules
    expect(shipped).toMatch(/rpm:lsbase\s+1\.0-1\s+dependency/);
    expect(report.warnings).toEqual([]);
    expect(report.ecosystems).toEqual(["rpm"]);
    const qa = rpm(root, "-qa", "--queryformat", "%{NAME} %|EPOCH?{%{EPOCH}:}:{}|%{VERSION}-%{RELEASE} %{ARCH}\\n").trim().split("\n").sort();
    expect(report.packages.map((p) => `${p.name} ${p.version} ${p.arch}`).sort()).toEqual(qa);
    const row = (name: string) => {
      const p = report.packages.find((pkg) => pkg.name === name)!;
      return [p.layer, p.files, p.bytes, p.reason, p.pulledBy ?? []];
    };
    expect(row("lsbase")).toEqual([0, 1, 2000, "dependency", ["lsapp", "lstool"]]);
    expect(row("lsapp")).toEqual([1, 1, 4, "requested", []]);
    expect(row("lsextra")).toEqual([1, 1, 300, "recommended", ["lsapp"]]);
    // a requirement on a file goes to the package that owns it
    expect(row("lstool")).toEqual([1, 1, 5, "requested", []]);
  });

  it("warns, and reads no rpm packages, for a database it cannot read", async () => {
    const garbage = await packagesOf([[{ path: "var/lib/rpm/rpmdb.sqlite", content: "not a database" }, { path: "usr/bin/x", content: "x" }]]);
    expect(garbage?.warnings).toEqual([expect.stringMatching(/^rpm packages not read: \/var\/lib\/rpm\/rpmdb\.sqlite: /)]);
    expect(garbage?.packages).toEqual([]);
    const berkeley = await packagesOf([[{ path: "var/lib/rpm/Packages", content: Buffer.alloc(4096) }]]);
    expect(berkeley?.warnings).toEqual(["rpm packages not read: /var/lib/rpm/Packages: a Berkeley DB or ndb rpm database, which layerscope does not read (rpm ≥ 4.16's sqlite one only)"]);
  });
});
