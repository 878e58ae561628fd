/**
 * Dive's flags that layerscope does not take, and what a Dive user writes instead: a command line carried over
 * from Dive gets the way on, not only "unknown option".
 */
const INSTEAD: Record<string, string> = {
  "-j": "Dive's -j FILE is --json FILE here, in layerscope's schema: Dive's figures are its image.dive (docs/json-schema.md)",
  "-i": "Dive's -i reads past image errors; layerscope reads an image whole or stops with an error, so no figure comes from part of it",
  "-v": "the version is -V or --version",
  "--ci": "--ci takes no value, or true or false as in Dive",
};
INSTEAD["--ignore-errors"] = INSTEAD["-i"].replace("-i", "--ignore-errors");

/** Commander's "unknown option 'X'" message with Dive's meaning of X and what to use here, when X is Dive's. */
export function withDiveFlagNote(message: string): string {
  const flag = /^unknown option '([^'=]+)/.exec(message)?.[1];
  const note = flag !== undefined && Object.hasOwn(INSTEAD, flag) ? INSTEAD[flag] : undefined;
  return note === undefined ? message : `${message}: ${note}`;
}

/** A boolean as Dive (Go's strconv.ParseBool) reads one: undefined for anything else. */
export function goBool(text: string): boolean | undefined {
  if (["1", "t", "T", "TRUE", "true", "True"].includes(text)) return true;
  if (["0", "f", "F", "FALSE", "false", "False"].includes(text)) return false;
  return undefined;
}

/**
 * `--ci=true` and `--ci=false`, as Dive's command line takes a boolean flag with a value, become `--ci` or nothing;
 * an unreadable value is left for commander to refuse. Only words before a `--` are looked at.
 */
export function diveBooleanArgs(args: readonly string[]): string[] {
  const end = args.indexOf("--");
  const head = end < 0 ? args : args.slice(0, end);
  const out: string[] = [];
  for (const arg of head) {
    const value = arg.startsWith("--ci=") ? goBool(arg.slice("--ci=".length)) : undefined;
    if (value === undefined) out.push(arg);
    else if (value) out.push("--ci");
  }
  return end < 0 ? out : [...out, ...args.slice(end)];
}
