import type { Analysis } from "../types.js";
import { HintContext } from "./context.js";

/** Fills in each package's Dockerfile line: the line of the instruction that made the layer that installed it. */
export function annotatePackageLines(analysis: Analysis, dockerfile: string, target?: string): void {
  const packages = analysis.summary.packages?.packages;
  if (!packages || packages.length === 0) return;
  const context = new HintContext(analysis, { text: dockerfile, target });
  for (const pkg of packages) {
    const line = context.lineOf(pkg.layer);
    if (line !== undefined) pkg.line = line;
  }
}
