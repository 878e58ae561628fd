import type { Analysis } from "../analysis/types.js";
import type { ImageSource } from "../sources/types.js";
import type { CliIo } from "./io.js";
import { loadAnalysis, type LoadOptions, type SourceFlags } from "./load-analysis.js";

/** An analysis whose source stays open until `release` (to read file contents after another image was analysed). */
export interface HeldAnalysis {
  analysis: Analysis;
  source: ImageSource;
  /** Closes the source; throws what closing it threw */
  release(): Promise<void>;
}

export async function holdAnalysis(reference: string, flags: SourceFlags, io: CliIo, load: LoadOptions): Promise<HeldAnalysis> {
  let release!: () => void;
  const released = new Promise<void>((resolve) => (release = resolve));
  let opened!: (held: { analysis: Analysis; source: ImageSource }) => void;
  const ready = new Promise<{ analysis: Analysis; source: ImageSource }>((resolve) => (opened = resolve));
  const done = loadAnalysis(reference, flags, io, {
    ...load,
    withSource: async (source, analysis) => {
      opened({ source, analysis });
      await released;
    },
  });
  done.catch(() => {}); // thrown by the race below, or by release()
  const held = await Promise.race([ready, done.then(() => ready)]);
  return {
    ...held,
    release: async () => {
      release();
      await done;
    },
  };
}
