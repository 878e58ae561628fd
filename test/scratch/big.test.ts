import { test } from "vitest";
import { statSync } from "node:fs";
import { fileByteReader } from "../../src/tar/byte-reader.js";
import { readTar } from "../../src/tar/read-tar.js";
import { analyzeImage } from "../../src/analysis/analyze.js";
import type { ImageSource, LayerBlob } from "../../src/sources/types.js";

test("big", async () => {
  const path = process.env.IMG ?? "/tmp/realimages/export/big/docker-archive.tar";
  const size = statSync(path).size;
  const members = new Map<string, { offset: number; size: number; buffer?: Buffer }>();
  const r = await fileByteReader(path, 0, size);
  await readTar(r, {
    onEntry(e) { members.set(e.path, { offset: e.dataOffset, size: e.size }); return e.path.endsWith(".json") ? "buffer" : "skip"; },
    onContent(e, c) { members.get(e.path)!.buffer = c.buffer; },
  });
  await r.close();
  const manifest = JSON.parse(members.get("manifest.json")!.buffer!.toString())[0];
  const config = JSON.parse(members.get(manifest.Config)!.buffer!.toString());
  const layers: LayerBlob[] = manifest.Layers.map((l: string, index: number) => ({
    index, digest: l, open: async () => ({ kind: "file", path, offset: members.get(l)!.offset, length: members.get(l)!.size }),
  }));
  const source: ImageSource = {
    reference: path, format: "docker-archive",
    config: { diffIds: config.rootfs.diff_ids, history: config.history.map((h: { created_by: string; empty_layer?: boolean }) => ({ createdBy: h.created_by ?? "", emptyLayer: !!h.empty_layer })), env: [], labels: {}, raw: config },
    layers, close: async () => {},
  };
  const t0 = performance.now();
  const a = await analyzeImage(source);
  const t1 = performance.now();
  const { dive, ...img } = a.summary.image;
  console.log(JSON.stringify(img), JSON.stringify({ ...dive, fileReference: dive.fileReference.length }));
  console.log(a.summary.layers.map((l) => `${l.index} ${l.sizeBytes} +${l.added} ~${l.modified} -${l.removed} ${l.command.slice(0, 60)}`).join("\n"));
  console.log("analyze ms", Math.round(t1 - t0), "rss MB", Math.round(process.memoryUsage().rss / 1e6));
  const t2 = performance.now(); a.tree.treeAt(a.summary.layers.length - 1); console.log("treeAt ms", Math.round(performance.now() - t2));
}, 600000);
