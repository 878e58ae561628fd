import { safeJson } from "../../text/escape.js";
import type { FixReport } from "./fix-report.js";

/** The JSON report of a fix run: the fixes (with their edits and their own patch), the hints left, the proof. */
export function formatFixJson(report: FixReport): string {
  const { plan } = report;
  const json = {
    image: report.image,
    dockerfile: report.dockerfile,
    mode: plan.mode,
    fixes: plan.fixes.map((fix, i) => ({ ...fix, patch: report.fixPatches[i] })),
    skipped: plan.skipped,
    expectedBytes: plan.fixes.reduce((sum, fix) => sum + fix.expectedBytes, 0),
    patch: report.patch,
    ...(report.builder !== undefined ? { builder: report.builder } : {}),
    ...(report.proof ? { proof: report.proof } : {}),
    ...(report.written ? { written: report.written } : {}),
  };
  return safeJson(JSON.stringify(json, null, 2)) + "\n";
}
