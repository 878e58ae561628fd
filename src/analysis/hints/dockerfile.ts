/** One instruction of a Dockerfile, continuation lines joined. */
export interface DockerInstruction {
  /** Upper-case keyword: RUN, COPY, FROM… */
  keyword: string;
  /** Everything after the keyword, continuations joined, whitespace kept */
  args: string;
  /** 1-based line where the instruction starts */
  line: number;
  /** Index of the build stage (the FROM it follows), -1 before any FROM */
  stage: number;
  /** `AS name` of its stage, lower-cased */
  stageName?: string;
}

/**
 * Splits a Dockerfile into instructions. Handles `\` (or the `# escape=` character) line continuations, comment
 * lines (also between continued lines) and heredoc bodies (`<<EOF … EOF`), which belong to their instruction.
 */
export function parseDockerfile(text: string): DockerInstruction[] {
  const lines = text.split(/\r?\n/);
  const escape = /^#\s*escape\s*=\s*`/i.test(lines[0] ?? "") ? "`" : "\\";
  const instructions: DockerInstruction[] = [];
  let stage = -1;
  let stageName: string | undefined;
  for (let i = 0; i < lines.length; i++) {
    const first = lines[i].trim();
    if (first === "" || first.startsWith("#")) continue;
    const start = i;
    let body = lines[i];
    while (body.trimEnd().endsWith(escape) && i + 1 < lines.length) {
      body = body.trimEnd().slice(0, -1);
      i++;
      while (i < lines.length && /^\s*#/.test(lines[i])) i++;
      body += lines[i] ?? "";
    }
    const match = /^\s*([A-Za-z]+)\s*(.*)$/s.exec(body);
    if (!match) continue;
    const keyword = match[1].toUpperCase();
    let args = match[2];
    for (const marker of heredocMarkers(args)) {
      while (i + 1 < lines.length) {
        i++;
        args += "\n" + lines[i];
        if (lines[i].trim() === marker) break;
      }
    }
    if (keyword === "FROM") {
      stage++;
      stageName = stageNameOf(args);
    }
    instructions.push({ keyword, args, line: start + 1, stage, stageName });
  }
  return instructions;
}

function heredocMarkers(args: string): string[] {
  return [...args.matchAll(/<<-?\s*["']?([A-Za-z_][A-Za-z0-9_]*)["']?/g)].map((m) => m[1]);
}

/**
 * The instructions that built an image's layers: those of its stage (`target` when given, else the last one),
 * preceded by those of the stages it is built `FROM`, when it starts from another stage of the same file.
 */
export function finalStage(instructions: DockerInstruction[], target?: string): DockerInstruction[] {
  const froms = instructions.filter((ins) => ins.keyword === "FROM");
  let from = target !== undefined ? froms.find((ins) => ins.stageName === target.toLowerCase()) : froms.at(-1);
  const chain: DockerInstruction[][] = [];
  const seen = new Set<number>();
  while (from && !seen.has(from.stage)) {
    const stage = from.stage;
    seen.add(stage);
    chain.unshift(instructions.filter((ins) => ins.stage === stage && ins.keyword !== "FROM"));
    const parent = fromImage(from.args).toLowerCase();
    from = froms.find((ins) => ins.stageName === parent && ins.stage < stage);
  }
  return chain.flat();
}

/** The `AS` names of a Dockerfile's stages, lower-cased, in order (`--target` takes one of them). */
export function stageNames(instructions: DockerInstruction[]): string[] {
  return instructions.flatMap((ins) => (ins.keyword === "FROM" && ins.stageName !== undefined ? [ins.stageName] : []));
}

function fromImage(args: string): string {
  return args.split(/\s+/).find((word) => word !== "" && !word.startsWith("--")) ?? "";
}

/** `image AS name` → `name` (split into words: a pattern anchored at the end rescanned long whitespace runs). */
function stageNameOf(args: string): string | undefined {
  const words = args.trim().split(/\s+/);
  return words.length >= 3 && words[words.length - 2].toLowerCase() === "as" ? words[words.length - 1].toLowerCase() : undefined;
}
