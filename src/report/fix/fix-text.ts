import { printable } from "../../text/escape.js";
import { bytes, percent } from "../../text/format.js";
import { plural, whereOf, type FixReport } from "./fix-report.js";

/** The text report of a fix run: each fix with the hints it answers, the hints left, and the proof. */
export function formatFixText(report: FixReport): string {
  const { plan, proof } = report;
  const expected = plan.fixes.reduce((sum, fix) => sum + fix.expectedBytes, 0);
  const out: string[] = [];
  out.push(
    `layerscope fix: ${printable(report.dockerfile)} (--apply ${plan.mode}) for ${printable(report.image)}: ${plural(plan.fixes.length, "fix")}` +
      (plan.fixes.length > 0 ? `, expected to save ${bytes(expected)}` : "") +
      (plan.skipped.length > 0 ? `; ${plural(plan.skipped.length, "hint")} left as ${plan.skipped.length === 1 ? "it is" : "they are"}` : ""),
  );
  if (report.patchRoot !== undefined) {
    out.push(`  the patch's paths start at ${printable(report.patchRoot)}, which holds the Dockerfile and the context: apply it there`);
  }
  for (const fix of plan.fixes) {
    const ids = [...new Set(fix.hints.map((hint) => hint.id))].join(", ");
    out.push(`  ${fix.rule} (line ${fix.line}) fixes ${ids}: expected ${bytes(fix.expectedBytes)}`);
    out.push(`      ${printable(fix.description)}`);
    for (const pkg of fix.packages ?? []) out.push(`      - ${printable(pkg.name)} ${bytes(pkg.bytes)}`);
    if (fix.review) out.push(`      review: ${printable(fix.review)}`);
  }
  if (plan.skipped.length > 0) {
    out.push("  left as they are:");
    for (const { hint, reason } of plan.skipped) out.push(`    ${hint.id} (${whereOf(hint)}): ${printable(reason)}`);
  }
  if (report.written) {
    out.push(report.written.length > 0 ? `  wrote ${report.written.map(printable).join(" and ")}` : "  wrote nothing: no fix changes a file");
  }
  if (proof) {
    const { before, after } = proof;
    const share = before.bytes > 0 ? ` (${percent(proof.savedBytes / before.bytes)})` : "";
    out.push(`proof (${report.builder ?? "builder"}): the patched Dockerfile built and analysed`);
    out.push(`  size        ${bytes(before.bytes)} → ${bytes(after.bytes)}: saved ${bytes(proof.savedBytes)}${share}`);
    if (proof.savedCompressedBytes !== undefined) {
      out.push(`  compressed  ${bytes(before.compressedBytes!)} → ${bytes(after.compressedBytes!)}: saved ${bytes(proof.savedCompressedBytes)}`);
    } else out.push("  compressed  unknown (the builder exported uncompressed layers)");
    out.push(`  layers      ${before.layers} → ${after.layers}`);
    out.push(`  efficiency  ${percent(before.efficiency)} → ${percent(after.efficiency)}`);
    for (const rule of proof.rules) {
      const lines = `line${rule.lines.length === 1 ? "" : "s"} ${rule.lines.join(", ")}`;
      out.push(`  ${rule.rule} (${lines}): measured ${bytes(rule.measuredBytes)}, expected ${bytes(rule.expectedBytes)}`);
    }
    out.push(`  not attributed to a fix: ${bytes(proof.unattributedBytes)}`);
    const { behaviour } = proof;
    const noise = behaviour.noise.map((n) => `${n.name} ${n.paths}`).join(", ");
    out.push(
      `  behaviour: ${behaviour.verdict === "pass" ? "PASS" : "FAIL"}: ${behaviour.compared} paths compared` +
        (noise ? `; build noise: ${noise}` : "") +
        `; ${behaviour.unexpected.length === 0 ? "no unexpected change" : `${plural(behaviour.unexpected.length, "unexpected change")}:`}`,
    );
    for (const change of behaviour.unexpected.slice(0, 20)) {
      out.push(`    ${change.kind} ${printable(change.path)}${change.what ? ` (${change.what})` : ""}`);
    }
    if (behaviour.unexpected.length > 20) out.push(`    … and ${behaviour.unexpected.length - 20} more`);
  }
  return out.join("\n") + "\n";
}
