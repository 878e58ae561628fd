import { describe, expect, it } from "vitest";
import { ITEMS_PER_STEP, runSteps, runStepsPausing, sortSteps, type Steps } from "../../src/steps/steps.js";
import { MergedTree } from "../../src/tree/merge.js";
import { ReplayTreeModel } from "../../src/tree/model.js";
import { dir, file } from "../tree/entries.js";

function* counting(count: number, log: string[]): Steps<number> {
  for (let i = 0; i < count; i++) {
    log.push(`step ${i}`);
    yield;
  }
  return count;
}

const busy = (ms: number) => {
  const until = performance.now() + ms;
  while (performance.now() < until);
};

describe("steps", () => {
  it("runs every step at once and returns the result", () => {
    const log: string[] = [];
    expect(runSteps(counting(3, log))).toBe(3);
    expect(log).toEqual(["step 0", "step 1", "step 2"]);
  });

  it("pauses once the steps have run for the given time, not after every step", async () => {
    let pauses = 0;
    function* slow(): Steps<string> {
      for (let i = 0; i < 6; i++) {
        busy(4);
        yield;
      }
      return "done";
    }
    const result = await runStepsPausing(slow(), 10, async () => {
      pauses++;
    });
    expect(result).toBe("done");
    expect(pauses).toBeGreaterThanOrEqual(1);
    expect(pauses).toBeLessThan(6);
  });

  it("a large layer's merge and tree come in many steps, the same as at once", () => {
    const entries = [dir("d/"), ...Array.from({ length: 3 * ITEMS_PER_STEP }, (_, i) => file(`d/f${i}`, i))];
    let steps = 0;
    const tree = new MergedTree();
    const merging = tree.applyLayerSteps(0, entries, true);
    let next = merging.next();
    for (; !next.done; next = merging.next()) steps++;
    expect(steps).toBeGreaterThanOrEqual(3);
    const changes = [next.value!];
    expect(changes[0]).toEqual(new MergedTree().applyLayer(0, entries, true));

    const model = new ReplayTreeModel([{ entries }], changes);
    let treeSteps = 0;
    const building = model.treeAtSteps(0);
    let built = building.next();
    for (; !built.done; built = building.next()) treeSteps++;
    expect(treeSteps).toBeGreaterThanOrEqual(3);
    expect(built.value).toEqual(new ReplayTreeModel([{ entries }], changes).treeAt(0));
  });
});

describe("sortSteps", () => {
  it("sorts as Array.prototype.sort does, stably, in many steps for many items", () => {
    const items = Array.from({ length: 5 * ITEMS_PER_STEP + 123 }, (_, i) => ({ key: (i * 7919) % 1000, order: i }));
    const expected = [...items].sort((a, b) => a.key - b.key);
    let steps = 0;
    const sorting = sortSteps(items, (a, b) => a.key - b.key);
    let next = sorting.next();
    for (; !next.done; next = sorting.next()) steps++;
    expect(next.value).toBe(items);
    expect(items).toEqual(expected);
    expect(steps).toBeGreaterThan(5);
  });

  it("sorts a short list in one step", () => {
    const sorting = sortSteps([3, 1, 2], (a, b) => a - b);
    expect(sorting.next()).toEqual({ done: true, value: [1, 2, 3] });
  });
});
