import { setFlagsFromString } from "node:v8";

/**
 * V8 settings for the layerscope process (not for the library: only bin/layerscope.js calls this). Most runs are
 * short, and V8's defaults suit long-lived servers: the young generation doubles up to 16 MiB semi-spaces (about
 * 10 MB of peak RSS on a 300 MB image, for nothing once the run ends), and TurboFan optimises functions that have
 * run for about 67 KB of bytecode, spending a third of a medium image's CPU time compiling code that is about to
 * exit. Measured in README "Performance". An image found to be large gets the default young generation back
 * (noteEntriesRead), where the smaller one would cost scavenges; the later tier-up costs nothing there.
 */
export function tuneForShortRun(): void {
  setFlagsFromString("--semi-space-growth-factor=1");
  setFlagsFromString(`--interrupt-budget=${4 * 66 * 1024}`);
  tuned = true;
}

/** From this many entries read, the image is large enough for V8's default young generation. */
const LARGE_IMAGE_ENTRIES = 40_000;
let tuned = false;

/**
 * Whether V8 still runs with the flags tuneForShortRun set. V8 keys its code cache by its flags, so
 * bin/layerscope.js sets them before compiling the CLI bundle and saves a code cache only while they hold.
 */
export function tunedForShortRun(): boolean {
  return tuned;
}

/** Called as layers are read: restores the young generation's growth once the image proves large. */
export function noteEntriesRead(entries: number): void {
  if (!tuned || entries < LARGE_IMAGE_ENTRIES) return;
  setFlagsFromString("--semi-space-growth-factor=2");
  tuned = false;
}
