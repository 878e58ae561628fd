import { render } from "ink-testing-library";
import { describe, expect, it } from "vitest";
import { WasteOverlay } from "../../src/tui/components/WasteOverlay.js";
import type { WasteRow } from "../../src/tui/state/waste-rows.js";

const copy: WasteRow = {
  kind: "duplicate",
  path: "/usr/share/doc/openssl/changelog.gz",
  copyOf: "/usr/lib/python3/dist-packages/pkg_resources/_vendor/pyparsing/core.py",
  addedBy: 1,
  bytes: 251_000,
  files: 1,
  largest: "/usr/share/doc/openssl/changelog.gz",
};

function rowText(width: number): string {
  const ui = render(<WasteOverlay waste={[copy]} cursor={-1} width={width} rows={3} colors={false} />);
  const row = (ui.lastFrame() ?? "").split("\n")[1].trimEnd();
  ui.unmount();
  return row;
}

describe("the waste overlay", () => {
  it("keeps both a duplicate's own name and the name of the file it copies in view when the row is cut", () => {
    expect(rowText(160)).toMatch(/ \/usr\/share\/doc\/openssl\/changelog\.gz {2}= \/usr\/lib\/python3\/.*\/core\.py$/);
    const cut = rowText(100);
    expect(cut).toMatch(/…[^ ]*\/changelog\.gz {2}= …[^ ]*\/core\.py$/);
    expect([...cut].length).toBeLessThanOrEqual(100);
  });
});
