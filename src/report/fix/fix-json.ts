import { safeJson } from "../../text/escape.js";
import type { FixReport } from "./fix-report.js";

const MAX_LISTED_ACCOUNTS = 50;

/** The JSON report of a fix run: the fixes (with their edits and their own patch), the hints left, the proof. */
export function formatFixJson(report: FixReport): string {
  const { plan } = report;
  const json = {
    image: report.image,
    dockerfile: report.dockerfile,
    ...(report.patchRoot !== undefined ? { patchRoot: report.patchRoot } : {}),
    mode: plan.mode,
    // a fix may account for every path a RUN wrote: thousands of paths are counted, not listed
    fixes: plan.fixes.map(({ accounts, ...fix }, i) => ({
      ...fix,
      ...(accounts.length <= MAX_LISTED_ACCOUNTS ? { accounts } : { accountsCount: accounts.length }),
      patch: report.fixPatches[i],
    })),
    skipped: plan.skipped,
    expectedBytes: plan.fixes.reduce((sum, fix) => sum + fix.expectedBytes, 0),
    patch: report.patch,
    ...(report.builder !== undefined ? { builder: report.builder } : {}),
    ...(report.proof ? { proof: report.proof } : {}),
    ...(report.written ? { written: report.written } : {}),
  };
  return safeJson(JSON.stringify(json, null, 2)) + "\n";
}
