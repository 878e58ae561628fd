import { describe, expect, it } from "vitest";
import { PrefixHashes } from "../../src/analysis/prefix-hashes.js";
import { scanLayers, type ScannedLayer } from "../../src/analysis/scan.js";
import { hashShadowedFiles } from "../../src/analysis/shadowed-files.js";
import { openImage } from "../../src/sources/open.js";
import { buildImage, type EntrySpec, type ImageFormat } from "../helpers/build-image.js";

// Layers hashed a few at a time from the bottom (the UI's trees) end with the same hashes as hashShadowedFiles over
// all of them (the analysis then skips it).

async function scanned(path: string): Promise<{ layers: ScannedLayer[]; close: () => Promise<void> }> {
  const source = await openImage(path);
  return { layers: await scanLayers(source.layers), close: () => source.close() };
}

const hashes = (layers: ScannedLayer[]): string[][] => layers.map((layer) => layer.entries.map((entry) => `${entry.path} ${entry.hash ?? "-"}`));

const file = (path: string, content: string, extra: Partial<EntrySpec> = {}): EntrySpec => ({ path, content, ...extra });
const cases: Record<string, EntrySpec[][]> = {
  "re-emitted files, one changed in place, one with another mode": [
    [{ path: "etc/", type: "dir" }, file("etc/a", "AAAA"), file("etc/b", "BBBB"), file("etc/c", "CCCC")],
    [file("etc/x", "x")],
    [file("etc/a", "AAAA"), file("etc/b", "bbbb"), file("etc/c", "CCCC", { mode: 0o600 })],
  ],
  "a hardlink re-emitted after its target changed content": [
    [{ path: "etc/", type: "dir" }, file("etc/target", "AAAA")],
    [{ path: "etc/link", type: "hardlink", linkname: "etc/target" }],
    [file("etc/target", "BBBB")],
    [{ path: "etc/link", type: "hardlink", linkname: "etc/target" }],
  ],
  "a hardlink to a file of an older layer, its path re-emitted later": [
    [{ path: "opt/", type: "dir" }, file("opt/t1", "1111"), file("opt/t2", "2222")],
    [{ path: "opt/h", type: "hardlink", linkname: "opt/t1" }],
    [file("opt/t2", "2222")],
    [{ path: "opt/h", type: "hardlink", linkname: "opt/t2" }, file("opt/t1", "1112")],
  ],
  "a first layer that lists a path twice, the second time as a hardlink": [
    [{ path: "etc/", type: "dir" }, file("etc/t", "TTTT"), file("etc/d", "DDDD"), { path: "etc/d", type: "hardlink", linkname: "etc/t" }],
    [file("etc/t", "TTTT"), file("etc/d", "DDDD")],
  ],
};

describe("PrefixHashes", () => {
  for (const format of ["docker-archive", "oci-layout"] as ImageFormat[]) {
    for (const [name, layers] of Object.entries(cases)) {
      it(`hashes what hashShadowedFiles hashes, layer by layer: ${name} (${format})`, async () => {
        const built = await buildImage({ layers }, { format });
        const whole = await scanned(built.path);
        const stepwise = await scanned(built.path);
        try {
          const before = hashes(whole.layers);
          await hashShadowedFiles(whole.layers);
          // (a stream layer's small files are hashed as they are read: only the local tar leaves work to compare)
          if (format === "docker-archive") expect(hashes(whole.layers)).not.toEqual(before);
          const prefix = new PrefixHashes();
          for (let count = 1; count <= stepwise.layers.length; count++) await prefix.extend(stepwise.layers.slice(0, count));
          // the bottom layer alone, too (its own way: it pairs with no other layer)
          const first = await scanned(built.path);
          const firstAlone = first.layers.slice(0, 1);
          await new PrefixHashes().extend(firstAlone);
          const firstWhole = await scanned(built.path);
          await hashShadowedFiles(firstWhole.layers.slice(0, 1));
          expect(hashes(firstAlone)).toEqual(hashes(firstWhole.layers.slice(0, 1)));
          await first.close();
          await firstWhole.close();
          expect(hashes(stepwise.layers)).toEqual(hashes(whole.layers));
          // and the whole image at once, as the feed does when two layers arrive together
          const atOnce = await scanned(built.path);
          await new PrefixHashes().extend(atOnce.layers);
          expect(hashes(atOnce.layers)).toEqual(hashes(whole.layers));
          await atOnce.close();
        } finally {
          await whole.close();
          await stepwise.close();
        }
      });
    }
  }
});
