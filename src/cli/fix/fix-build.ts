import type { BuilderName } from "../../builders/builders.js";
import type { CliIo } from "../io.js";
import type { SourceFlags } from "../load-analysis.js";
import type { RuleFlags } from "../settings.js";

export interface FixFlags extends SourceFlags, RuleFlags {
  file?: string;
  target?: string;
  image?: string;
  apply?: string;
  write?: boolean;
  diff?: boolean;
  prove?: boolean;
  json?: string;
  markdown?: string;
  sarif?: string;
  builder?: string;
  buildArg: string[];
  color: boolean;
}

/** What the flow knows of the build, for the original and the patched image alike. */
export interface FixBuild {
  builder: BuilderName;
  contextDir: string;
  dockerfile: string;
  flags: FixFlags;
  extraArgs: string[];
  workDir: string;
  io: CliIo;
}

/** The build request of the original image or of the patched Dockerfile: same context, target, arguments, flags. */
export function buildRequest(build: FixBuild, dockerfile: string) {
  return { context: build.contextDir, dockerfile, target: build.flags.target, buildArgs: build.flags.buildArg ?? [], extraArgs: build.extraArgs };
}
