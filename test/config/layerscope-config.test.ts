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
ci:
  rule-set: dive
junk:
  add:
    - { id: logs, glob: "/var/log/**" }
    - "/srv/cache/**"
  remove: [tmp]
keys:
  quit: q
  toggle-tree: [tab, t]
hints:
  silence: [apt-recommends]
  fail-on: warning
  fail: [build-tools]
  allow: [secret-label]
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
    expect(config.hints).toEqual({ silence: ["apt-recommends"], failOn: "warning", fail: ["build-tools"], allow: ["secret-label"] });
    expect(config.ruleSet).toBe("dive");
    expect(config.diff).toEqual({ maxSizeIncrease: { fraction: 0.1 }, maxEfficiencyDrop: 0.05, noNewHints: "warning" });
    expect(config.file).toBe("f.yaml");
  });

  it("gives an empty config for an empty file and byte sizes for max-size-increase", () => {
    const config = parseLayerscopeConfig(parse(""), "f");
    expect(config.rules).toEqual({});
    expect(config.junk).toEqual({ add: [], remove: [] });
    expect(parseLayerscopeConfig(parse("diff:\n  max-size-increase: 5MB\n"), "f").diff.maxSizeIncrease).toEqual({ bytes: 5e6 });
  });

  it("takes forbid-paths as a mapping with exceptions", () => {
    const text = 'rules:\n  forbid-paths:\n    paths: ["**/*.pem"]\n    allow: ["/usr/share/**"]\n    allow-package-files: true\n';
    expect(parseLayerscopeConfig(parse(text), "f").rules).toEqual({
      forbidPaths: ["**/*.pem"],
      forbidPathsAllow: ["/usr/share/**"],
      forbidPathsAllowPackageFiles: true,
    });
  });

  it.each([
    ["rules:\n  min-efficiency: 90", 'rules.min-efficiency in f: 90 is more than 1: it is a fraction from 0 to 1 (for 90%, write 0.9 or "90%")'],
    ["rules:\n  max-wasted-percent: 12", 'rules.max-wasted-percent in f: 12 is more than 1: it is a fraction from 0 to 1 (for 12%, write 0.12 or "12%")'],
    ['rules:\n  min-efficiency: "101%"', "rules.min-efficiency in f: 101% is more than 1: it is a fraction from 0 to 1"],
    ["diff:\n  max-efficiency-drop: 5", "diff.max-efficiency-drop in f: 5 is more than 1"],
    ["hints:\n  silence: [apt-no-recommends]", 'hints.silence in f: no hint "apt-no-recommends" (did you mean apt-recommends?); hint ids: apt-lists,'],
    ["hints:\n  allow: [zzz]", 'hints.allow in f: no hint "zzz"; hint ids:'],
    ["hints:\n  fail: [secret-env]\n  allow: [secret-env]", "hints.fail and hints.allow in f both name secret-env: keep it in one"],
    ["hints:\n  fail-on: critical", 'hints.fail-on in f must be one of info, warning, error, never, not "critical"'],
    ["ci:\n  rule-set: grype", 'ci.rule-set in f must be one of layerscope, dive, not "grype"'],
    ["ci:\n  rules: dive", 'bad config key "ci.rules" in f'],
    ["rules:\n  forbid-paths: { allow: [x] }", "rules.forbid-paths in f needs paths: a list of globs"],
    ["rules:\n  forbid-paths: { paths: [x], allow-package-files: yes please }", "rules.forbid-paths.allow-package-files in f must be true or false"],
    ["rules:\n  forbid-paths: { paths: [x], except: [y] }", 'bad config key "rules.forbid-paths.except" in f'],
  ])("checks %j: one line naming the key and what is allowed", (text, message) => {
    expect(() => parseLayerscopeConfig(parse(text), "f")).toThrow(message);
  });

  it("takes a percentage up to 100% and a ratio up to 1 for ratio rules; size increases beyond 100%", () => {
    expect(parseLayerscopeConfig(parse('rules:\n  min-efficiency: "100%"\n  max-wasted-percent: 1\n'), "f").rules).toEqual({ minEfficiency: 1, maxWastedPercent: 1 });
    expect(parseLayerscopeConfig(parse("diff:\n  max-size-increase: 150%\n"), "f").diff.maxSizeIncrease).toEqual({ fraction: 1.5 });
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
