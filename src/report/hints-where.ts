import type { Hint } from "../analysis/hints/types.js";

/** `layer 3, Dockerfile:12` or `layer 3`; `history entry 4, Dockerfile:5` for an ENV or LABEL, which writes no layer */
export function hintWhere(hint: Hint, dockerfileName = "Dockerfile"): string {
  return hint.line === undefined ? hintOrigin(hint) : `${hintOrigin(hint)}, ${dockerfileName}:${hint.line}`;
}

/** `layer 3`, or `history entry 4` (of the image config) for a hint about an instruction that wrote no layer */
export function hintOrigin(hint: Hint): string {
  return hint.history !== undefined ? `history entry ${hint.history}` : `layer ${hint.layer}`;
}

export const SEVERITY_LABEL: Record<Hint["severity"], string> = { error: "ERROR", warning: "WARN", info: "INFO" };
