import { spawnSync } from "node:child_process";
import { closeSync, openSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { integrationOnly } from "../helpers/project.js";
import { realImage } from "../helpers/realimages.js";

// Standard output on a full disk (/dev/full refuses every write with ENOSPC): one line, status 2, no stack trace.
function toFullDisk(args: string[]): { status: number | null; stderr: string } {
  integrationOnly("the built CLI");
  const full = openSync("/dev/full", "w");
  try {
    const result = spawnSync(process.execPath, ["bin/layerscope.js", ...args], {
      encoding: "utf8",
      env: { ...process.env, CI: "" },
      stdio: ["ignore", full, "pipe"],
      timeout: 120_000,
    });
    return { status: result.status, stderr: result.stderr };
  } finally {
    closeSync(full);
  }
}

describe("standard output that cannot be written", () => {
  const image = realImage("features", "docker-archive");
  const cases: Array<[string, string[]]> = [
    ["the report", [image]],
    ["ls", ["ls", image]],
    ["cat", ["cat", image, "/etc/passwd"]],
  ];
  for (const [name, args] of cases) {
    it(`${name}: one line naming the full disk, status 2`, () => {
      const { status, stderr } = toFullDisk(args);
      expect(stderr).toBe("layerscope: cannot write to standard output: no space left on device (ENOSPC)\n");
      expect(status).toBe(2);
    });
  }
});
