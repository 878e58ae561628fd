import { spawnSync } from "node:child_process";
import { copyFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { UsageError } from "../../src/cli/errors.js";
import { checkCommandWord, nearestCommand } from "../../src/cli/unknown-command.js";
import { runCli } from "../helpers/cli-figures.js";
import { tempDirs } from "../helpers/temp-dirs.js";

const DEMO = resolve("fixtures/demo/demo-image.tar");
const COMMANDS = ["ls", "diff", "packages", "build", "help"];
const temp = tempDirs();

/** A usage error: exit 2, nothing on stdout, one line on stderr; that line. */
function usageError(args: string[]): string {
  const result = runCli(args);
  expect(result.status).toBe(2);
  expect(result.stdout).toBe("");
  expect(result.stderr.trimEnd().split("\n")).toHaveLength(1);
  return result.stderr.trimEnd();
}

describe("words where a command is expected", () => {
  it("help shows the help, and help COMMAND that command's", () => {
    const all = runCli(["help"]);
    expect(all.status).toBe(0);
    expect(all.stdout).toMatch(/^Usage: layerscope \[options\] \[command\] \[image\]/);
    for (const name of ["ls", "diff", "packages", "build", "help"]) expect(all.stdout).toMatch(new RegExp(`\\n  ${name} `));
    const packages = runCli(["help", "packages"]);
    expect(packages.status).toBe(0);
    expect(packages.stdout).toMatch(/^Usage: layerscope packages \[options\] <image>/);
  });

  it("a misspelt command before an image is an unknown command, with the nearest one offered", () => {
    expect(usageError(["pakages", DEMO])).toBe('layerscope: unknown command "pakages" (did you mean packages?)');
    expect(usageError(["lss", "foo"])).toBe('layerscope: unknown command "lss" (did you mean ls?)');
    expect(usageError(["dif", DEMO, DEMO])).toBe('layerscope: unknown command "dif" (did you mean diff?)');
    expect(usageError(["frobnicate", DEMO])).toBe(
      'layerscope: unknown command "frobnicate" (commands: ls, diff, packages, build, cat, extract, fleet, fix, help)',
    );
  });

  it("a lone near miss is refused too, with the way to name an image so called", () => {
    expect(usageError(["pakages"])).toBe(
      'layerscope: unknown command "pakages" (did you mean packages?); an image of that name: docker://pakages, or --source',
    );
  });

  it("a word that is an existing path stays an image, and two images are too many", () => {
    const dir = temp("layerscope-words-");
    copyFileSync(DEMO, join(dir, "lss"));
    const image = spawnSync(process.execPath, [resolve("bin/layerscope.js"), "lss"], { cwd: dir, encoding: "utf8", env: { ...process.env, CI: "" } });
    expect(image.stderr).toBe("");
    expect(image.status).toBe(0);
    expect(image.stdout).toContain("Image:");
    expect(usageError([DEMO, "extra"])).toBe(`layerscope: too many arguments: one image is read at a time (got 2: ${DEMO} extra)`);
  });
});

describe("checkCommandWord", () => {
  it("leaves images alone: prefixes, registry-like names, a lone word far from any command", () => {
    for (const word of ["docker://pakages", "oci:./layout", "containers-storage:app:dev", "app:dev", "ghcr.io/org/app", "alpine", "nginx"]) {
      expect(() => checkCommandWord([word], COMMANDS)).not.toThrow();
    }
    expect(() => checkCommandWord(["pakages"], COMMANDS, true)).not.toThrow();
    expect(() => checkCommandWord(["pakages", "x"], COMMANDS, true)).toThrow(UsageError);
  });

  it("offers the nearest command within two edits, a swap counting as one", () => {
    expect(nearestCommand("biuld", COMMANDS)).toBe("build");
    expect(nearestCommand("packges", COMMANDS)).toBe("packages");
    expect(nearestCommand("DIFF", COMMANDS)).toBe("diff");
    expect(nearestCommand("halp", COMMANDS)).toBe("help");
    expect(nearestCommand("alpine", COMMANDS)).toBeUndefined();
    expect(nearestCommand("pg", COMMANDS)).toBeUndefined();
  });
});
