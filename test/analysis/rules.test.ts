import { describe, expect, it } from "vitest";
import { evaluateRules, forbiddenPaths, rulesVerdict } from "../../src/analysis/rules.js";
import {
  DEFAULT_DIVE_RULES,
  DEFAULT_HINT_GATE,
  DEFAULT_LAYERSCOPE_RULES,
  type HintGateSettings,
  type LayerscopeRuleSettings,
  type RuleSettings,
} from "../../src/analysis/rules-types.js";
import type { Hint } from "../../src/analysis/hints/types.js";
import type { FileNode } from "../../src/tree/types.js";
import { node, sampleAnalysis } from "../report/sample-analysis.js";

const defaults: RuleSettings = { dive: { ...DEFAULT_DIVE_RULES }, layerscope: {} };

function statusOf(settings: RuleSettings, name: string, mutate?: (a: ReturnType<typeof sampleAnalysis>) => void) {
  const analysis = sampleAnalysis();
  mutate?.(analysis);
  const result = evaluateRules(analysis, settings).find((rule) => rule.name === name);
  if (!result) throw new Error(`no result for ${name}`);
  return result;
}

describe("Dive rules", () => {
  it("give Dive's verdicts on its fixture figures with the default rules", () => {
    const results = evaluateRules(sampleAnalysis(), defaults);
    expect(results.map((rule) => [rule.name, rule.status])).toEqual([
      ["lowestEfficiency", "pass"],
      ["highestWastedBytes", "skip"],
      ["highestUserWastedPercent", "fail"],
    ]);
    expect(rulesVerdict(results)).toBe("fail");
    const failed = results[2];
    expect(failed.value).toBe(0.4834911001404049);
    expect(failed.threshold).toBe(0.1);
    expect(failed.message).toContain("0.4835");
  });

  it("compare strictly: a value equal to the threshold passes", () => {
    const dive = sampleAnalysis().image.dive;
    const at = { lowestEfficiency: dive.efficiencyScore, highestWastedBytes: dive.inefficientBytes, highestUserWastedPercent: dive.userWastedPercent };
    const results = evaluateRules(sampleAnalysis(), { dive: at, layerscope: {} });
    expect(results.map((rule) => rule.status)).toEqual(["pass", "pass", "pass"]);
  });

  it("fail just past the threshold", () => {
    const dive = sampleAnalysis().image.dive;
    const past = {
      lowestEfficiency: dive.efficiencyScore + 1e-12,
      highestWastedBytes: dive.inefficientBytes - 1,
      highestUserWastedPercent: dive.userWastedPercent - 1e-12,
    };
    const results = evaluateRules(sampleAnalysis(), { dive: past, layerscope: {} });
    expect(results.map((rule) => rule.status)).toEqual(["fail", "fail", "fail"]);
    expect(results[1].message).toContain("32025");
  });

  it("print a figure in full when rounding would make it equal the threshold it fails", () => {
    const dive = sampleAnalysis().image.dive;
    const threshold = dive.userWastedPercent - 1e-5; // 0.48348…: both round to 0.4835
    const results = evaluateRules(sampleAnalysis(), { dive: { ...DEFAULT_DIVE_RULES, highestUserWastedPercent: threshold }, layerscope: {} });
    expect(results[2]).toMatchObject({ status: "fail", message: `user wasted percent ${dive.userWastedPercent} > ${threshold} (too high)` });
  });

  it("skip disabled rules but still report the value", () => {
    const off: RuleSettings = { dive: { lowestEfficiency: null, highestWastedBytes: null, highestUserWastedPercent: null }, layerscope: {} };
    const results = evaluateRules(sampleAnalysis(), off);
    expect(results.every((rule) => rule.status === "skip" && rule.threshold === null)).toBe(true);
    expect(results[0].value).toBe(sampleAnalysis().image.dive.efficiencyScore);
    expect(rulesVerdict(results)).toBe("pass");
  });
});

describe("layerscope rules", () => {
  const off = { lowestEfficiency: null, highestWastedBytes: null, highestUserWastedPercent: null };

  it("are listed only when configured", () => {
    expect(evaluateRules(sampleAnalysis(), { dive: off, layerscope: {} })).toHaveLength(3);
    const results = evaluateRules(sampleAnalysis(), { dive: off, layerscope: { maxLayers: 3, maxJunkBytes: null } });
    expect(results.slice(3).map((rule) => [rule.name, rule.status])).toEqual([
      ["max-junk-bytes", "skip"],
      ["max-layers", "pass"],
    ]);
  });

  it.each([
    ["min-efficiency", { minEfficiency: 0.9 }, "pass"],
    ["min-efficiency", { minEfficiency: 0.9000001 }, "fail"],
    ["max-wasted-bytes", { maxWastedBytes: 100_000 }, "pass"],
    ["max-wasted-bytes", { maxWastedBytes: 99_999 }, "fail"],
    ["max-wasted-percent", { maxWastedPercent: 0.1 }, "pass"],
    ["max-wasted-percent", { maxWastedPercent: 0.09 }, "fail"],
    ["max-junk-bytes", { maxJunkBytes: 10_000 }, "pass"],
    ["max-junk-bytes", { maxJunkBytes: 9_999 }, "fail"],
    ["max-image-bytes", { maxImageBytes: 1_000_000 }, "pass"],
    ["max-image-bytes", { maxImageBytes: 999_999 }, "fail"],
    ["max-layers", { maxLayers: 3 }, "pass"],
    ["max-layers", { maxLayers: 2 }, "fail"],
  ] as const)("%s %o → %s", (name, layerscope, expected) => {
    expect(statusOf({ dive: off, layerscope }, name).status).toBe(expected);
  });

  it("max-wasted-percent is 0 for an empty image", () => {
    const result = statusOf({ dive: off, layerscope: { maxWastedPercent: 0 } }, "max-wasted-percent", (analysis) => {
      analysis.image.totalBytes = 0;
      analysis.image.wastedBytes = 0;
    });
    expect(result).toMatchObject({ status: "pass", value: 0 });
  });
});

describe("forbid-paths", () => {
  const tree = node("/", [
    node("/etc", [node("/etc/passwd"), node("/etc/shadow", undefined, "removed")]),
    node("/root", [node("/root/.ssh", [node("/root/.ssh/id_rsa")])]),
    node("/gone", [node("/gone/key.pem")], "removed"),
  ]);

  it("matches absolute and relative globs, dotfiles included, and ignores removed paths", () => {
    expect(forbiddenPaths(["/root/.ssh/**"], tree)).toEqual(["/root/.ssh", "/root/.ssh/id_rsa"]);
    expect(forbiddenPaths(["/root/.ssh/*"], tree)).toEqual(["/root/.ssh/id_rsa"]);
    expect(forbiddenPaths(["**/*.pem", "etc/shadow"], tree)).toEqual([]);
    expect(forbiddenPaths(["**/id_*", "/etc/passwd"], tree)).toEqual(["/etc/passwd", "/root/.ssh/id_rsa"]);
  });

  it("fails naming the paths, passes when nothing matches, skips without a tree", () => {
    const dive = { lowestEfficiency: null, highestWastedBytes: null, highestUserWastedPercent: null };
    const fail = evaluateRules(sampleAnalysis(), { dive, layerscope: { forbidPaths: ["**/.ssh"] } }, tree)[3];
    expect(fail).toMatchObject({ name: "forbid-paths", status: "fail", value: 1, threshold: 0 });
    expect(fail.message).toContain("/root/.ssh");
    const pass = evaluateRules(sampleAnalysis(), { dive, layerscope: { forbidPaths: ["/nope/**"] } }, tree)[3];
    expect(pass.status).toBe("pass");
    const skip = evaluateRules(sampleAnalysis(), { dive, layerscope: { forbidPaths: ["/x"] } })[3];
    expect(skip.status).toBe("skip");
  });
});

describe("forbid-paths exceptions", () => {
  const link = (path: string, target: string): FileNode => ({ ...node(path), type: "symlink", linkname: target });
  const tree = node("/", [
    node("/etc", [
      node("/etc/ssl", [
        node("/etc/ssl/certs", [link("/etc/ssl/certs/ACCP.pem", "/usr/share/ca-certificates/mozilla/ACCP.crt"), node("/etc/ssl/certs/ca-certificates.crt")]),
      ]),
      link("/etc/rel.pem", "../usr/share/doc/example.pem"),
      link("/etc/stray.pem", "/srv/stray.crt"),
    ]),
    node("/usr", [
      node("/usr/lib", [node("/usr/lib/ssl", [link("/usr/lib/ssl/cert.pem", "/etc/ssl/certs/ca-certificates.crt")])]),
      node("/usr/share", [node("/usr/share/doc", [node("/usr/share/doc/example.pem")])]),
    ]),
    node("/app", [node("/app/server.pem")]),
  ]);
  const owned = new Set(["/usr/share/doc/example.pem"]);
  const forbid = (layerscope: LayerscopeRuleSettings, packageFiles?: Set<string>) => evaluateRules(sampleAnalysis(), { layerscope }, tree, { packageFiles })[0];

  it("without exceptions, every match fails", () => {
    expect(forbid({ forbidPaths: ["**/*.pem"] }, owned)).toMatchObject({ status: "fail", value: 6 });
  });

  it("allow-package-files lets through a package's files, the certificate stores and links to either", () => {
    const result = forbid({ forbidPaths: ["**/*.pem"], forbidPathsAllowPackageFiles: true }, owned);
    expect(result).toMatchObject({ status: "fail", value: 2 });
    expect(result.message).toBe("forbidden paths present: /etc/stray.pem, /app/server.pem");
    // no package database read: no owned file, the certificate stores only
    expect(forbid({ forbidPaths: ["**/*.pem"], forbidPathsAllowPackageFiles: true })).toMatchObject({ value: 4 });
    const pass = forbid({ forbidPaths: ["/etc/ssl/certs/*", "/usr/**/*.pem"], forbidPathsAllowPackageFiles: true }, owned);
    expect(pass).toMatchObject({ status: "pass", message: "no path matches /etc/ssl/certs/*, /usr/**/*.pem (4 let through by the exceptions)" });
  });

  it("allow globs let their paths through", () => {
    const result = forbid({ forbidPaths: ["**/*.pem"], forbidPathsAllow: ["/etc/**", "usr/**"] }, owned);
    expect(result.message).toBe("forbidden paths present: /app/server.pem");
    expect(forbid({ forbidPaths: ["**/*.pem"], forbidPathsAllow: ["**"] })).toMatchObject({ status: "pass" });
  });
});

describe("rule sets", () => {
  it("checks Dive's rules only when they are given", () => {
    expect(evaluateRules(sampleAnalysis(), { layerscope: DEFAULT_LAYERSCOPE_RULES }).map((rule) => rule.name)).toEqual([
      "min-efficiency",
      "max-wasted-bytes",
      "max-junk-bytes",
    ]);
  });
});

describe("the hint gate", () => {
  const hint = (id: string, severity: Hint["severity"], extra: Partial<Hint> = {}): Hint => ({
    id,
    severity,
    layer: 1,
    bytes: 0,
    message: id,
    fix: "fix",
    ...extra,
  });
  const hints = [
    hint("secret-env", "error", { instruction: "ENV API_TOKEN", history: 2 }),
    hint("secret-file", "error", { path: "/app/id_rsa" }),
    hint("apt-lists", "warning"),
    hint("tmp-files", "info"),
  ];
  const gate = (settings: Partial<HintGateSettings>, given = hints) =>
    evaluateRules(sampleAnalysis(), { layerscope: {}, hints: { ...DEFAULT_HINT_GATE, ...settings } }, undefined, { hints: given })[0];

  it("fails on ERROR hints by default, naming them", () => {
    const result = gate({});
    expect(result).toMatchObject({ name: "hints", status: "fail", value: 2, threshold: 0 });
    expect(result.message).toBe("2 hints fail the gate (fail-on: error): secret-env (ENV API_TOKEN), secret-file (/app/id_rsa)");
    expect(gate({}, hints.slice(2))).toMatchObject({ status: "pass", message: "no hint fails the gate (fail-on: error)" });
  });

  it("takes a severity, and per-id exceptions both ways", () => {
    expect(gate({ failOn: "warning" }).value).toBe(3);
    expect(gate({ failOn: "info" }).value).toBe(4);
    expect(gate({ failOn: "never" })).toMatchObject({ status: "pass", value: 0 });
    expect(gate({ allow: ["secret-env", "secret-file"] }).status).toBe("pass");
    const one = gate({ allow: ["secret-env", "secret-file"], fail: ["tmp-files"] });
    expect(one).toMatchObject({ status: "fail", value: 1 });
    expect(one.message).toBe("1 hint fails the gate (fail-on: error; fail: tmp-files): tmp-files (layer 1)");
    expect(gate({ failOn: "never", fail: ["apt-lists"] }).value).toBe(1);
  });

  it("lists three and counts the rest", () => {
    const many = Array.from({ length: 5 }, (_, i) => hint("secret-file", "error", { path: `/k${i}` }));
    expect(gate({}, many).message).toBe("5 hints fail the gate (fail-on: error): secret-file (/k0), secret-file (/k1), secret-file (/k2), and 2 more");
  });

  it("is left out without hints or without settings", () => {
    expect(evaluateRules(sampleAnalysis(), { layerscope: {}, hints: DEFAULT_HINT_GATE })).toEqual([]);
    expect(evaluateRules(sampleAnalysis(), { layerscope: {} }, undefined, { hints })).toEqual([]);
  });
});
