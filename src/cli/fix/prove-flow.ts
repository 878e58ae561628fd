import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { Analysis } from "../../analysis/types.js";
import { buildImage } from "../../builders/build-image.js";
import { proveFix, type FixProof } from "../../fix/proof/prove.js";
import type { FixPlan } from "../../fix/types.js";
import { loadAnalysis, type LoadOptions } from "../load-analysis.js";
import { buildRequest, type FixBuild } from "./fix-build.js";

/**
 * `--prove`: the patched Dockerfile (and .dockerignore), written to the run's own temporary folder, built with the
 * same builder, context, target, build arguments and builder flags; the image analysed and measured against the
 * original. The secrets a fix now mounts are passed from the values the original build had (its --build-arg, or
 * the ARG's default in the Dockerfile, or the ENV of the original image), through files in that folder.
 */
export async function proveFlow(build: FixBuild, plan: FixPlan, before: Analysis, load: LoadOptions): Promise<FixProof> {
  const dir = join(build.workDir, "after");
  mkdirSync(dir, { recursive: true });
  const dockerfile = join(dir, "Dockerfile");
  writeFileSync(dockerfile, plan.dockerfile.after);
  let ignoreFile: string | undefined;
  if (plan.dockerignore) {
    // buildah and podman take --ignorefile; docker (BuildKit) reads DOCKERFILE.dockerignore beside the Dockerfile
    ignoreFile = join(dir, "Dockerfile.dockerignore");
    writeFileSync(ignoreFile, plan.dockerignore.after);
  }
  const secrets = plan.fixes
    .flatMap((fix) => fix.secrets ?? [])
    .flatMap((id) => {
      const value = secretValue(id, [...(build.flags.buildArg ?? []), ...argDefaults(plan.dockerfile.before)], before.config.env);
      if (value === undefined) return [];
      const file = join(dir, `secret-${id}`);
      writeFileSync(file, value, { mode: 0o600 });
      return [{ id, file }];
    });
  const request = { ...buildRequest(build, dockerfile), ignoreFile, secrets };
  const built = await buildImage(build.builder, request, dir, build.io, true);
  const after = await loadAnalysis(built.location.reference, { ...build.flags, ...built.location.flags, tag: undefined }, build.io, load);
  return proveFix(plan, before, after);
}

function secretValue(id: string, buildArgs: string[], env: string[]): string | undefined {
  for (const list of [buildArgs, env]) {
    const entry = list.find((arg) => arg.startsWith(`${id}=`));
    if (entry !== undefined) return entry.slice(id.length + 1);
  }
  return undefined;
}

/** `NAME=value` of each `ARG NAME=value` of the Dockerfile (quotes removed). */
function argDefaults(dockerfile: string): string[] {
  return [...dockerfile.matchAll(/^[ \t]*ARG[ \t]+([A-Za-z_][A-Za-z0-9_]*)=("[^"\r\n]*"|'[^'\r\n]*'|[^\s"']*)[ \t]*\r?$/gim)].map(
    ([, name, value]) => `${name}=${/^["']/.test(value) ? value.slice(1, -1) : value}`,
  );
}
