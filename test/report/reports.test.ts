import { describe, expect, it } from "vitest";
import { evaluateRules } from "../../src/analysis/rules.js";
import { DEFAULT_DIVE_RULES } from "../../src/analysis/rules-types.js";
import { buildJsonReport, formatJsonReport } from "../../src/report/json.js";
import { formatJunitReport, xmlEscape } from "../../src/report/junit.js";
import { mdCell, runResult } from "../../src/report/format.js";
import { formatMarkdownReport } from "../../src/report/markdown.js";
import { formatTextReport } from "../../src/report/text.js";
import { sampleAnalysis } from "./sample-analysis.js";

const analysis = sampleAnalysis();
const rules = evaluateRules(analysis, { dive: { ...DEFAULT_DIVE_RULES }, layerscope: { maxLayers: 5 } });

describe("text report", () => {
  const text = formatTextReport(analysis, rules, { color: false, width: 80 });

  it("shows the image, totals and both efficiency models", () => {
    expect(text).toContain("test-docker-image.tar [dive-example:latest] (docker-archive, linux/amd64)");
    expect(text).toContain("Total: 1 MB");
    expect(text).toMatch(/layerscope\s+90\.00%\s+wasted 100 kB: shadowed 40 kB, deleted 50 kB, junk 10 kB/);
    expect(text).toMatch(/Dive\s+98\.44%\s+inefficient 32 kB, user wasted 48\.35%/);
  });

  it("makes the control characters of a rule's message visible: it may name the image's paths", () => {
    const forbidden = { name: "forbid-paths", status: "fail" as const, value: 1, threshold: 0, message: "forbidden paths present: /app/\u001b[31mred\u202e" };
    const shown = formatTextReport(analysis, [forbidden], { color: false });
    expect(shown).toContain("  FAIL  forbid-paths: forbidden paths present: /app/\\x1b[31mred\\u202e\n");
  });

  it("lists each layer's blob, size and compression, when the source tells them", () => {
    expect(text).not.toContain("Blob");
    const withBlobs = sampleAnalysis();
    withBlobs.layers.forEach((layer, i) => Object.assign(layer, { blobSize: 1000 * (i + 1), compression: i === 2 ? undefined : "gzip" }));
    withBlobs.image.compressedBytes = 6000;
    const shown = formatTextReport(withBlobs, [], { color: false });
    expect(shown).toContain("Compressed: 6 kB");
    expect(shown).toMatch(/\n\s+0\s+950 kB\s+1 kB gzip\s+\+3 ~0 -0\s+ADD file:abc in \//);
    expect(shown).toMatch(/\n\s+2\s+10 kB\s+3 kB\s+\+5 ~2 -4/);
  });

  it("lists layers with their changes and clipped commands", () => {
    expect(text).toMatch(/\n\s+0\s+950 kB\s+\+3 ~0 -0\s+ADD file:abc in \//);
    expect(text).toMatch(/\n\s+2\s+10 kB\s+\+5 ~2 -4\s+\(no command\)/);
    for (const line of text.split("\n").filter((row) => /^\s+\d/.test(row))) expect(line.length).toBeLessThanOrEqual(80);
    expect(text).toContain("…");
  });

  it("lists waste largest first with kind, layers and files", () => {
    expect(text).toContain("Top waste (3 groups, 3 files)");
    expect(text).toMatch(/50 kB\s+deleted\s+1 → 2\s+1\s+\/var\/lib\/apt\/lists\/a\|b/);
    expect(text).toMatch(/10 kB\s+junk \(tmp\)\s+1\s+1\s+\/tmp\/x<y>&z/);
    expect(text.indexOf("/var/lib/apt")).toBeLessThan(text.indexOf("/etc/big.conf"));
  });

  it("groups many small files of one cause by directory, so the largest causes come first", () => {
    const many = sampleAnalysis();
    for (let d = 0; d < 4; d++) {
      for (let f = 0; f < 50; f++) many.waste.push({ path: `/data/small/d${d}/f${f}`, bytes: 3000, kind: "deleted", addedBy: 1, removedBy: 2 });
    }
    const shown = formatTextReport(many, [], { color: false, width: 100, topWaste: 3 });
    expect(shown).toContain("Top waste (3 of 4 groups, 203 files)");
    expect(shown).toMatch(/\n\s+600 kB\s+deleted\s+1 → 2\s+200\s+\/data\/small\/\n/);
    expect(shown.indexOf("/data/small/")).toBeLessThan(shown.indexOf("/var/lib/apt/lists/a|b"));
    expect(shown).not.toContain("/tmp/x<y>&z");
    const md = formatMarkdownReport(many, [], 2);
    expect(md).toContain("#### Top waste (2 of 4 groups, 203 files)");
    expect(md).toContain("| 600 kB | deleted | 1 → 2 | 200 | /data/small/ |");
  });

  it("cuts long paths in the middle, keeping the file name", () => {
    const long = sampleAnalysis();
    long.waste[0].path = `/var/lib/apt/lists/${"x".repeat(100)}_Packages`;
    const line = formatTextReport(long, [], { color: false, width: 80 })
      .split("\n")
      .find((row) => row.includes("_Packages"));
    expect(line).toMatch(/\/var\/lib\/apt\/lists\/x+…x+_Packages$/);
    expect(line?.length).toBe(80);
  });

  it("shows rules and the verdict, without ANSI codes when colour is off", () => {
    expect(text).toContain("PASS  lowestEfficiency");
    expect(text).toContain("SKIP  highestWastedBytes: rule disabled");
    expect(text).toContain("FAIL  highestUserWastedPercent");
    expect(text).toContain("PASS  max-layers");
    expect(text).toContain("Result: FAIL (2 passed, 1 failed, 1 skipped)");
    expect(text).not.toContain("\u001b[");
  });

  it("uses ANSI colour when asked, and leaves out the rules section when there are none", () => {
    expect(formatTextReport(analysis, rules, { color: true })).toContain("\u001b[31mFAIL\u001b[0m");
    expect(formatTextReport(analysis, [], { color: false })).not.toContain("Rules");
  });
});

describe("JSON report", () => {
  it("has the versioned schema with every documented name", () => {
    const report = JSON.parse(formatJsonReport(analysis, rules)) as Record<string, unknown>;
    expect(Object.keys(report)).toEqual(["schemaVersion", "image", "layers", "waste", "rules", "hints", "packages"]);
    expect(report.schemaVersion).toBe(1);
    const built = buildJsonReport(analysis, rules);
    for (const key of ["totalBytes", "efficiency", "wastedBytes", "shadowedBytes", "deletedBytes", "junkBytes"]) {
      expect(built.image).toHaveProperty(key);
    }
    for (const key of ["efficiencyScore", "inefficientBytes", "sizeBytes", "userWastedPercent", "fileReference"]) {
      expect(built.image.dive).toHaveProperty(key);
    }
    for (const key of ["index", "digest", "sizeBytes", "command", "added", "modified", "removed"]) {
      expect(built.layers[0]).toHaveProperty(key);
    }
    for (const key of ["path", "bytes", "kind", "addedBy", "removedBy"]) expect(built.waste[0]).toHaveProperty(key);
    expect(built.waste[2]).toHaveProperty("rule", "tmp");
    expect(built.rules[2]).toMatchObject({ name: "highestUserWastedPercent", status: "fail", value: 0.4834911001404049, threshold: 0.1 });
    expect(built.rules[1]).toMatchObject({ status: "skip", threshold: null });
  });
});

describe("JUnit report", () => {
  const xml = formatJunitReport(analysis, rules);

  it("has one test case per rule, failures as <failure> and disabled rules as <skipped>", () => {
    expect(xml.startsWith('<?xml version="1.0" encoding="UTF-8"?>')).toBe(true);
    expect(xml.match(/<testcase /g)).toHaveLength(rules.length);
    expect(xml).toContain('<testsuites name="layerscope" tests="4" failures="1" errors="0" skipped="1">');
    expect(xml).toMatch(/<testcase classname="layerscope.rules" name="highestUserWastedPercent">\s*<failure message="[^"]*0\.4835[^"]*"/);
    expect(xml).toMatch(/name="highestWastedBytes">\s*<skipped message="rule disabled"\/>/);
    expect(xml).toContain('<testcase classname="layerscope.rules" name="lowestEfficiency"/>');
  });

  it("adds the --baseline limits as test cases, so that a regression fails the report as it fails the run", () => {
    const passing = rules.map((rule) => ({ ...rule, status: rule.status === "fail" ? ("pass" as const) : rule.status }));
    const checks = [
      { name: "max-size-increase", status: "fail" as const, message: "size +16.3 MB (limit +5% of 117 MB = 5.83 MB)" },
      { name: "no-new-hints", status: "pass" as const, message: "no new hint of severity warning or worse" },
    ];
    const withChecks = formatJunitReport(analysis, passing, checks);
    expect(withChecks).toContain('<testsuites name="layerscope" tests="6" failures="1" errors="0" skipped="1">');
    expect(withChecks).toContain(
      '<testcase classname="layerscope.baseline" name="max-size-increase">\n      <failure message="size +16.3 MB (limit +5% of 117 MB = 5.83 MB)" type="baseline">size +16.3 MB (limit +5% of 117 MB = 5.83 MB)</failure>',
    );
    expect(withChecks).toContain('<testcase classname="layerscope.baseline" name="no-new-hints"/>');
  });

  it("is balanced and escapes text", () => {
    const tricky = formatJunitReport({ ...analysis, image: { ...analysis.image, reference: `a"<b>&'c\u0001` } }, [
      { name: "x<y", status: "fail", value: 1, threshold: 0, message: 'bad & "worse" <here>' },
    ]);
    expect(tricky).toContain('name="layerscope a&quot;&lt;b&gt;&amp;&apos;c\ufffd"');
    expect(tricky).toContain('message="bad &amp; &quot;worse&quot; &lt;here&gt;"');
    const body = tricky.replace(/^<\?xml[^>]*\?>/, "");
    const opened = (body.match(/<(testsuites|testsuite|testcase|failure|skipped)[\s>]/g) ?? []).length;
    const closed = (body.match(/<\/(testsuites|testsuite|testcase|failure|skipped)>|\/>/g) ?? []).length;
    expect(opened).toBe(closed);
    expect(body.replace(/<[^>]*>/g, "")).not.toMatch(/[<>]/);
    expect(xmlEscape("a&b")).toBe("a&amp;b");
  });
});

describe("Markdown report", () => {
  const md = formatMarkdownReport(analysis, rules);

  it("starts with the verdict and has figures, waste and rules tables", () => {
    expect(md.split("\n")[0]).toBe("### layerscope: ❌ FAIL: 1 of 4 rules failed");
    expect(md).toContain("| Efficiency (layerscope) | 90.00% |");
    expect(md).toContain("| Efficiency (Dive) | 98.44% |");
    expect(md).toContain("| User wasted (Dive) | 48.35% |");
    expect(md).toContain("| 50 kB | deleted | 1 → 2 | 1 | /var/lib/apt/lists/a\\|b |");
    expect(md).toMatch(/\| ❌ fail \| highestUserWastedPercent \| .*0\.4835/);
  });

  it("passes when no rule fails and escapes table cells", () => {
    const passing = rules.filter((rule) => rule.status !== "fail");
    expect(formatMarkdownReport(analysis, passing).split("\n")[0]).toBe("### layerscope: ✅ PASS");
    const regressed = [
      { name: "max-size-increase", status: "fail" as const, message: "size +16.3 MB" },
      { name: "no-new-hints", status: "pass" as const, message: "no new hint" },
    ];
    expect(formatMarkdownReport(analysis, passing, 10, undefined, regressed).split("\n")[0]).toBe(
      "### layerscope: ❌ FAIL: the rules pass, the change from the baseline fails max-size-increase",
    );
    expect(formatMarkdownReport(analysis, rules, 10, undefined, regressed).split("\n")[0]).toBe(
      "### layerscope: ❌ FAIL: 1 of 4 rules failed; the change from the baseline fails max-size-increase",
    );
    expect(formatMarkdownReport(analysis, passing, 10, undefined, [regressed[1]]).split("\n")[0]).toBe("### layerscope: ✅ PASS");
    expect(runResult([], regressed)).toBe("FAIL: the change from the baseline fails max-size-increase");
    expect(runResult(passing, [regressed[1]])).toBe("PASS");
    expect(mdCell("a|b\nc `d` <e> x~y_z*")).toBe("a\\|b c \\`d\\` &lt;e> x\\~y\\_z\\*");
    expect(mdCell("&copy; a&lt;b & c")).toBe("&amp;copy; a&amp;lt;b &amp; c");
  });
});
