import { render } from "ink-testing-library";
import { describe, expect, it } from "vitest";
import { PackagesOverlay } from "../../src/tui/components/PackagesOverlay.js";
import type { PackageInfo, PackageReport } from "../../src/packages/types.js";

const pkg = { ecosystem: "python", name: "myapp", version: "0.3.1", bytes: 211_000, files: 13, layer: 3, reason: "requested" } as PackageInfo;
const report: PackageReport = {
  packages: [pkg],
  removed: [],
  unownedBytes: 121_000_000,
  unownedFiles: 2111,
  ownedBytes: 211_000,
  ecosystems: ["python"],
  warnings: [],
};

function title(layer?: number): string {
  const ui = render(
    <PackagesOverlay report={report} rows={[{ pkg, index: 0 }]} cursor={0} sort="bytes" layer={layer} width={140} height={10} colors={false} />,
  );
  const first = (ui.lastFrame() ?? "").split("\n")[0];
  ui.unmount();
  return first;
}

describe("the packages overlay's title", () => {
  it("says the bytes of no package are the image's when it lists one layer's packages", () => {
    expect(title()).toContain("image · 1 package · 211 kB · largest first · no package: 121 MB");
    expect(title(3)).toContain("layer 3 · 1 package · 211 kB · largest first · no package in the image: 121 MB");
  });
});
