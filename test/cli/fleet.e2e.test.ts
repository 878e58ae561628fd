import { readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { runCli } from "../helpers/cli-figures.js";
import { realImage } from "../helpers/realimages.js";
import { runCliAsync } from "../helpers/run-async.js";
import { tempDirs } from "../helpers/temp-dirs.js";

const SLOW = 600_000;
const temp = tempDirs();

interface Row {
  reference: string;
  status: string;
  error?: string;
  sameAs?: string;
  verdict?: string;
  base?: { evidence: string; fleetImage?: string; inheritedLayers: number };
}
interface FleetJson {
  images: Row[];
  summary: { references: number; images: number; failed: number; failedRules: number; pull: { distinctLayers: number; layers: number } };
  baseline?: { regressions: number; verdict: string; changed: { reference: string; change: string }[] };
}

describe("layerscope fleet on the real images", () => {
  const images = () => [
    realImage("base", "oci"),
    realImage("apt-cleanup", "oci"),
    realImage("multistage", "oci"),
    realImage("tiny", "oci"),
    `oci:${realImage("apt-cleanup", "oci-zstd")}`,
  ];

  it(
    "reports every image once, finds the base within the fleet, and skips an image that cannot be read (which fails --ci)",
    () => {
      const cache = temp("layerscope-fleet-cache-");
      const dir = temp("layerscope-fleet-");
      const list = join(dir, "images.txt");
      writeFileSync(list, ["# the fleet", ...images().slice(2), join(dir, "missing.tar"), ""].join("\n"));
      const result = runCli(["fleet", ...images().slice(0, 2), "--list", list, "--jobs", "2", "--json", "-"], { XDG_CACHE_HOME: cache });
      expect(result.status).toBe(0);
      expect(result.stderr).toMatch(/^layerscope fleet: .*missing\.tar: no such file/m);
      const json = JSON.parse(result.stdout) as FleetJson;
      expect(json.summary).toMatchObject({ references: 6, images: 4, failed: 1 });
      const byName = (part: string) => json.images.find((row) => row.reference.endsWith(part))!;
      expect(byName("apt-cleanup/oci-zstd").sameAs).toBe(byName("apt-cleanup/oci").reference);
      expect(byName("multistage/oci").base).toMatchObject({ evidence: "base-image", fleetImage: byName("base/oci").reference, inheritedLayers: 1 });
      expect(byName("tiny/oci").base).toMatchObject({ evidence: "annotation", inheritedLayers: 0 });
      // the base's one layer is shared by three images and pulled once
      expect(json.summary.pull.layers - json.summary.pull.distinctLayers).toBe(2);
      // with --ci, an image whose rules were never checked fails the run
      const gated = runCli(["fleet", images()[0], join(dir, "missing.tar"), "--ci"], { XDG_CACHE_HOME: cache });
      expect(gated.status).toBe(1);
      expect(gated.stdout).toMatch(/\nResult: FAIL\n$/);
    },
    SLOW,
  );

  it(
    "splits the work over N processes by --shard; fleet merge gives the one-machine report, byte for byte",
    async () => {
      const dir = temp("layerscope-fleet-shards-");
      const env = { XDG_CACHE_HOME: temp("layerscope-fleet-cache-") };
      const single = join(dir, "single.json");
      expect(runCli(["fleet", ...images(), "--json", single], env).status).toBe(0);
      const shards = [1, 2, 3].map((i) => join(dir, `shard-${i}.json`));
      // N processes at once, each with its own cache, sharing nothing but the inputs
      const runs = await Promise.all(
        shards.map((file, i) =>
          runCliAsync(["fleet", ...images(), "--shard", `${i + 1}/3`, "--json", file], { XDG_CACHE_HOME: temp("layerscope-fleet-cache-") }),
        ),
      );
      expect(runs.map((run) => run.status)).toEqual([0, 0, 0]);
      const counts = shards.map((file) => (JSON.parse(readFileSync(file, "utf8")) as FleetJson).images.length);
      expect(counts.reduce((a, b) => a + b, 0)).toBe(5);
      const merged = join(dir, "merged.json");
      const merge = runCli(["fleet", "merge", ...shards, "--json", merged]);
      expect(merge.stderr).toBe("");
      expect(readFileSync(merged, "utf8")).toBe(readFileSync(single, "utf8"));
      const partial = runCli(["fleet", "merge", shards[0], shards[2], "--json", join(dir, "partial.json")]);
      expect(partial.stderr).toMatch(/shards missing: 2\/3/);
      const twice = runCli(["fleet", "merge", shards[0], shards[0]]);
      expect(twice.status).toBe(2);
      expect(twice.stderr).toMatch(/same shard/);
    },
    SLOW,
  );

  it(
    "shows the trend against a previous report and fails a CI run on a regression",
    () => {
      const dir = temp("layerscope-fleet-trend-");
      const app = join(dir, "app");
      symlinkSync(realImage("apt-cleanup", "oci"), app);
      const previous = join(dir, "previous.json");
      expect(runCli(["fleet", app, realImage("base", "oci"), "--json", previous, "--highestUserWastedPercent", "off"]).status).toBe(0);
      rmSync(app);
      symlinkSync(realImage("apt-nocleanup", "oci"), app); // the same reference, a worse image
      const result = runCli(["fleet", app, realImage("base", "oci"), "--baseline", previous, "--ci", "--no-color", "--highestUserWastedPercent", "off"]);
      expect(result.status).toBe(1);
      expect(result.stdout).toMatch(/^Since .*previous\.json: 1 regression, 1 changed$/m);
      expect(result.stdout).toMatch(/^ {2}worse {3}.*\/app efficiency -\d+\.\d\d points, wasted \+\d/m);
      const markdown = runCli(["fleet", app, "--baseline", previous, "--markdown", "-", "--highestUserWastedPercent", "off"]);
      expect(markdown.stdout).toMatch(/#### Since .*: 1 regression\n/);
    },
    SLOW,
  );

  it(
    "writes Markdown and a static HTML page, and refuses bad arguments in one line",
    () => {
      const dir = temp("layerscope-fleet-out-");
      const result = runCli([
        "fleet",
        realImage("apt-cleanup", "oci"),
        realImage("tiny", "oci"),
        "--markdown",
        join(dir, "f.md"),
        "--html",
        join(dir, "f.html"),
        "--ignore-base",
      ]);
      expect(result.status).toBe(0);
      expect(result.stdout).toMatch(/^Rules: 2 pass, 0 fail \(on the images' own layers\)$/m);
      const markdown = readFileSync(join(dir, "f.md"), "utf8");
      expect(markdown).toMatch(/^### layerscope fleet ✅: 2 images/m);
      expect(markdown).toMatch(/^\| Inherited: bytes, wasted \| \d/m);
      const html = readFileSync(join(dir, "f.html"), "utf8");
      expect(html).toMatch(/Content-Security-Policy" content="default-src 'none'; style-src 'sha256-/);
      expect(html).not.toMatch(/<script>/);
      expect(html).toContain("<h2>Bases</h2>");
      for (const [args, message] of [
        [["fleet"], /no images given/],
        [["fleet", "x", "--shard", "0/2"], /--shard 0\/2: give I\/N/],
        [["fleet", "x", "--jobs", "none"], /--jobs none: give a whole number/],
        [["fleet", "merge", join(dir, "f.md")], /f\.md: invalid JSON/],
        [["fleet", join(dir, "nothing.tar")], /none of the 1 images could be analysed/],
      ] as const) {
        const bad = runCli([...args]);
        expect(bad.status).toBe(2);
        expect(bad.stderr.trim().split("\n").at(-1)).toMatch(message);
      }
    },
    SLOW,
  );

  it(
    "lists the named images of a buildah store",
    () => {
      realImage("multistage", "oci"); // built into the lab's store when missing
      const store = "/tmp/realimages/storage/overlay";
      const result = runCli(["fleet", "--store", `overlay@${store}/root+${store}/run`, "--match", "lab/tiny", "--match", "lab/multistage", "--json", "-"]);
      expect(result.status).toBe(0);
      const json = JSON.parse(result.stdout) as FleetJson;
      expect(json.images.map((row) => row.reference.replace(/^containers-storage:\[[^\]]*\]/, ""))).toEqual([
        "localhost/lab/multistage:latest",
        "localhost/lab/tiny:latest",
      ]);
      expect(json.images.every((row) => row.status === "ok")).toBe(true);
    },
    SLOW,
  );
});
