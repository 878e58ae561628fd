import { Copy, DockerfileParser, Run, type Instruction } from "dockerfile-ast";
import { FixInputError } from "./errors.js";

/** Largest Dockerfile fix rewrites: the parser's cost grows with the size (about 1 ms per KiB). */
const MAX_DOCKERFILE_BYTES = 256 * 1024;

export interface ModelInstruction {
  keyword: string;
  /** 1-based first and last line */
  line: number;
  endLine: number;
  /** Offsets in the text: the keyword's start, the end of the last line's text (before its line break) */
  start: number;
  end: number;
  /** Offset of the text after the keyword and its flags (the shell of a RUN, the sources of a COPY) */
  bodyStart: number;
  flags: Array<{ name: string; value: string | null }>;
  /** `RUN ["a", "b"]`, `COPY ["a", "b"]` */
  execForm: boolean;
  heredocs: number;
  /** Index of the stage (its FROM), -1 before the first FROM */
  stage: number;
}

interface ModelStage {
  index: number;
  name?: string;
  /** The image or stage it starts from, as written */
  from: string;
  line: number;
}

/** A Dockerfile read for rewriting: its instructions with their positions, its stages, its line breaks. */
export interface DockerfileModel {
  text: string;
  instructions: ModelInstruction[];
  stages: ModelStage[];
  escape: string;
  /** "\r\n" when the file's lines end so, else "\n" */
  eol: string;
  /** Offset where each line starts */
  lineStarts: number[];
}

/**
 * Reads a Dockerfile with dockerfile-ast (the parser of the Dockerfile language server): positions of every
 * instruction, flag and heredoc, comments and parser directives kept apart. Refuses what fix must not rewrite:
 * a file too large to parse quickly, lone carriage returns (line breaks the parser and the builders disagree on).
 */
export function readDockerfileModel(text: string): DockerfileModel {
  const bytes = Buffer.byteLength(text, "utf8");
  if (bytes > MAX_DOCKERFILE_BYTES) {
    throw new FixInputError(`the Dockerfile has ${bytes} bytes: fix rewrites Dockerfiles up to ${MAX_DOCKERFILE_BYTES} bytes`);
  }
  if (/\r(?!\n)/.test(text)) throw new FixInputError("the Dockerfile has carriage returns that do not end a line");
  const lineStarts = [0];
  for (let i = text.indexOf("\n"); i >= 0; i = text.indexOf("\n", i + 1)) lineStarts.push(i + 1);
  const offset = (line: number, character: number) => (lineStarts[line] ?? text.length) + character;
  const parsed = DockerfileParser.parse(text);
  const stages: ModelStage[] = [];
  const instructions: ModelInstruction[] = [];
  for (const ins of parsed.getInstructions()) {
    const range = ins.getRange();
    const keyword = ins.getKeyword();
    if (keyword === "FROM") {
      const args = ins.getArguments().map((arg) => arg.getValue());
      const words = args.filter((arg) => !arg.startsWith("--"));
      const name = words.length >= 3 && words[1].toLowerCase() === "as" ? words[2] : undefined;
      stages.push({ index: stages.length, name, from: words[0] ?? "", line: range.start.line + 1 });
    }
    const flags = flagsOf(ins);
    instructions.push({
      keyword,
      line: range.start.line + 1,
      endLine: range.end.line + 1,
      start: offset(range.start.line, range.start.character),
      end: offset(range.end.line, range.end.character),
      bodyStart: bodyStartOf(ins, text, offset),
      flags: flags.map((flag) => ({ name: flag.getName(), value: flag.getValue() })),
      execForm: /^\s*\[/.test(text.slice(bodyStartOf(ins, text, offset), offset(range.end.line, range.end.character))),
      heredocs: ins instanceof Run || ins instanceof Copy ? ins.getHeredocs().length : 0,
      stage: stages.length - 1,
    });
  }
  return { text, instructions, stages, escape: parsed.getEscapeCharacter(), eol: text.includes("\r\n") ? "\r\n" : "\n", lineStarts };
}

type FlagLike = { getName(): string; getValue(): string | null; getRange(): { end: { line: number; character: number } } };

function flagsOf(ins: Instruction): FlagLike[] {
  return "getFlags" in ins && typeof ins.getFlags === "function" ? (ins.getFlags() as FlagLike[]) : [];
}

/** After the keyword and the flags, and the blanks and line continuations that follow them. */
function bodyStartOf(ins: Instruction, text: string, offset: (line: number, character: number) => number): number {
  const range = ins.getInstructionRange();
  let at = offset(range.end.line, range.end.character);
  for (const flag of flagsOf(ins)) {
    const end = flag.getRange().end;
    at = Math.max(at, offset(end.line, end.character));
  }
  const end = offset(ins.getRange().end.line, ins.getRange().end.character);
  while (at < end) {
    const rest = /^(?:[ \t]+|\\\r?\n|`\r?\n)/.exec(text.slice(at, Math.min(end, at + 64)));
    if (!rest) break;
    at += rest[0].length;
  }
  return at;
}

/** The earlier stage a stage is built on (`FROM build AS final`), by name or index; undefined for an image. */
export function parentStage(model: DockerfileModel, index: number): number | undefined {
  const from = model.stages[index]?.from.toLowerCase();
  return model.stages.find((other) => other.index < index && (other.name?.toLowerCase() === from || String(other.index) === from))?.index;
}

/** The instruction that starts on a 1-based line. */
export function instructionAt(model: DockerfileModel, line: number): ModelInstruction | undefined {
  return model.instructions.find((ins) => ins.line === line);
}

/** The whole lines an instruction spans, with the line break after its last line. */
export function instructionLines(model: DockerfileModel, ins: ModelInstruction): { start: number; end: number } {
  const start = model.lineStarts[ins.line - 1];
  const next = model.lineStarts[ins.endLine];
  return { start, end: next ?? model.text.length };
}
