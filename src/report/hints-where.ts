import type { Hint } from "../analysis/hints/types.js";

/** `layer 3, Dockerfile:12` or `layer 3` */
export function hintWhere(hint: Hint, dockerfileName = "Dockerfile"): string {
  return hint.line === undefined ? `layer ${hint.layer}` : `layer ${hint.layer}, ${dockerfileName}:${hint.line}`;
}

export const SEVERITY_LABEL: Record<Hint["severity"], string> = { error: "ERROR", warning: "WARN", info: "INFO" };
