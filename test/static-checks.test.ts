/**
 * The static checks of the tree (package.json `lint`): Biome's formatter and linter (biome.json) and knip (knip.json:
 * no unused file, export, type or dependency); and no function of src/ of LONG_FUNCTION lines or more. The layering
 * has its own test (architecture.test.ts).
 */
import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import ts from "typescript";
import { describe, expect, it } from "vitest";

/** A function this long does several things: split it into named pieces (docs/architecture.md) */
const LONG_FUNCTION = 80;
/** The long functions left as they are for now, as `FILE NAME` (an entry that is no longer long must go) */
const KNOWN_LONG = new Set<string>([]);

/** Every function, method and arrow function of LONG_FUNCTION lines or more in the .ts(x) files under `dir`, as `FILE NAME` → lines. */
function longFunctions(dir: string): Map<string, number> {
  const found = new Map<string, number>();
  for (const entry of readdirSync(dir, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile() || !/\.tsx?$/.test(entry.name)) continue;
    const file = join(entry.parentPath, entry.name);
    const source = ts.createSourceFile(file, readFileSync(file, "utf8"), ts.ScriptTarget.Latest, true);
    const visit = (node: ts.Node): void => {
      if (ts.isFunctionLike(node) && "body" in node && node.body) {
        const lines = source.getLineAndCharacterOfPosition(node.end).line - source.getLineAndCharacterOfPosition(node.getStart()).line + 1;
        if (lines >= LONG_FUNCTION) found.set(`${file} ${functionName(node)}`, lines);
      }
      ts.forEachChild(node, visit);
    };
    visit(source);
  }
  return found;
}

function functionName(node: ts.SignatureDeclaration): string {
  if (node.name) return node.name.getText();
  const parent = node.parent;
  if (ts.isVariableDeclaration(parent) || ts.isPropertyAssignment(parent)) return parent.name.getText();
  return `(anonymous, line ${node.getSourceFile().getLineAndCharacterOfPosition(node.getStart()).line + 1})`;
}

/** Runs a tool of node_modules/.bin; returns its exit status and what it printed. */
function run(tool: string, args: string[]): { status: number | null; output: string } {
  const result = spawnSync(`node_modules/.bin/${tool}`, args, { encoding: "utf8", env: { ...process.env, NO_COLOR: "1" } });
  return { status: result.status, output: result.stdout + result.stderr };
}

describe("static checks", () => {
  it("Biome finds every file formatted and nothing to lint", () => {
    const { status, output } = run("biome", ["ci", "--max-diagnostics=50", "."]);
    expect(status, output).toBe(0);
  });

  it(`no function of src/ is ${LONG_FUNCTION} lines or longer, but those known`, () => {
    const long = longFunctions("src");
    expect([...long].filter(([name]) => !KNOWN_LONG.has(name)).map(([name, lines]) => `${name}: ${lines} lines`)).toEqual([]);
    expect(
      [...KNOWN_LONG].filter((name) => !long.has(name)),
      "no longer long: take them off KNOWN_LONG",
    ).toEqual([]);
  });

  it("finds a long function wherever it is, named", () => {
    const dir = mkdtempSync(join(tmpdir(), "layerscope-long-"));
    try {
      const body = (n: number): string => Array.from({ length: n - 2 }, (_, i) => `  const v${i} = ${i};`).join("\n");
      writeFileSync(
        join(dir, "a.ts"),
        `export function short(): void {\n${body(LONG_FUNCTION - 1)}\n}\nconst long = (): void => {\n${body(LONG_FUNCTION)}\n};\n`,
      );
      mkdirSync(join(dir, "sub"));
      writeFileSync(join(dir, "sub", "b.tsx"), `class C {\n  render(): void {\n${body(LONG_FUNCTION + 5)}\n  }\n}\n`);
      expect(longFunctions(dir)).toEqual(
        new Map([
          [`${join(dir, "a.ts")} long`, LONG_FUNCTION],
          [`${join(dir, "sub", "b.tsx")} render`, LONG_FUNCTION + 5],
        ]),
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("no tracked file holds a merge's conflict markers", () => {
    const { stdout } = spawnSync("git", ["grep", "-n", "-I", "-E", "^(<{7} |>{7} |={7}$)", "--", ".", ":!*.patch"], { encoding: "utf8" });
    expect(stdout).toBe("");
  });

  it("knip finds no unused file, export, type or dependency", () => {
    const { status, output } = run("knip", []);
    expect(output).toBe("");
    expect(status).toBe(0);
  });
});
