import { bytes, percent } from "../../text/format.js";
import { codeSpan } from "../hints-markdown.js";
import { mdCell } from "../format.js";
import { plural, whereOf, type FixReport } from "./fix-report.js";

/** A pull-request comment: the patch, each fix with its hints and expected bytes, the measured saving, the verdict. */
export function formatFixMarkdown(report: FixReport): string {
  const { plan, proof } = report;
  const out: string[] = [`### layerscope fix: ${codeSpan(report.dockerfile)} (--apply ${plan.mode})`, ""];
  if (proof) {
    const verdict = proof.behaviour.verdict === "pass" ? "✅ behaviour check passed" : `❌ ${plural(proof.behaviour.unexpected.length, "unexpected change")}`;
    out.push(
      `**Measured**: ${bytes(proof.before.bytes)} → ${bytes(proof.after.bytes)}, **saved ${bytes(proof.savedBytes)}**${proof.savedCompressedBytes !== undefined ? ` (compressed: ${bytes(proof.savedCompressedBytes)})` : ""}; ${verdict}.`,
      "",
    );
    out.push("| | before | after |", "|---|---:|---:|");
    out.push(`| size | ${bytes(proof.before.bytes)} | ${bytes(proof.after.bytes)} |`);
    if (proof.before.compressedBytes !== undefined && proof.after.compressedBytes !== undefined) {
      out.push(`| compressed | ${bytes(proof.before.compressedBytes)} | ${bytes(proof.after.compressedBytes)} |`);
    }
    out.push(
      `| layers | ${proof.before.layers} | ${proof.after.layers} |`,
      `| efficiency | ${percent(proof.before.efficiency)} | ${percent(proof.after.efficiency)} |`,
      "",
    );
  }
  if (plan.fixes.length === 0) out.push("No fix to propose.", "");
  else {
    out.push("| Fix | Line | Hints | Expected | Measured (per rule) | What it does |", "|---|---:|---|---:|---:|---|");
    plan.fixes.forEach((fix) => {
      const saving = proof?.rules.find((rule) => rule.rule === fix.rule);
      const measured = saving ? bytes(saving.measuredBytes) : "";
      const ids = [...new Set(fix.hints.map((hint) => `\`${hint.id}\``))].join(", ");
      const review = fix.review ? ` **Review:** ${mdCell(fix.review)}` : "";
      out.push(`| \`${fix.rule}\` | ${fix.line} | ${ids} | ${bytes(fix.expectedBytes)} | ${measured} | ${mdCell(fix.description)}${review} |`);
    });
    out.push("", "<details><summary>Patch</summary>", "", "```diff", report.patch.trimEnd(), "```", "", "</details>", "");
  }
  if (proof && proof.behaviour.unexpected.length > 0) {
    out.push("**Unexpected changes** (no fix and no build noise accounts for them):", "");
    for (const change of proof.behaviour.unexpected.slice(0, 30))
      out.push(`- ${change.kind} ${codeSpan(change.path)}${change.what ? ` (${change.what})` : ""}`);
    out.push("");
  }
  if (plan.skipped.length > 0) {
    out.push("<details><summary>Hints left as they are</summary>", "");
    for (const { hint, reason } of plan.skipped) out.push(`- \`${hint.id}\` (${whereOf(hint)}): ${mdCell(reason)}`);
    out.push("", "</details>", "");
  }
  return out.join("\n");
}
