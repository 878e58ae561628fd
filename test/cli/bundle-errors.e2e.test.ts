import { spawnSync } from "node:child_process";
import { writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { describe, expect, it } from "vitest";
import { runCli } from "../helpers/cli-figures.js";
import { tempDirs } from "../helpers/temp-dirs.js";

// The shipped bundles (built by the global setup) keep class and function names, have no long lines, and the
// library's has a source map: an error nobody catches reads as the class and message, not a minified line.

const temp = tempDirs();
const LIBRARY = pathToFileURL(resolve("dist/bundle/index.js")).href;

function uncaught(nodeFlags: string[]): { status: number | null; stderr: string } {
  const script = join(temp("layerscope-uncaught-"), "use.mjs");
  writeFileSync(script, `import { openImage } from ${JSON.stringify(LIBRARY)};\nawait openImage("/nonexistent/image.tar");\n`);
  const result = spawnSync(process.execPath, [...nodeFlags, script], { encoding: "utf8" });
  return { status: result.status, stderr: result.stderr };
}

describe("an error the library's user does not catch", () => {
  it("prints the class name, the message and short lines", () => {
    const { status, stderr } = uncaught([]);
    expect(status).not.toBe(0);
    expect(stderr).toMatch(/^ImageError: no such file: \/nonexistent\/image\.tar$/m);
    expect(stderr).toMatch(/^ {4}at openImage \(/m);
    expect(stderr).not.toContain("[ImageError]");
    expect(Math.max(...stderr.split("\n").map((line) => line.length))).toBeLessThanOrEqual(1000);
    expect(stderr.length).toBeLessThan(4000);
  });

  it("maps its stack to src/ with --enable-source-maps", () => {
    const { stderr } = uncaught(["--enable-source-maps"]);
    expect(stderr).toMatch(/at openImage \(.*src\/sources\/open\.ts:\d+:\d+\)/);
  });
});

describe("the CLI bundle", () => {
  it("names the error class and functions in the stack LAYERSCOPE_DEBUG prints", () => {
    const result = runCli(["/nonexistent/image.tar"], { LAYERSCOPE_DEBUG: "1" });
    expect(result.status).toBe(2);
    expect(result.stderr).toMatch(/^layerscope: no such file: \/nonexistent\/image\.tar\nImageError: no such file: /);
    expect(result.stderr).toMatch(/ at openImage \(/);
  });
});
