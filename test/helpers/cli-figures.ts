import { spawnSync } from "node:child_process";
import { dirname } from "node:path";
import { expect } from "vitest";
import { integrationOnly } from "./project.js";
import { realImage } from "./realimages.js";

export interface CliResult {
  status: number | null;
  stdout: string;
  stderr: string;
}

export interface RunAs {
  uid?: number;
  gid?: number;
  /** another copy of bin/layerscope.js (one another user can read, see other-user.ts), run from its directory */
  bin?: string;
}

/** The built CLI (dist/, built by the global setup), with the given extra environment. */
export function runCli(args: string[], env: NodeJS.ProcessEnv = {}, { bin, ...user }: RunAs = {}): CliResult {
  integrationOnly("the built CLI");
  const result = spawnSync(process.execPath, [bin ?? "bin/layerscope.js", ...args], {
    encoding: "utf8",
    env: { ...process.env, CI: "", ...env },
    timeout: 600_000,
    ...(bin ? { cwd: dirname(bin) } : {}),
    ...user,
  });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

/**
 * The figures of a `--json -` report that depend on the image only, not on where it was read from: the reference,
 * format, names, manifest digest, the base attribution's wording and the stored blobs' digests, sizes, media types and compression are left out.
 */
export function figures(stdout: string): unknown {
  const { image, layers, waste } = JSON.parse(stdout) as { image: Record<string, unknown>; layers: Array<Record<string, unknown>>; waste: unknown };
  // base: the evidence depends on what the source keeps (an OCI manifest's base annotation, a store to look it up in)
  const { reference: _r, format: _f, name: _n, manifestDigest: _m, compressedBytes: _c, base: _base, ...rest } = image;
  return { image: rest, layers: layers.map(({ digest: _d, blobSize: _b, mediaType: _t, compression: _z, ...l }) => l), waste };
}

/** The figures of a real image read from its docker-archive export, the form the other sources must match. */
export function archiveFigures(name: string): unknown {
  const result = runCli([realImage(name, "docker-archive"), "--json", "-", "--no-cache"]);
  if (result.status !== 0) throw new Error(`layerscope on ${name}'s docker archive failed: ${result.stderr}`);
  return figures(result.stdout);
}

/** Runs the CLI in CI mode on arguments that must fail with exit 2 and a one-line message; the message. */
export function oneLineError(args: string[], env: NodeJS.ProcessEnv = {}, options: RunAs = {}): string {
  const result = runCli([...args, "--ci", "--no-cache"], env, options);
  expect(result.status).toBe(2);
  expect(result.stderr.trim().split("\n")).toHaveLength(1);
  return result.stderr;
}
