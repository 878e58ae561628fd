import { readFileSync } from "node:fs";
import { expect, test } from "vitest";
import { demoSpec } from "../../fixtures/demo/demo-spec.js";
import { openImage } from "../../src/sources/open.js";
import { buildImage } from "../helpers/build-image.js";
import { layerPaths } from "./read-layers.js";

test("the bundled demo image is what fixtures/demo/make-demo.mjs writes", async () => {
  const built = await buildImage(demoSpec, { format: "docker-archive" });
  const committed = readFileSync("fixtures/demo/demo-image.tar");
  expect(committed.length).toBeLessThan(200 * 1024);
  expect(readFileSync(built.path).equals(committed)).toBe(true);
});

test("the demo image opens with its five layers and history", async () => {
  const source = await openImage("fixtures/demo/demo-image.tar");
  expect(source.layers.length).toBe(5);
  expect(source.config.history.filter((h) => !h.emptyLayer).length).toBe(5);
  const paths = await layerPaths(source);
  expect(paths[3]).toEqual(["app/.wh.build", "app/config.json"]);
});
