import { existsSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { fileURLToPath } from "node:url";
import { Language, Parser, type Node } from "web-tree-sitter";

/** A word of a command: its text, and its value when it is a literal (no expansion, quotes removed). */
export interface ShellWord {
  text: string;
  value?: string;
  start: number;
  end: number;
}

/** One command of a RUN's top-level `&&` / `;` chain, or a unit the rules leave whole (`a || b`, `if`…). */
export interface ShellUnit {
  start: number;
  end: number;
  /** The operator before it: "&&", ";" (or a line break), "" for the first */
  sep: "&&" | ";" | "";
  command?: ShellCommand;
}

export interface ShellCommand {
  name?: string;
  words: ShellWord[];
  redirected: boolean;
}

interface ShellScript {
  units: ShellUnit[];
  /** Every simple command, at any depth (inside pipelines, conditions, loops, substitutions) */
  commands: ShellCommand[];
}

export interface ShellParser {
  /** The chain of a shell script, or the reason it cannot be rewritten safely. */
  parse(text: string): ShellScript | { error: string };
}

let loading: Promise<ShellParser> | undefined;

/**
 * tree-sitter's bash grammar through web-tree-sitter (WebAssembly): a real shell parser with the byte range of
 * every word, loaded once, only by fix. A script with any syntax error is refused rather than guessed at.
 */
export function loadShellParser(): Promise<ShellParser> {
  loading ??= (async () => {
    // the bytes are handed over: the library's own loaders import() modules, which the CLI's bundle cannot
    const runtime = readFileSync(wasmPath("web-tree-sitter.wasm", "web-tree-sitter"));
    await Parser.init({ wasmBinary: runtime.buffer.slice(runtime.byteOffset, runtime.byteOffset + runtime.byteLength) });
    const bash = await Language.load(readFileSync(wasmPath("tree-sitter-bash.wasm", "tree-sitter-bash")));
    const parser = new Parser();
    parser.setLanguage(bash);
    return { parse: (text: string) => chainOf(parser, text) };
  })();
  return loading;
}

/** Beside the bundle (dist/bundle/, where scripts/bundle.mjs copies it), else from its package. */
function wasmPath(file: string, pkg: string): string {
  const beside = fileURLToPath(new URL(file, import.meta.url));
  return existsSync(beside) ? beside : createRequire(import.meta.url).resolve(`${pkg}/${file}`);
}

function chainOf(parser: Parser, text: string): ShellScript | { error: string } {
  const tree = parser.parse(text);
  if (!tree) return { error: "the shell parser gave no tree" };
  try {
    const root = tree.rootNode;
    if (root.hasError) return { error: "its shell does not parse" };
    const units: ShellUnit[] = [];
    let sep: ShellUnit["sep"] = "";
    for (const child of root.children) {
      if (child.type === "comment") continue;
      if (!child.isNamed) {
        if (child.type === "&") return { error: "it runs a command in the background (&)" };
        sep = ";";
        continue;
      }
      flatten(child, units.length === 0 ? "" : sep === "" ? ";" : sep, units);
      sep = ";";
    }
    const commands: ShellCommand[] = [];
    for (const node of root.descendantsOfType("command")) {
      const command = node && commandOf(node);
      if (command) commands.push(command);
    }
    return { units, commands };
  } finally {
    tree.delete();
  }
}

function flatten(node: Node, sep: ShellUnit["sep"], units: ShellUnit[]): void {
  if (node.type === "list") {
    const operators = node.children.filter((child) => !child.isNamed).map((child) => child.type);
    const [left, right] = node.namedChildren.filter((child) => child.type !== "comment");
    if (operators.length === 1 && operators[0] === "&&" && left && right) {
      flatten(left, sep, units);
      flatten(right, "&&", units);
      return;
    }
  }
  units.push({ start: node.startIndex, end: node.endIndex, sep, command: commandOf(node) });
}

function commandOf(node: Node): ShellUnit["command"] {
  let redirected = false;
  if (node.type === "redirected_statement") {
    const body = node.childForFieldName("body");
    if (!body || body.type !== "command") return undefined;
    node = body;
    redirected = true;
  }
  if (node.type !== "command") return undefined;
  const name = node.childForFieldName("name");
  const words: ShellWord[] = [];
  for (const child of node.namedChildren) {
    if (child.type === "variable_assignment" || child.type === "comment") continue;
    if (child.type === "file_redirect" || child.type === "heredoc_redirect" || child.type === "herestring_redirect") {
      redirected = true;
      continue;
    }
    words.push({ text: child.text, value: literalValue(child), start: child.startIndex, end: child.endIndex });
  }
  const first = name ? words.find((word) => word.start === name.startIndex) : undefined;
  return { name: first?.value, words, redirected };
}

function literalValue(node: Node): string | undefined {
  if (node.type === "command_name") return node.namedChildren.length === 1 ? literalValue(node.namedChildren[0]) : undefined;
  if (node.type === "word") return node.text.includes("\\") ? undefined : node.text;
  if (node.type === "number") return node.text;
  if (node.type === "raw_string") return node.text.slice(1, -1);
  if (node.type === "string") return node.namedChildren.every((child) => child.type === "string_content") ? node.text.slice(1, -1) : undefined;
  return undefined;
}
