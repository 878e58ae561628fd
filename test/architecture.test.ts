/**
 * The layering of src/ (.dependency-cruiser.cjs, docs/architecture.md): rooms import only from the rooms before them
 * in the flow of data, the shared homes import nothing of the project, no import cycle, no UI outside src/tui.
 */
import { cruise, type ICruiseResult } from "dependency-cruiser";
import extractDepcruiseOptions from "dependency-cruiser/config-utl/extract-depcruise-options";
import { copyFileSync, mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { describe, expect, it } from "vitest";

const root = process.cwd();

/** The rule violations found under `baseDir`/src, as "rule: from → to" lines. */
async function violations(baseDir: string): Promise<string[]> {
  const options = await extractDepcruiseOptions(join(root, ".dependency-cruiser.cjs"));
  const { output } = await cruise(["src"], { ...options, baseDir, validate: true });
  const result = output as ICruiseResult;
  return result.summary.violations.map((v) => `${v.rule.name}: ${v.from} → ${v.to}${v.cycle ? ` (${v.cycle.map((step) => step.name).join(" → ")})` : ""}`);
}

/** A small tree of modules (path → source) with the project's tsconfig, in a temporary directory. */
function tree(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), "layerscope-layers-"));
  copyFileSync(join(root, "tsconfig.json"), join(dir, "tsconfig.json"));
  for (const [path, source] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), source);
  }
  return dir;
}

describe("the layering of src/", () => {
  it("holds: no backward import, no cycle, shared homes on their own", async () => {
    expect(await violations(root)).toEqual([]);
  });

  it("catches a backward import, a cycle, a shared home importing a room, an unknown room and Ink outside the UI", async () => {
    const found = await violations(
      tree({
        "src/tar/reader.ts": 'import type { Layer } from "../sources/layer.js";\nexport type Reader = Layer;\n',
        "src/sources/layer.ts": 'export interface Layer { size: number }\n',
        "src/report/a.ts": 'import { b } from "./b.js";\nexport const a = (): number => b() + 1;\n',
        "src/report/b.ts": 'import { a } from "./a.js";\nexport const b = (): number => a() + 1;\n',
        "src/text/escape.ts": 'import type { Layer } from "../sources/layer.js";\nexport const size = (layer: Layer): number => layer.size;\n',
        "src/attic/old.ts": 'import type { Layer } from "../sources/layer.js";\nexport type Old = Layer;\n',
        "src/analysis/draw.ts": 'import { Box } from "ink";\nexport const box = Box;\n',
      }),
    );
    const rules = found.map((line) => line.slice(0, line.indexOf(":")));
    expect(new Set(rules)).toEqual(new Set(["tar-imports-later-room", "no-cycle", "shared-home-imports-project", "room-not-in-layering", "ui-outside-tui"]));
  });
});
