import { SEVERITY_RANK, type Hint } from "./hints/types.js";
import type { HintGateSettings, RuleResult } from "./rules-types.js";

const LISTED = 3;

/** Whether a hint fails the gate: its id is in `fail`, or its severity reaches `failOn` and its id is not in `allow`. */
function failsGate(hint: Hint, gate: HintGateSettings): boolean {
  if (gate.fail.includes(hint.id)) return true;
  if (gate.allow.includes(hint.id) || gate.failOn === "never") return false;
  return SEVERITY_RANK[hint.severity] >= SEVERITY_RANK[gate.failOn];
}

/** The `hints` rule: fails when any hint fails the gate, naming the first few (id and what they are about). */
export function hintGateResult(hints: readonly Hint[], gate: HintGateSettings): RuleResult {
  const name = "hints";
  const failing = hints.filter((hint) => failsGate(hint, gate));
  const scope = `fail-on: ${gate.failOn}`;
  const extra = gate.fail.length > 0 ? `; fail: ${gate.fail.join(", ")}` : "";
  if (failing.length === 0) {
    return { name, status: "pass", value: 0, threshold: 0, message: `no hint fails the gate (${scope}${extra})` };
  }
  const listed = failing.slice(0, LISTED).map((hint) => `${hint.id} (${hint.path ?? hint.instruction ?? `layer ${hint.layer}`})`);
  const more = failing.length > LISTED ? `, and ${failing.length - LISTED} more` : "";
  const count = failing.length === 1 ? "1 hint fails" : `${failing.length} hints fail`;
  return { name, status: "fail", value: failing.length, threshold: 0, message: `${count} the gate (${scope}${extra}): ${listed.join(", ")}${more}` };
}
