import { spawn } from "node:child_process";
import { PassThrough, type Readable } from "node:stream";
import { ImageError } from "./types.js";

/** How the message of a failed command names it: `containerd at /run/…sock`, `containers-storage`. */
export interface CommandContext {
  where: string;
  /** The package that brings the command, for the error when it is not installed */
  installHint: string;
}

const STDERR_KEEP = 8192;

/** The last meaningful line a command wrote to stderr, without Go's log prefixes. */
function lastLine(stderr: string): string {
  const lines = stderr
    .split("\n")
    .map((l) => l.trim())
    .filter((l) => l !== "" && !/level=(info|debug|warning)/.test(l));
  const line = lines.at(-1) ?? "";
  const message = /^time="[^"]*" level=\w+ msg="(.*)"$/.exec(line)?.[1].replace(/\\"/g, '"') ?? line;
  return message.replace(/^(ctr|Error): /, "");
}

/** The command a source needs is not on PATH. */
export class CommandMissingError extends ImageError {}

function notInstalled(command: string, context: CommandContext): ImageError {
  return new CommandMissingError(`${context.where}: the ${command} command is not installed (${context.installHint})`);
}

/** Runs a command to its end and returns its stdout (at most `limit` bytes); a failure is an ImageError. */
export function runCommand(command: string, args: string[], context: CommandContext, limit = 64 << 20): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { stdio: ["ignore", "pipe", "pipe"] });
    const chunks: Buffer[] = [];
    let size = 0;
    let stderr = "";
    let failure: ImageError | undefined;
    child.stdout.on("data", (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        failure ??= new ImageError(`${context.where}: ${command} ${args.find((a) => !a.startsWith("-")) ?? ""} answered more than ${limit} bytes`);
        child.kill();
        return;
      }
      chunks.push(chunk);
    });
    child.stderr.on("data", (chunk: Buffer) => {
      stderr = (stderr + chunk.toString("utf8")).slice(-STDERR_KEEP);
    });
    child.on("error", (err: NodeJS.ErrnoException) => {
      failure ??= err.code === "ENOENT" ? notInstalled(command, context) : new ImageError(`${context.where}: ${command}: ${err.message}`);
    });
    child.on("close", (code, signal) => {
      if (failure) reject(failure);
      else if (code !== 0) reject(new ImageError(`${context.where}: ${lastLine(stderr) || `${command} exited with ${code ?? signal}`}`));
      else resolve(Buffer.concat(chunks));
    });
  });
}

/**
 * A command's stdout as a stream. A non-zero exit makes the stream fail with the command's last stderr line, so
 * that a truncated answer is never taken for a whole one; destroying the stream stops the command.
 */
export function streamCommand(command: string, args: string[], context: CommandContext): Readable {
  const out = new PassThrough({ highWaterMark: 1 << 20 });
  // A group of its own, so that stopping a `bash -c "a | b"` stops a and b too.
  const child = spawn(command, args, { stdio: ["ignore", "pipe", "pipe"], detached: true });
  let stderr = "";
  let stdoutEnded = false;
  let exit: { code: number | null; signal: NodeJS.Signals | null } | undefined;
  const finish = () => {
    if (!stdoutEnded || !exit || out.destroyed) return;
    if (exit.code === 0) out.end();
    else out.destroy(new ImageError(`${context.where}: ${lastLine(stderr) || `${command} exited with ${exit.code ?? exit.signal}`}`));
  };
  child.stdout.on("data", (chunk: Buffer) => {
    if (!out.write(chunk)) child.stdout.pause();
  });
  out.on("drain", () => child.stdout.resume());
  child.stdout.on("end", () => {
    stdoutEnded = true;
    finish();
  });
  child.stderr.on("data", (chunk: Buffer) => {
    stderr = (stderr + chunk.toString("utf8")).slice(-STDERR_KEEP);
  });
  child.on("error", (err: NodeJS.ErrnoException) => {
    out.destroy(err.code === "ENOENT" ? notInstalled(command, context) : new ImageError(`${context.where}: ${command}: ${err.message}`));
  });
  child.on("close", (code, signal) => {
    exit = { code, signal };
    stdoutEnded = true;
    finish();
  });
  out.on("close", () => {
    if (exit !== undefined) return;
    try {
      if (child.pid !== undefined) process.kill(-child.pid, "SIGTERM");
    } catch {
      child.kill();
    }
    child.stdout.destroy();
    child.stderr.destroy();
  });
  return out;
}
