import type { RuleResult, RuleSetChoice } from "../analysis/rules-types.js";
import { thousands } from "../analysis/thousands.js";
import type { ImageFigures, WasteItem } from "../analysis/types.js";
import type { WasteGroup } from "../analysis/waste-groups.js";
import type { DiffCheck } from "../diff/types.js";
import { printable } from "../text/escape.js";
import { clip as clipText, oneLine } from "../text/format.js";

export { bytes, clipPath, percent } from "../text/format.js";

/** `app:1.0 (docker-archive, linux/amd64)` */
export function imageTitle(image: ImageFigures): string {
  const platform = [image.os, image.architecture].filter(Boolean).join("/");
  const details = [image.format, platform].filter(Boolean).join(", ");
  return `${referenceAndName(image)} (${printable(details)})`;
}

/** `app.tar [app:1.0]`: the reference as given, with the name chosen inside it when that says more */
export function referenceAndName(image: Pick<ImageFigures, "reference" | "name">): string {
  // a tag comes from the image (RepoTags, a ref.name annotation): it may hold escapes and bidi overrides
  return printable(image.name && image.name !== image.reference ? `${image.reference} [${image.name}]` : image.reference);
}

/** `Top waste (10 of 23 groups, 52,001 files)`: the heading of the grouped waste list, `shown` groups of it listed */
export function wasteHeading(groups: readonly WasteGroup[], shown: number): string {
  const files = groups.reduce((sum, group) => sum + group.files, 0);
  if (groups.length === 0) return "Top waste";
  const of = groups.length > shown ? `${shown} of ${thousands(groups.length)} groups` : `${thousands(groups.length)} group${groups.length === 1 ? "" : "s"}`;
  return `Top waste (${of}, ${thousands(files)} file${files === 1 ? "" : "s"})`;
}

/** "3" for junk, "1 → 5" for bytes added by layer 1 and replaced or removed by layer 5 */
export function wasteLayers(item: WasteItem): string {
  return item.removedBy === undefined ? String(item.addedBy) : `${item.addedBy} → ${item.removedBy}`;
}

export function wasteKind(item: WasteItem): string {
  return item.kind === "junk" && item.rule ? `junk (${item.rule})` : item.kind;
}

export interface RuleCounts {
  passed: number;
  failed: number;
  skipped: number;
}

export function countRules(rules: readonly RuleResult[]): RuleCounts {
  return {
    passed: rules.filter((rule) => rule.status === "pass").length,
    failed: rules.filter((rule) => rule.status === "fail").length,
    skipped: rules.filter((rule) => rule.status === "skip").length,
  };
}

/** "layerscope's rule set (the default)", "Dive's rule set (chosen by .dive-ci)" */
export function ruleSetText(choice: RuleSetChoice): string {
  const name = choice.name === "dive" ? "Dive's" : "layerscope's";
  return `${name} rule set (${choice.chosenBy === "default" ? "the default" : `chosen by ${choice.chosenBy}`})`;
}

/**
 * The run's result over the rules and, with `--baseline`, the `diff:` limits, as `--ci` decides it: `PASS`,
 * `FAIL: 1 of 4 rules failed`, `FAIL: the rules pass, the change from the baseline fails max-size-increase`.
 */
export function runResult(rules: readonly RuleResult[], baselineChecks: readonly DiffCheck[] = []): string {
  const failed = countRules(rules).failed;
  const regressed = baselineChecks.filter((check) => check.status === "fail").map((check) => check.name);
  const limits = regressed.length > 0 ? `the change from the baseline fails ${regressed.join(", ")}` : "";
  if (failed > 0) return `FAIL: ${failed} of ${rules.length} rules failed${limits ? `; ${limits}` : ""}`;
  if (limits) return `FAIL: ${rules.length > 0 ? "the rules pass, " : ""}${limits}`;
  return "PASS";
}

/** "FAIL (1 passed, 1 failed, 1 skipped)" */
export function verdictLine(rules: readonly RuleResult[]): string {
  const counts = countRules(rules);
  const verdict = counts.failed > 0 ? "FAIL" : "PASS";
  return `${verdict} (${counts.passed} passed, ${counts.failed} failed, ${counts.skipped} skipped)`;
}

/** One line, at most `max` characters, with an ellipsis when cut. */
export function clip(text: string, max: number): string {
  return clipText(oneLine(text), max);
}

/**
 * Text safe inside a Markdown table cell: one line, Markdown punctuation backslash-escaped, no HTML, and no
 * character reference (a file named `&copy;` would read as ©).
 */
export function mdCell(text: string): string {
  return printable(text.replace(/\s+/g, " "))
    .replace(/[\\`*_~[\]|#]/g, (char) => `\\${char}`)
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;");
}
