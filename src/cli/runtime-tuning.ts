import { setFlagsFromString } from "node:v8";

/**
 * V8 settings for the layerscope process (not for the library: only bin/layerscope.js calls this). Most runs are
 * short, and V8's defaults suit long-lived servers: the young generation doubles up to 16 MiB semi-spaces (about
 * 10 MB of peak RSS on a 300 MB image, for nothing once the run ends), and TurboFan optimises functions that have
 * run for about 67 KB of bytecode, spending a third of a medium image's CPU time compiling code that is about to
 * exit; its first compile alone adds 6–8 MB to the peak RSS, however small the function. So a run starts without
 * TurboFan (Ignition and Sparkplug only). Measured in docs/performance.md. An image found to be large gets the
 * default young generation and TurboFan back (noteEntriesRead): there the smaller young generation would cost
 * scavenges and the optimised code pays for itself; TurboFan then optimises four times later than by default.
 */
export function tuneForShortRun(): void {
  setFlagsFromString("--semi-space-growth-factor=1");
  setFlagsFromString("--no-opt");
  setFlagsFromString(`--interrupt-budget=${4 * 66 * 1024}`);
  youngCapped = unoptimised = true;
}

/**
 * From this many entries read, V8's default young generation. Below it the young generation keeps its starting
 * size: the big image (150,000 entries) peaks at 142–150 MB of RSS instead of 192 MB with the heap growth below, for
 * about 0.3 s of CPU more on 1.6 s; the 1M-entry image's scavenges would cost 0.9 s more with it capped.
 */
const LARGE_IMAGE_ENTRIES = 500_000;
/** From this many, for TurboFan (the medium images measured have 6,600–11,300 entries). */
const OPTIMISE_FROM_ENTRIES = 16_000;
/**
 * An image whose stored layers take this much is optimised from the start (the 1 GB image takes 455–897 MiB in its
 * three forms, the medium ones at most 345 MiB): its first 16,000 entries unoptimised cost it 0.2–0.3 s of CPU.
 */
const OPTIMISE_FROM_BYTES = 400 << 20;
/**
 * From these many, V8's old generation may grow by this share of what survived its last full collection before the
 * next one (by default up to four times as much, on a heap it collects fast). By half from 500,000 entries: the
 * 1M-entry image's per-entry structures took the heap to 640 MB for 430 MB alive (peak RSS 760 → 655 MB, for about
 * 0.5 s of CPU more). By 30 % from 100,000: on the big image (150,000 entries) that is about 45 MB with the young
 * generation kept small (above), 5 MB more than by half, for 0.1 s of CPU; alone it is worth under 10 MB.
 */
const HEAP_GROWTH_STEPS = [
  { fromEntries: 100_000, percent: 30 },
  { fromEntries: 500_000, percent: 50 },
];
let entriesRead = 0;
let youngCapped = false;
let unoptimised = false;

/**
 * Whether V8 still runs with all the flags tuneForShortRun set. V8 keys its code cache by its flags, so
 * bin/layerscope.js sets them before compiling the CLI bundle and saves a code cache only while they hold.
 */
export function tunedForShortRun(): boolean {
  return youngCapped && unoptimised && !wasmBaselineOnly;
}

/** Called once the image is open, with the bytes its layers take where they are stored. */
export function noteImageBytes(bytes: number): void {
  if (bytes >= OPTIMISE_FROM_BYTES) optimise();
}

/** Called as layers are read: gives TurboFan and the young generation's growth back as the image proves large. */
export function noteEntriesRead(entries: number): void {
  for (const step of HEAP_GROWTH_STEPS) {
    if (entriesRead < step.fromEntries && entries >= step.fromEntries) setFlagsFromString(`--heap-growing-percent=${step.percent}`);
  }
  entriesRead = Math.max(entriesRead, entries);
  if (entries >= OPTIMISE_FROM_ENTRIES) optimise();
  if (youngCapped && entries >= LARGE_IMAGE_ENTRIES) {
    setFlagsFromString("--semi-space-growth-factor=2");
    youngCapped = false;
  }
}

function optimise(): void {
  if (!unoptimised) return;
  setFlagsFromString("--opt");
  unoptimised = false;
}

let wasmBaselineOnly = false;

/**
 * Before a run compiles WebAssembly (fix's shell parser, 1.3 MB): V8 compiles it with its baseline compiler and
 * then again, optimised, on background threads, which the process waits for before it exits: 0.6 s of CPU and up
 * to seconds of waiting, for a parser that runs for milliseconds. `--liftoff-only` keeps the baseline code (the
 * parse of the test images' RUN lines takes no longer). The flags then differ from the code cache's: none is saved.
 */
export function useBaselineWasm(): void {
  if (wasmBaselineOnly) return;
  setFlagsFromString("--liftoff-only");
  wasmBaselineOnly = true;
}
