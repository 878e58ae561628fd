import { readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import ts from "typescript";
import { describe, expect, it } from "vitest";

/**
 * Every regular expression of the project, run on 1 MB strings made to trip backtracking (long runs of one
 * class, repeated fragments of the pattern itself). A linear pattern takes milliseconds on each; a quadratic one
 * takes minutes. The bound is generous on purpose (a busy machine): it only has to tell those two apart.
 */
const LIMIT_MS = Number(process.env.REGEX_TEST_LIMIT_MS ?? 1000);
/** A first run slower than the limit but below this is tried twice more (a busy machine); the fastest counts. */
const RETRY_BELOW_MS = 20 * LIMIT_MS;
const SIZE = Number(process.env.REGEX_TEST_BYTES ?? 1 << 20);

interface Found {
  where: string;
  regex: RegExp;
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sourceFiles(path);
    return /\.tsx?$/.test(name) ? [path] : [];
  });
}

/** Regex literals, and `new RegExp(...)` whose pattern is a template: its `${…}` parts become a plain name. */
function regexesOf(file: string): Found[] {
  const text = readFileSync(file, "utf8");
  const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true, file.endsWith("x") ? ts.ScriptKind.TSX : ts.ScriptKind.TS);
  const found: Found[] = [];
  const visit = (node: ts.Node): void => {
    const where = `${file}:${source.getLineAndCharacterOfPosition(node.getStart()).line + 1}`;
    if (ts.isRegularExpressionLiteral(node)) {
      const slash = node.text.lastIndexOf("/");
      found.push({ where, regex: new RegExp(node.text.slice(1, slash), node.text.slice(slash + 1)) });
    } else if (ts.isNewExpression(node) && node.expression.getText() === "RegExp" && node.arguments?.[0]) {
      const arg = node.arguments[0];
      const flags = node.arguments[1] && ts.isStringLiteral(node.arguments[1]) ? node.arguments[1].text : "";
      let pattern: string | undefined;
      if (ts.isStringLiteral(arg) || ts.isNoSubstitutionTemplateLiteral(arg)) pattern = arg.text;
      else if (ts.isTemplateExpression(arg)) pattern = arg.head.text + arg.templateSpans.map((span) => `NAME${span.literal.text}`).join("");
      if (pattern !== undefined) found.push({ where, regex: new RegExp(pattern, flags) });
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}

const filled = new Map<string, string>();

function fill(unit: string, tail = ""): string {
  const key = `${unit}\u0000${tail}`;
  let text = filled.get(key);
  if (text === undefined) {
    text = unit.repeat(Math.ceil((SIZE - tail.length) / unit.length)).slice(0, SIZE - tail.length) + tail;
    if (GENERIC.includes(unit)) filled.set(key, text);
  }
  return text;
}

function timeSearch(text: string, regex: RegExp): number {
  const start = performance.now();
  text.search(regex);
  return performance.now() - start;
}

const GENERIC = [" ", "a", "0", "/", "=", "a ", "a=", "-a ", "a:", "aB", "a_"];

/** Strings for one pattern: runs of common characters, and its own literal fragments repeated. */
function adversarial(regex: RegExp): string[] {
  const fragments = regex.source
    .replace(/\\[sSdDwWbB]|\\.|\[[^\]]*\]|[()?*+{}|^$]/g, " ")
    .split(" ")
    .filter((f) => f.length > 0 && f.length < 40)
    .slice(0, 6);
  const units = new Set(GENERIC);
  for (const fragment of fragments) {
    units.add(fragment);
    units.add(`-${fragment} `);
  }
  const strings = [...units].map((unit) => fill(unit, "\u0001"));
  strings.push(fill(" ", "x"), "|1 " + fill("a=", ""), "x://" + fill("a:", ""), "ENV " + fill("ENV ", "NAME"), fill("a", "://"));
  return strings;
}

const ALL = [...new Map(sourceFiles("src").flatMap(regexesOf).map((found) => [`${found.regex.source}/${found.regex.flags.replace(/[gy]/g, "")}`, found])).values()];

describe("regular expressions on hostile strings", () => {
  it("finds the project's patterns", () => {
    expect(ALL.length).toBeGreaterThan(50);
  });

  it("runs every pattern on 1 MB adversarial strings in linear time", () => {
    const slow: string[] = [];
    for (const { where, regex } of ALL) {
      // the first match, from every start position: where a backtracking pattern spends its time when nothing matches
      // (a sticky pattern is used from one position, as the code uses it)
      const once = new RegExp(regex.source, regex.flags.replace(/g/g, ""));
      for (const text of adversarial(regex)) {
        let ms = timeSearch(text, once);
        if (ms > LIMIT_MS && ms < RETRY_BELOW_MS) ms = Math.min(ms, timeSearch(text, once), timeSearch(text, once));
        if (ms > LIMIT_MS) {
          slow.push(`${where} ${regex} on ${JSON.stringify(text.slice(0, 12))}…: ${Math.round(ms)} ms`);
          break;
        }
      }
    }
    expect(slow).toEqual([]);
  }, 60_000);
});
