import React from "react";
import { Text } from "ink";
import { printable } from "../../tar/path.js";
import { fit, padEnd } from "../state/format.js";
import type { UiState } from "../state/ui-state.js";

/** The status line's place while a question waits (extract?) or a message shows (copied, extracted…). */
export function MessageLine({ state, cwd, width }: { state: UiState; cwd?: string; width: number }): React.JSX.Element {
  const text = state.confirm
    ? ` Extract ${printable(state.confirm.path)} (as after layer ${state.confirm.layer}) into ${printable(cwd ?? ".")}? y/n`
    : ` ${state.message ?? ""}`;
  return (
    <Text inverse wrap="truncate">
      {padEnd(fit(text, width), width)}
    </Text>
  );
}
