import type { RuleResult } from "../analysis/rules-types.js";
import type { ImageAnalysis } from "../analysis/types.js";
import type { DiffCheck } from "../diff/types.js";
import { countRules } from "./format.js";
import { UNSAFE_CHARACTERS } from "../text/escape.js";

/** Text safe inside an XML attribute or element: escaped, and without characters XML 1.0 forbids. */
export function xmlEscape(text: string): string {
  return text
    .replace(/[^\u0009\u000a\u000d\u0020-\ud7ff\ue000-\ufffd\u{10000}-\u{10ffff}]/gu, "\ufffd")
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/"/g, "&quot;")
    .replace(/'/g, "&apos;")
    .replace(UNSAFE_CHARACTERS, (c) => `&#x${c.charCodeAt(0).toString(16)};`);
}

/**
 * A JUnit XML document with one test case per rule: failed rules as `<failure>`, disabled ones as `<skipped>`;
 * with `--baseline`, one more per `diff:` limit, so that the report fails when the run does.
 */
export function formatJunitReport(summary: ImageAnalysis, rules: readonly RuleResult[], baselineChecks: readonly DiffCheck[] = []): string {
  const counts = countRules(rules);
  const failures = counts.failed + baselineChecks.filter((check) => check.status === "fail").length;
  const totals = `tests="${rules.length + baselineChecks.length}" failures="${failures}" errors="0" skipped="${counts.skipped}"`;
  const suiteName = xmlEscape(`layerscope ${summary.image.reference}`);
  const lines = [`<?xml version="1.0" encoding="UTF-8"?>`, `<testsuites name="layerscope" ${totals}>`, `  <testsuite name="${suiteName}" ${totals}>`];
  for (const rule of rules) {
    const open = `    <testcase classname="layerscope.rules" name="${xmlEscape(rule.name)}"`;
    const message = xmlEscape(rule.message);
    if (rule.status === "pass") {
      lines.push(`${open}/>`);
    } else if (rule.status === "skip") {
      lines.push(`${open}>`, `      <skipped message="${message}"/>`, `    </testcase>`);
    } else {
      const detail = xmlEscape(`value=${rule.value} threshold=${rule.threshold}`);
      lines.push(`${open}>`, `      <failure message="${message}" type="rule">${detail}</failure>`, `    </testcase>`);
    }
  }
  for (const check of baselineChecks) {
    const open = `    <testcase classname="layerscope.baseline" name="${xmlEscape(check.name)}"`;
    if (check.status === "pass") lines.push(`${open}/>`);
    else {
      // the message as the body too: GitLab shows a failure's text, not its attributes
      const message = xmlEscape(check.message);
      lines.push(`${open}>`, `      <failure message="${message}" type="baseline">${message}</failure>`, `    </testcase>`);
    }
  }
  lines.push(`  </testsuite>`, `</testsuites>`);
  return lines.join("\n") + "\n";
}
