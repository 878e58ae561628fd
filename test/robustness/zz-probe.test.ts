import { it } from "vitest";
import { Readable } from "node:stream";
import { streamByteReader } from "../../src/tar/byte-reader.js";
import { readTar } from "../../src/tar/read-tar.js";
import { rawTar, rawFile, paxRecord } from "../../test/robustness/raw-tar.js";
it("global pax many records", async () => {
  for (const [n, files] of [[100000, 1000], [1000000, 2000]] as const) {
    const recs = Array.from({ length: n }, (_, i) => paxRecord("k" + i, "v")).join("");
    const members = [{ pax: recs, global: true }, ...Array.from({ length: files }, (_, i) => rawFile("f" + i, "x"))];
    const tar = rawTar(members as never);
    const t = Date.now();
    let c = 0;
    await readTar(streamByteReader(Readable.from([tar])), { onEntry() { c++; } });
    console.log(n, files, tar.length, c, Date.now() - t, "ms");
  }
}, 600000);
