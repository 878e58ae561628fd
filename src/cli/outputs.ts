import { constants } from "node:fs";
import { access, open, stat } from "node:fs/promises";
import { dirname, normalize, resolve, sep } from "node:path";
import { UsageError } from "./errors.js";
import type { CliIo } from "./io.js";
import { fsErrorReason } from "../fs/fs-error.js";
import { localPathsOf } from "../sources/open.js";

export interface ReportTargets {
  json?: string;
  junit?: string;
  markdown?: string;
  sarif?: string;
  html?: string;
}

const STREAM_BATCH = 256 * 1024;

const REPORTS: (keyof ReportTargets)[] = ["json", "junit", "markdown", "sarif", "html"];

/**
 * Which report, if any, goes to stdout (`-`); at most one may, and no two may name one file (the second would
 * silently replace the first; a device such as /dev/null takes any number). An empty name (`--json "$OUT"` with
 * OUT unset) would be the working directory.
 */
export function stdoutReport(targets: ReportTargets): keyof ReportTargets | undefined {
  const empty = REPORTS.find((key) => targets[key] === "");
  if (empty) throw new UsageError(`--${empty} needs a file name, or - for stdout`);
  const toStdout = REPORTS.filter((key) => targets[key] === "-");
  if (toStdout.length > 1) throw new UsageError(`only one report can go to stdout, not ${toStdout.map((key) => `--${key}`).join(" and ")}`);
  const files = REPORTS.filter((key) => typeof targets[key] === "string" && targets[key] !== "-" && !normalize(targets[key]).startsWith("/dev/"));
  for (const [i, key] of files.entries()) {
    const same = files.slice(i + 1).find((other) => normalize(targets[other] ?? "") === normalize(targets[key] ?? ""));
    if (same) throw new UsageError(`--${key} and --${same} both write ${targets[key]}: give each report a file of its own`);
  }
  return toStdout[0];
}

/** The inputs a command was given, those it was not left out */
export const inputsOf = (...inputs: Array<string | undefined>): string[] => inputs.filter((input): input is string => input !== undefined);

/**
 * Fails when a report would be written over one of the command's inputs (an image archive, a file of an image
 * directory, a report being merged): `layerscope app.tar --html app.tar` would replace the image with the page.
 * The same file under another name (a link, `./app.tar`) is caught by its device and inode.
 */
export async function checkReportsSpareInputs(targets: ReportTargets, inputs: readonly string[], io: CliIo): Promise<void> {
  const files: Array<{ input: string; path: string; directory: boolean; dev: number; ino: number }> = [];
  for (const input of inputs) {
    for (const candidate of localPathsOf(input)) {
      const path = resolve(io.cwd, candidate);
      const info = candidate === "" ? undefined : await stat(path).catch(() => undefined);
      if (!info) continue;
      files.push({ input, path, directory: info.isDirectory(), dev: info.dev, ino: info.ino });
      break;
    }
  }
  if (files.length === 0) return;
  for (const key of REPORTS) {
    const target = targets[key];
    if (typeof target !== "string" || target === "-" || target === "") continue;
    const path = resolve(io.cwd, target);
    const info = await stat(path).catch(() => undefined);
    if (!info) continue;
    const input = files.find((file) => (info.dev === file.dev && info.ino === file.ino) || (file.directory && path.startsWith(file.path + sep)));
    if (input)
      throw new UsageError(
        `--${key} ${target} would overwrite ${input.directory && info.ino !== input.ino ? "a file of " : ""}the input ${input.input}: write the report to another file`,
      );
  }
}

/**
 * Fails when a report file cannot be written (its folder missing or read-only, a folder in its place): `build` and
 * `fix` call it before their builds, which take minutes, and before `fix --write` changes any file.
 */
export async function checkReportTargets(targets: ReportTargets, io: CliIo): Promise<void> {
  for (const target of Object.values(targets)) {
    if (typeof target !== "string" || target === "-" || target === "") continue; // a bare --json is stdout
    const path = resolve(io.cwd, target);
    try {
      const existing = await stat(path).catch(() => undefined);
      if (existing?.isDirectory()) throw Object.assign(new Error("is a directory"), { code: "EISDIR" });
      // a file there (/dev/stderr too) must take writes; else its folder must take a new file
      await access(existing ? path : dirname(path), constants.W_OK);
    } catch (error) {
      throw new UsageError(`cannot write report ${target}: ${fsErrorReason(error)}`);
    }
  }
}

/** Writes a report to a file, or to stdout for `-`; a report may come in pieces (see jsonReportChunks) or as UTF-8. */
export async function writeReport(target: string, content: string | Buffer | Iterable<string | Buffer>, io: CliIo): Promise<void> {
  const pieces = typeof content === "string" || Buffer.isBuffer(content) ? [content] : content;
  if (target === "-") {
    for (const piece of pieces) {
      if (typeof piece === "string") io.stdout(piece);
      else if (io.stdoutBytes) io.stdoutBytes(piece);
      else io.stdout(piece.toString());
    }
    return;
  }
  try {
    const handle = await open(resolve(io.cwd, target), "w");
    try {
      for (const piece of pieces) await (typeof piece === "string" ? handle.write(piece) : handle.write(piece));
    } finally {
      await handle.close();
    }
  } catch (error) {
    throw new UsageError(`cannot write report ${target}: ${fsErrorReason(error)}`);
  }
}

/** Writes a report given as chunks (the streamed JSON), in batches: the whole text is never held at once. */
export async function writeReportChunks(target: string, chunks: Iterable<string>, io: CliIo): Promise<void> {
  const write = target === "-" ? undefined : await openTarget(target, io);
  try {
    let batch = "";
    for (const chunk of chunks) {
      batch += chunk;
      if (batch.length < STREAM_BATCH) continue;
      if (write) await write.write(batch);
      else io.stdout(batch);
      batch = "";
    }
    if (write) await write.write(batch);
    else io.stdout(batch);
  } catch (error) {
    throw new UsageError(`cannot write report ${target}: ${fsErrorReason(error)}`);
  } finally {
    await write?.close();
  }
}

async function openTarget(target: string, io: CliIo) {
  try {
    return await open(resolve(io.cwd, target), "w");
  } catch (error) {
    throw new UsageError(`cannot write report ${target}: ${fsErrorReason(error)}`);
  }
}
