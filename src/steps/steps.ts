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
