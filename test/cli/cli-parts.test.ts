import { mkdir, mkdtemp, readFile, symlink, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it, vi } from "vitest";
import { errorLine, UsageError } from "../../src/cli/errors.js";
import { ciFromEnv, useColor, type CliIo } from "../../src/cli/io.js";
import { chooseLayer } from "../../src/cli/layer-arg.js";
import { loadAnalysis } from "../../src/cli/load-analysis.js";
import { checkReportsSpareInputs, stdoutReport } from "../../src/cli/outputs.js";
import { formatProgress, progressLine } from "../../src/cli/progress.js";
import { resolveSettings } from "../../src/cli/settings.js";
import { buildImage } from "../helpers/build-image.js";
import { ConfigError, ImageError } from "../../src/errors.js";

function io(overrides: Partial<CliIo> = {}): CliIo {
  return { stdout: () => {}, stderr: () => {}, stdoutIsTTY: true, stderrIsTTY: true, env: {}, cwd: "/", ...overrides };
}

describe("environment", () => {
  it("reads CI=true, CI=1 and Go's other true words (as Dive does) as CI mode, nothing else", () => {
    expect(ciFromEnv({ CI: "true" })).toBe(true);
    expect(ciFromEnv({ CI: "t" })).toBe(true);
    expect(ciFromEnv({ CI: "yes" })).toBe(false);
    expect(ciFromEnv({ CI: "TRUE" })).toBe(true);
    expect(ciFromEnv({ CI: "1" })).toBe(true);
    expect(ciFromEnv({ CI: "false" })).toBe(false);
    expect(ciFromEnv({ CI: "0" })).toBe(false);
    expect(ciFromEnv({})).toBe(false);
  });

  it("colours only a terminal, without NO_COLOR and --no-color", () => {
    expect(useColor(io(), true)).toBe(true);
    expect(useColor(io(), false)).toBe(false);
    expect(useColor(io({ stdoutIsTTY: false }), true)).toBe(false);
    expect(useColor(io({ env: { NO_COLOR: "1" } }), true)).toBe(false);
    expect(useColor(io({ env: { NO_COLOR: "" } }), true)).toBe(true);
  });
});

describe("errors", () => {
  it("are one line, internal ones marked", () => {
    expect(errorLine(new ImageError("no such file: x.tar"))).toBe("layerscope: no such file: x.tar");
    expect(errorLine(new ConfigError('bad config key "x" in f'))).toBe('layerscope: bad config key "x" in f');
    expect(errorLine(new UsageError("a\n  b"))).toBe("layerscope: a b");
    expect(errorLine(new TypeError("boom"))).toBe("layerscope: internal error: boom");
    expect(errorLine("weird")).toBe("layerscope: internal error: weird");
  });
});

describe("--layer", () => {
  it("defaults to the last layer and names the valid range when out of it", () => {
    expect(chooseLayer(undefined, 14, "img")).toBe(13);
    expect(chooseLayer("0", 14, "img")).toBe(0);
    expect(chooseLayer(" 13 ", 14, "img")).toBe(13);
    expect(() => chooseLayer("14", 14, "img")).toThrow("--layer 14: img has layers 0 to 13");
    expect(() => chooseLayer("-1", 14, "img")).toThrow("layers 0 to 13");
    expect(() => chooseLayer("abc", 14, "img")).toThrow('--layer "abc": not a layer number (img has layers 0 to 13)');
    expect(() => chooseLayer("", 14, "img")).toThrow("not a layer number");
    expect(() => chooseLayer("two", 14, "img")).toThrow(UsageError);
    expect(() => chooseLayer(undefined, 0, "img")).toThrow("img has no layers");
  });
});

describe("report targets", () => {
  it("allow one report on stdout", () => {
    expect(stdoutReport({ json: "-", junit: "r.xml" })).toBe("json");
    expect(stdoutReport({ markdown: "-" })).toBe("markdown");
    expect(stdoutReport({ json: "a.json" })).toBeUndefined();
    expect(() => stdoutReport({ json: "-", markdown: "-" })).toThrow("--json and --markdown");
  });

  it("refuse two reports written to one file, which would keep only the last", () => {
    expect(() => stdoutReport({ json: "report", junit: "./report" })).toThrow("--json and --junit both write report: give each report a file of its own");
    expect(stdoutReport({ json: "/dev/null", sarif: "/dev/null", markdown: "-" })).toBe("markdown");
    expect(stdoutReport({ json: "a/r.json", html: "b/r.json" })).toBeUndefined();
    expect(() => stdoutReport({ json: "r.json", markdown: "" })).toThrow("--markdown needs a file name, or - for stdout");
  });
});

describe("reports and inputs", () => {
  it("refuse a report file that is an input, under any name, or a file inside an input directory", async () => {
    const dir = await mkdtemp(join(tmpdir(), "ls-spare-"));
    await writeFile(join(dir, "app.tar"), "image");
    await symlink("app.tar", join(dir, "link.tar"));
    await mkdir(join(dir, "layout"));
    await writeFile(join(dir, "layout", "index.json"), "{}");
    const here = io({ cwd: dir });
    await expect(checkReportsSpareInputs({ html: "app.tar" }, ["app.tar"], here)).rejects.toThrow(
      "--html app.tar would overwrite the input app.tar: write the report to another file",
    );
    await expect(checkReportsSpareInputs({ json: "./link.tar" }, ["docker-archive:app.tar:app:1.0"], here)).rejects.toBeInstanceOf(UsageError);
    await expect(checkReportsSpareInputs({ sarif: "layout/index.json" }, ["oci:layout"], here)).rejects.toThrow(
      "would overwrite a file of the input oci:layout",
    );
    // a new file, stdout, another file, a registry reference: written as asked
    await checkReportsSpareInputs({ json: "-", html: "report.html", sarif: "layout/new.json" }, ["app.tar", "oci:layout", "registry.example/app:1"], here);
    await checkReportsSpareInputs({ markdown: "link.tar" }, ["registry.example/app:1"], here);
    expect(await readFile(join(dir, "app.tar"), "utf8")).toBe("image");
  });
});

describe("progress", () => {
  it("formats layers read and bytes, overwrites in place and clears at the end", () => {
    expect(formatProgress({ phase: "scan", layer: 3, layerCount: 14, bytes: 1_500_000, entries: 9 })).toBe("layer 3/14, 1.5 MB");
    const written: string[] = [];
    const line = progressLine((text) => written.push(text));
    line.update({ phase: "scan", layer: 1, layerCount: 2, bytes: 10, entries: 1 });
    line.update({ phase: "scan", layer: 2, layerCount: 2, bytes: 20, entries: 2 });
    line.clear();
    expect(written).toEqual(["\r\u001b[Klayer 1/2, 10 B", "\r\u001b[Klayer 2/2, 20 B", "\r\u001b[K"]);
  });

  it("writes nothing when off: stderr not a terminal, or JSON on stdout", async () => {
    const image = await buildImage({ layers: [[{ path: "a.txt", content: "x" }], [{ path: "b.txt", size: 2048 }]] }, { format: "docker-archive" });
    const stderrOf = async (stderrIsTTY: boolean, showProgress: boolean): Promise<string[]> => {
      const written: string[] = [];
      await loadAnalysis(image.path, { cache: false }, io({ stderr: (text) => written.push(text), stderrIsTTY }), { showProgress });
      return written;
    };
    // on: drawn, then cleared; the same image with either condition off writes nothing
    const on = await stderrOf(true, true);
    expect(on[0]).toMatch(/^\r\u001b\[Klayer \d\/2, /);
    expect(on.at(-1)).toBe("\r\u001b[K");
    expect(await stderrOf(false, true)).toEqual([]);
    expect(await stderrOf(true, false)).toEqual([]);
    // and a line without a writer does not fall back on the process's own stderr
    const stderr = vi.spyOn(process.stderr, "write");
    try {
      const line = progressLine(undefined);
      line.update({ phase: "scan", layer: 1, layerCount: 1, bytes: 1, entries: 1 });
      line.clear();
      expect(stderr).not.toHaveBeenCalled();
    } finally {
      stderr.mockRestore();
    }
  });
});

describe("settings", () => {
  it("layer Dive rules: defaults < .dive-ci < flags, and read .layerscope.yaml", async () => {
    const dir = await mkdtemp(join(tmpdir(), "layerscope-settings-"));
    await writeFile(join(dir, ".dive-ci"), "rules:\n  lowestEfficiency: 0.95\n  highestWastedBytes: 20MB\n");
    await writeFile(join(dir, ".layerscope.yaml"), "rules:\n  max-layers: 10\n");
    const settings = await resolveSettings({ highestWastedBytes: "off", highestUserWastedPercent: "25%" }, dir);
    // the .dive-ci still gives lowestEfficiency: the note names it too
    expect(settings.ruleSet).toEqual({ name: "dive", chosenBy: "--highestWastedBytes --highestUserWastedPercent and .dive-ci" });
    expect(settings.rules.dive).toEqual({ lowestEfficiency: 0.95, highestWastedBytes: null, highestUserWastedPercent: 0.25 });
    // only the rules the config sets join Dive's: not layerscope's defaults
    expect(settings.rules.layerscope).toEqual({ maxLayers: 10 });
    expect(settings.rules.hints).toEqual({ failOn: "error", fail: [], allow: [] });
    expect(settings.diveCiFile).toBe(join(dir, ".dive-ci"));
  });

  it("refuse an empty --config or --ci-config rather than read the working directory", async () => {
    const dir = await mkdtemp(join(tmpdir(), "layerscope-settings-"));
    await expect(resolveSettings({ ciConfig: "" }, dir)).rejects.toThrow("--ci-config: an empty path names no file");
    await expect(resolveSettings({ config: " " }, dir)).rejects.toThrow("--config: an empty path names no file");
  });

  it("use layerscope's defaults without files, with the config's rules over them", async () => {
    const dir = await mkdtemp(join(tmpdir(), "layerscope-settings-"));
    const settings = await resolveSettings({}, dir);
    expect(settings.ruleSet).toEqual({ name: "layerscope", chosenBy: "default" });
    expect(settings.rules.dive).toBeUndefined();
    expect(settings.rules.layerscope).toEqual({ minEfficiency: 0.9, maxWastedBytes: 20_000_000, maxJunkBytes: 5_000_000 });
    await writeFile(join(dir, ".layerscope.yaml"), "rules:\n  max-junk-bytes: off\n  max-layers: 12\nhints:\n  fail-on: warning\n  allow: [secret-label]\n");
    const configured = await resolveSettings({}, dir);
    expect(configured.ruleSet).toEqual({ name: "layerscope", chosenBy: "default" });
    expect(configured.rules.layerscope).toEqual({ minEfficiency: 0.9, maxWastedBytes: 20_000_000, maxJunkBytes: null, maxLayers: 12 });
    expect(configured.rules.hints).toEqual({ failOn: "warning", fail: [], allow: ["secret-label"] });
  });

  it("choose Dive's rules for --ci-config, a .dive-ci or ci.rule-set; check Dive's values in every case", async () => {
    const dir = await mkdtemp(join(tmpdir(), "layerscope-settings-"));
    await writeFile(join(dir, "dive.yaml"), "rules:\n  lowestEfficiency: 0.8\n");
    expect((await resolveSettings({ ciConfig: "dive.yaml" }, dir)).ruleSet).toEqual({ name: "dive", chosenBy: "--ci-config dive.yaml" });
    await writeFile(join(dir, ".dive-ci"), "rules:\n  lowestEfficiency: 2\n");
    // a .dive-ci is checked even when the config keeps layerscope's rule set
    await writeFile(join(dir, ".layerscope.yaml"), "ci:\n  rule-set: layerscope\n");
    await expect(resolveSettings({}, dir)).rejects.toThrow("rules.lowestEfficiency in " + join(dir, ".dive-ci") + ": 2 is more than 1");
    await writeFile(join(dir, ".dive-ci"), "rules:\n  lowestEfficiency: 0.5\n");
    expect((await resolveSettings({}, dir)).ruleSet).toEqual({ name: "layerscope", chosenBy: "ci.rule-set in .layerscope.yaml" });
    await writeFile(join(dir, ".layerscope.yaml"), "");
    const found = await resolveSettings({}, dir);
    expect(found.ruleSet).toEqual({ name: "dive", chosenBy: ".dive-ci" });
    expect(found.rules.dive?.lowestEfficiency).toBe(0.5);
    await expect(resolveSettings({ ciConfig: "nope.yaml" }, dir)).rejects.toThrow(/config file not found/);
    await expect(resolveSettings({ lowestEfficiency: "high" }, dir)).rejects.toThrow(/--lowestEfficiency/);
  });
});
