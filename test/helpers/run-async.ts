import { spawn } from "node:child_process";

/**
 * The built CLI as a child process that leaves the test's own process free (to serve a proxy, or to run several at
 * once); `input` goes to its standard input.
 */
export function runCliAsync(args: string[], env: NodeJS.ProcessEnv = {}, input = ""): Promise<{ status: number | null; stdout: string; stderr: string }> {
  return runCommandAsync(process.execPath, ["bin/layerscope.js", ...args], env, input);
}

/** Any command as a child process (a recipe's shell script), with the given extra environment. */
export function runCommandAsync(command: string, args: string[], env: NodeJS.ProcessEnv = {}, input = ""): Promise<{ status: number | null; stdout: string; stderr: string }> {
  return new Promise((done) => {
    const child = spawn(command, args, { env: { ...process.env, CI: "", ...env } });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
    child.on("close", (status) => done({ status, stdout, stderr }));
    child.stdin.end(input);
  });
}
