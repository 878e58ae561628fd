import { readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { Worker } from "node:worker_threads";
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

const GENERIC = [" ", "a", "0", "/", "=", "a ", "a=", "-a ", "a:", "aB", "a_"];

/** A string of SIZE characters: `unit` repeated, ending with `tail`, after `head` (built in the worker) */
interface Spec {
  head: string;
  unit: string;
  tail: string;
}

/** Strings for one pattern: runs of common characters, and its own literal fragments repeated. */
function adversarial(regex: RegExp): Spec[] {
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
  const specs = [...units].map((unit) => ({ head: "", unit, tail: "\u0001" }));
  specs.push(
    { head: "", unit: " ", tail: "x" },
    { head: "|1 ", unit: "a=", tail: "" },
    { head: "x://", unit: "a:", tail: "" },
    { head: "ENV ", unit: "ENV ", tail: "NAME" },
    { head: "", unit: "a", tail: "://" },
  );
  return specs;
}

const ALL = [
  ...new Map(
    sourceFiles("src")
      .flatMap(regexesOf)
      .map((found) => [`${found.regex.source}/${found.regex.flags.replace(/[gy]/g, "")}`, found]),
  ).values(),
];

describe("regular expressions on hostile strings", () => {
  it("finds the project's patterns", () => {
    expect(ALL.length).toBeGreaterThan(50);
  });

  it("runs every pattern on 1 MB adversarial strings in linear time", async () => {
    expect(await slowPatterns()).toEqual([]);
  }, 180_000);
});

/** A single search longer than this is cut off (the worker stopped) and counted slow without waiting for its end */
const CUT_OFF_MS = RETRY_BELOW_MS;
/** The patterns cut off before the test gives up on the rest: enough to show what to fix */
const MAX_CUT_OFFS = 4;

/**
 * The patterns slower than LIMIT_MS on one of their strings. The searches run in a worker thread, so that a pattern
 * that would backtrack for hours is stopped after CUT_OFF_MS and named, and the next one is timed in a new worker.
 */
async function slowPatterns(): Promise<string[]> {
  const patterns = ALL.map(({ regex }) => ({ source: regex.source, flags: regex.flags, specs: adversarial(regex) }));
  const slow: string[] = [];
  let cutOffs = 0;
  for (let from = 0; from < patterns.length && cutOffs < MAX_CUT_OFFS; ) {
    from = await new Promise<number>((done, fail) => {
      const data = { patterns, from, size: SIZE, limitMs: LIMIT_MS, retryBelowMs: RETRY_BELOW_MS, generic: GENERIC };
      const worker = new Worker(new URL("./regex-timing-worker.mjs", import.meta.url), { workerData: data });
      let timer: NodeJS.Timeout | undefined;
      worker.on("message", (message: { kind: string; i: number; text?: string; slow?: string }) => {
        clearTimeout(timer);
        const { where, regex } = ALL[message.i] ?? { where: "", regex: /$/ };
        if (message.kind === "search") {
          timer = setTimeout(() => {
            slow.push(`${where} ${regex} on ${message.text}…: still searching after ${CUT_OFF_MS / 1000} s`);
            cutOffs++;
            void worker.terminate().then(() => done(message.i + 1));
          }, CUT_OFF_MS);
        } else if (message.kind === "done") {
          if (message.slow) slow.push(`${where} ${regex} ${message.slow}`);
        } else {
          void worker.terminate().then(() => done(patterns.length));
        }
      });
      worker.on("error", fail);
    });
  }
  return slow;
}
