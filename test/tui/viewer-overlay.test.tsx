import { render } from "ink-testing-library";
import { describe, expect, it } from "vitest";
import { ViewerOverlay } from "../../src/tui/components/ViewerOverlay.js";
import type { LoadedView } from "../../src/tui/use-view-content.js";

function title(view: LoadedView): string {
  const lines = { count: 1, line: () => ({ kind: "note" as const, text: view.message ?? "" }) };
  const ui = render(
    <ViewerOverlay viewer={{ path: "/bin", layer: 0, mode: "file", scroll: 0 }} view={view} lines={lines} width={80} rows={5} colors={false} />,
  );
  const first = (ui.lastFrame() ?? "").split("\n")[0];
  ui.unmount();
  return first.trimEnd();
}

describe("the viewer's title", () => {
  it("calls a file text or hex, and a message neither", () => {
    expect(title({ key: "k", loading: false, message: "/bin: a directory, not a regular file" })).toBe(" /bin · layer 0");
    const file = { path: "/bin", layer: 0, bytes: Buffer.from("hi\n"), size: 3, binary: false, member: "0:0" };
    expect(title({ key: "k", loading: false, file })).toBe(" /bin · layer 0  3 B · text");
  });
});
