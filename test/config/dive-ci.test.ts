import { mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { loadDiveCi, parseDiveCi, parseDiveRuleValue } from "../../src/config/dive-ci.js";
import { ConfigError } from "../../src/errors.js";

describe(".dive-ci", () => {
  it("reads Dive's camelCase rules with decimal byte units and off words", () => {
    const text = "rules:\n  lowestEfficiency: 0.95\n  highestWastedBytes: 20MB\n  highestUserWastedPercent: disabled\n";
    expect(parseDiveCi(parse(text), ".dive-ci")).toEqual({
      lowestEfficiency: 0.95,
      highestWastedBytes: 20_000_000,
      highestUserWastedPercent: null,
    });
  });

  it("leaves rules it does not mention unset", () => {
    expect(parseDiveCi(parse("rules:\n  highestWastedBytes: 1GiB\n"), "f")).toEqual({ highestWastedBytes: 1_073_741_824 });
    expect(parseDiveCi(parse(""), "f")).toEqual({});
  });

  it("rejects unknown keys naming the key and the file", () => {
    expect(() => parseDiveCi(parse("rules:\n  lowestEfficency: 0.9\n"), "/p/.dive-ci")).toThrow(
      'bad config key "rules.lowestEfficency" in /p/.dive-ci (did you mean rules.lowestEfficiency?)',
    );
    expect(() => parseDiveCi(parse("rule:\n  lowestEfficiency: 0.9\n"), "f")).toThrow('bad config key "rule" in f (did you mean rules?)');
    expect(() => parseDiveCi(parse("rules:\n  maxLayers: 3\n"), "f")).toThrow(
      'bad config key "rules.maxLayers" in f (keys: rules.lowestEfficiency, rules.highestWastedBytes, rules.highestUserWastedPercent)',
    );
  });

  it("rejects bad values", () => {
    expect(() => parseDiveCi(parse("rules:\n  highestWastedBytes: lots\n"), "f")).toThrow(ConfigError);
    expect(() => parseDiveRuleValue("lowestEfficiency", "high", "--lowestEfficiency")).toThrow(/--lowestEfficiency/);
    // a ratio above 1 always fails: refused with the ratio the user meant
    expect(() => parseDiveRuleValue("lowestEfficiency", "95", "--lowestEfficiency")).toThrow(
      '--lowestEfficiency: 95 is more than 1: it is a fraction from 0 to 1 (for 95%, write 0.95 or "95%")',
    );
    expect(() => parseDiveCi(parse("rules:\n  highestUserWastedPercent: 10\n"), "f")).toThrow("rules.highestUserWastedPercent in f: 10 is more than 1");
    expect(parseDiveRuleValue("highestWastedBytes", "95", "--highestWastedBytes")).toBe(95);
  });

  it("loads from a file and names a missing one", async () => {
    const dir = await mkdtemp(join(tmpdir(), "layerscope-diveci-"));
    const file = join(dir, ".dive-ci");
    await writeFile(file, "rules:\n  lowestEfficiency: '90%'\n");
    expect(await loadDiveCi(file)).toEqual({ lowestEfficiency: 0.9 });
    await expect(loadDiveCi(join(dir, "missing"))).rejects.toThrow(/config file not found: .*missing/);
    await writeFile(file, "rules: [\n");
    await expect(loadDiveCi(file)).rejects.toThrow(/bad YAML in .*\.dive-ci: .* at line 2, column 1$/);
  });
});
