import { existsSync } from "node:fs";
import type { Hint } from "../analysis/hints/types.js";
import type { ImageAnalysis } from "../analysis/types.js";
import { safeJson } from "../tar/path.js";
import type { CliIo } from "./io.js";
import { writeReport } from "./outputs.js";
import { absolutePath } from "./review-inputs.js";
import { packageVersion } from "./version.js";

/** `--sarif FILE|-`: the hints as SARIF 2.1.0; the SARIF code loads only when asked for. */
export async function writeSarifReport(
  target: string,
  hints: readonly Hint[],
  summary: ImageAnalysis,
  dockerfile: string | undefined,
  io: CliIo,
): Promise<void> {
  const { buildSarifLog, artifactLocation, referenceLocation } = await import("../report/sarif/sarif.js");
  const reference = summary.image.reference;
  const imagePath = localImagePath(reference, io.cwd);
  const log = buildSarifLog(hints, {
    toolVersion: packageVersion(),
    ...(dockerfile !== undefined
      ? { dockerfile: artifactLocation(dockerfile, io.cwd) }
      : { imageArtifact: imagePath !== undefined ? artifactLocation(imagePath, io.cwd) : referenceLocation(reference) }),
    image: { reference, manifestDigest: summary.image.manifestDigest },
    layers: summary.layers,
  });
  // paths in hint messages come from the image: C1 and bidi controls are escaped as in the JSON report
  await writeReport(target, safeJson(JSON.stringify(log, null, 2)) + "\n", io);
}

/** The file or directory an image reference names on disk (`oci:DIR:tag`, `docker-archive:FILE`, `FILE`), if any. */
function localImagePath(reference: string, cwd: string): string | undefined {
  const withoutTransport = reference.replace(/^(?:docker-archive|oci-archive|oci|dir):/, "");
  const withoutTag = withoutTransport.replace(/:[^/:]*$/, "");
  return [reference, withoutTransport, withoutTag].find((candidate) => candidate !== "" && existsSync(absolutePath(candidate, cwd)));
}
