import { describe, expect, it } from "vitest";
import { fleetReport, parseFleetReport } from "../../src/fleet/fleet-report.js";
import { row } from "../report/fleet/fleet-rows.js";

/** A fleet report of two rows as `fleet --json` writes it, with `edit` applied to its JSON before it is read back. */
function readBack(edit: (json: { images: Record<string, unknown>[]; shard?: unknown }) => void): () => unknown {
  const json = JSON.parse(JSON.stringify(fleetReport([row("reg/a:1", "pass"), row("reg/b:1", "fail")], { ignoreBase: false })));
  edit(json);
  return () => parseFleetReport(JSON.stringify(json), "shard-1.json");
}

describe("parseFleetReport", () => {
  it("reads back what fleet --json wrote", () => {
    expect((readBack(() => {})() as { images: unknown[] }).images).toHaveLength(2);
  });

  it("refuses a row whose figures are not numbers, naming the image and the field, rather than summing strings", () => {
    const blob = readBack((json) => {
      (json.images[1].layers as Record<string, unknown>[])[0].blobSize = "x";
    });
    expect(blob).toThrow("shard-1.json: its images are not fleet rows (image 2: layers[0].blobSize is not a number)");
    expect(readBack((json) => void (json.images[0].totalBytes = null))).toThrow("(image 1: totalBytes is not a number)");
    expect(readBack((json) => void delete json.images[0].layers)).toThrow("(image 1: no layers)");
    expect(readBack((json) => void (json.images[0].base = null))).toThrow("(image 1: no base)");
    expect(readBack((json) => void (json.images[0].packages = [{ name: "x" }]))).toThrow("(image 1: packages are not a list of packages with their bytes)");
    expect(readBack((json) => void (json.images[0].failedRules = "min-efficiency"))).toThrow("(image 1: failedRules is not a list of rule names)");
  });

  it("takes a row that could not be analysed as it is, and refuses a shard that is not I/N", () => {
    expect(readBack((json) => void (json.images[0] = { reference: "reg/c:1", status: "error", error: "no such image" }))).not.toThrow();
    expect(readBack((json) => void (json.shard = { index: "a", count: 2 }))).toThrow("shard-1.json: its shard is not I/N");
    expect(readBack((json) => void (json.shard = { index: 2, count: 2 }))).toThrow("its shard is not I/N");
  });
});
