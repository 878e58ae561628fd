import type { Hint } from "../analysis/hints/types.js";
import type { ImageAnalysis } from "../analysis/types.js";
import { safeJson } from "../tar/path.js";
import type { CliIo } from "./io.js";
import { writeReport } from "./outputs.js";
import { packageVersion } from "./version.js";

/** `--sarif FILE|-`: the hints as SARIF 2.1.0; the SARIF code loads only when asked for. */
export async function writeSarifReport(
  target: string,
  hints: readonly Hint[],
  summary: ImageAnalysis,
  dockerfile: string | undefined,
  io: CliIo,
): Promise<void> {
  const { buildSarifLog, dockerfileLocation } = await import("../report/sarif/sarif.js");
  const log = buildSarifLog(hints, {
    toolVersion: packageVersion(),
    ...(dockerfile !== undefined ? { dockerfile: dockerfileLocation(dockerfile, io.cwd) } : {}),
    image: { reference: summary.image.reference, manifestDigest: summary.image.manifestDigest },
    layers: summary.layers,
  });
  // paths in hint messages come from the image: C1 and bidi controls are escaped as in the JSON report
  await writeReport(target, safeJson(JSON.stringify(log, null, 2)) + "\n", io);
}
