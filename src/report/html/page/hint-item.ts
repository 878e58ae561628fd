import type { Hint } from "../../../analysis/hints/types.js";
import { bytes, el, printable } from "./dom.js";

/** One hint of a list: its severity, message and bytes, its fix, then whatever the view adds (where it comes from). */
export function hintItem(hint: Hint, ...more: HTMLElement[]): HTMLElement {
  return el(
    "li",
    { class: `hint ${hint.severity}` },
    el(
      "div",
      { class: "hint-head" },
      el("span", { class: "badge" }, hint.severity),
      " ",
      printable(hint.message),
      hint.bytes > 0 ? ` (${bytes(hint.bytes)})` : "",
    ),
    el("div", { class: "hint-fix" }, "fix: ", printable(hint.fix)),
    ...more,
  );
}
