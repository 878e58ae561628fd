import { mkdir, mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { ConfigError } from "../../src/config/errors.js";
import { findDiveCi, findLayerscopeConfig } from "../../src/config/find-config.js";
import { applyJunkConfig } from "../../src/config/junk-rules.js";
import { parseLayerscopeConfig } from "../../src/config/layerscope-config.js";

const FULL = `
rules:
  min-efficiency: 95%
  max-wasted-bytes: 20MB
  max-wasted-percent: 0.1
  max-junk-bytes: 1MiB
  max-image-bytes: 1GB
  max-layers: 20
  forbid-paths: ["/root/.ssh/**", "**/*.pem"]
junk:
  add:
    - { id: logs, glob: "/var/log/**" }
    - "/srv/cache/**"
  remove: [tmp]
keys:
  quit: q
  toggle-tree: [tab, t]
hints:
  silence: [apt-no-clean]
diff:
  max-size-increase: 10%
  max-efficiency-drop: 0.05
  no-new-hints: warning
`;

describe(".layerscope.yaml", () => {
  it("parses every section with units", () => {
    const config = parseLayerscopeConfig(parse(FULL), "f.yaml");
    expect(config.rules).toEqual({
      minEfficiency: 0.95,
      maxWastedBytes: 20_000_000,
      maxWastedPercent: 0.1,
      maxJunkBytes: 1_048_576,
      maxImageBytes: 1_000_000_000,
      maxLayers: 20,
      forbidPaths: ["/root/.ssh/**", "**/*.pem"],
    });
    expect(config.junk).toEqual({
      add: [
        { id: "logs", glob: "/var/log/**" },
        { id: "/srv/cache/**", glob: "/srv/cache/**" },
      ],
      remove: ["tmp"],
    });
    expect(config.keys).toEqual({ quit: ["q"], "toggle-tree": ["tab", "t"] });
    expect(config.hints).toEqual({ silence: ["apt-no-clean"] });
    expect(config.diff).toEqual({ maxSizeIncrease: { fraction: 0.1 }, maxEfficiencyDrop: 0.05, noNewHints: "warning" });
    expect(config.file).toBe("f.yaml");
  });

  it("gives an empty config for an empty file and byte sizes for max-size-increase", () => {
    const config = parseLayerscopeConfig(parse(""), "f");
    expect(config.rules).toEqual({});
    expect(config.junk).toEqual({ add: [], remove: [] });
    expect(parseLayerscopeConfig(parse("diff:\n  max-size-increase: 5MB\n"), "f").diff.maxSizeIncrease).toEqual({ bytes: 5e6 });
  });

  it("turns a rule off with disabled/off", () => {
    expect(parseLayerscopeConfig(parse("rules:\n  max-layers: off\n"), "f").rules).toEqual({ maxLayers: null });
  });

  it.each([
    ["colour: red", 'bad config key "colour" in /x/.layerscope.yaml'],
    ["rules:\n  min-eficiency: 0.9", 'bad config key "rules.min-eficiency" in /x/.layerscope.yaml'],
    ["rules:\n  lowestEfficiency: 0.9", 'bad config key "rules.lowestEfficiency" in /x/.layerscope.yaml'],
    ["junk:\n  drop: [tmp]", 'bad config key "junk.drop" in /x/.layerscope.yaml'],
    ["hints:\n  mute: [a]", 'bad config key "hints.mute" in /x/.layerscope.yaml'],
    ["diff:\n  max-size: 1", 'bad config key "diff.max-size" in /x/.layerscope.yaml'],
  ])("rejects an unknown key: %j", (text, message) => {
    expect(() => parseLayerscopeConfig(parse(text), "/x/.layerscope.yaml")).toThrow(message);
  });

  it.each([
    "rules: [1, 2]",
    "rules:\n  max-layers: 2.5",
    "rules:\n  max-wasted-bytes: huge",
    "rules:\n  forbid-paths: [1]",
    "junk:\n  add: x",
    "junk:\n  add: [{ id: a }]",
    "keys:\n  quit: []",
    "diff:\n  no-new-hints: fatal",
  ])("rejects a bad value: %j", (text) => {
    expect(() => parseLayerscopeConfig(parse(text), "f")).toThrow(ConfigError);
  });
});

describe("junk rules from config", () => {
  const defaults = [
    { id: "tmp", glob: "/tmp/**" },
    { id: "apt-lists", glob: "/var/lib/apt/lists/**" },
  ];

  it("removes by id and appends additions", () => {
    const rules = applyJunkConfig(defaults, { add: [{ id: "logs", glob: "/var/log/**" }], remove: ["tmp"] });
    expect(rules).toEqual([
      { id: "apt-lists", glob: "/var/lib/apt/lists/**" },
      { id: "logs", glob: "/var/log/**" },
    ]);
  });

  it("roots added globs that lack a leading slash", () => {
    const rules = applyJunkConfig(defaults, { add: [{ id: "x", glob: "srv/**" }], remove: [] });
    expect(rules[2]).toEqual({ id: "x", glob: "/srv/**" });
  });

  it("rejects removing an id that is not a default rule", () => {
    expect(() => applyJunkConfig(defaults, { add: [], remove: ["tpm"] }, "f")).toThrow(/no default junk rule "tpm"/);
  });
});

describe("config discovery", () => {
  it("finds .layerscope.yaml upwards and .dive-ci only in the directory itself", async () => {
    const root = await mkdtemp(join(tmpdir(), "layerscope-find-"));
    const deep = join(root, "a", "b");
    await mkdir(deep, { recursive: true });
    await writeFile(join(root, ".layerscope.yaml"), "");
    await writeFile(join(root, ".dive-ci"), "");
    expect(await findLayerscopeConfig(deep)).toBe(join(root, ".layerscope.yaml"));
    expect(await findDiveCi(deep)).toBeUndefined();
    expect(await findDiveCi(root)).toBe(join(root, ".dive-ci"));
  });
});
