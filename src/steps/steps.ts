/**
 * Work done in steps: a generator that yields now and then (every few thousand items of a long loop) and returns its
 * result. Run to the end at once, or with pauses, so that a terminal UI waiting on the same thread answers its keys.
 */
export type Steps<T> = Generator<void, T, void>;

/** With a UI waiting on the same thread: the longest stretch of work before it answers its keys */
export const ANSWER_EVERY_MS = 15;

/** Every how many items of a long loop a step ends */
export const ITEMS_PER_STEP = 8192;

/** Runs every step at once. */
export function runSteps<T>(steps: Steps<T>): T {
  for (;;) {
    const next = steps.next();
    if (next.done) return next.value;
  }
}

/** Runs the steps, awaiting `pause()` whenever they have run for `pauseEveryMs` since the last pause. */
export async function runStepsPausing<T>(steps: Steps<T>, pauseEveryMs: number, pause: () => Promise<void>): Promise<T> {
  let since = performance.now();
  for (;;) {
    const next = steps.next();
    if (next.done) return next.value;
    if (performance.now() - since >= pauseEveryMs) {
      await pause();
      since = performance.now();
    }
  }
}

/** A pause until the event loop has run once (its timers and input included) */
export const nextTurn = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

/**
 * Array.prototype.sort in steps, as stable: runs of ITEMS_PER_STEP items sorted one at a time, then merged pairwise,
 * a step every ITEMS_PER_STEP items merged. Sorts `items` in place and returns it.
 */
export function* sortSteps<T>(items: T[], compare: (a: T, b: T) => number): Steps<T[]> {
  const n = items.length;
  for (let start = 0; start < n; start += ITEMS_PER_STEP) {
    const run = items.slice(start, start + ITEMS_PER_STEP).sort(compare);
    for (let i = 0; i < run.length; i++) items[start + i] = run[i];
    if (n > ITEMS_PER_STEP) yield;
  }
  if (n <= ITEMS_PER_STEP) return items;
  let from = items;
  let to = new Array<T>(n);
  for (let width = ITEMS_PER_STEP; width < n; width *= 2) {
    let done = 0;
    for (let left = 0; left < n; left += 2 * width) {
      const middle = Math.min(left + width, n);
      const end = Math.min(left + 2 * width, n);
      let i = left;
      let j = middle;
      if (middle < end && compare(from[middle - 1], from[middle]) <= 0) {
        // the two runs are in order already (as a tar's paths often are): no comparisons
        for (let k = left; k < end; k++) to[k] = from[k];
        done += end - left;
        if (done >= ITEMS_PER_STEP) {
          done = 0;
          yield;
        }
        continue;
      }
      for (let k = left; k < end; k++) {
        // the left run's item first on a tie: stable
        to[k] = j >= end || (i < middle && compare(from[i], from[j]) <= 0) ? from[i++] : from[j++];
        if (++done % ITEMS_PER_STEP === 0) yield;
      }
    }
    [from, to] = [to, from];
  }
  if (from !== items) for (let i = 0; i < n; i++) items[i] = from[i];
  return items;
}
