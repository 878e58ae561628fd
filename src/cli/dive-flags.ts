/**
 * Dive's flags that layerscope does not take, and what a Dive user writes instead: a command line carried over
 * from Dive gets the way on, not only "unknown option".
 */
const INSTEAD: Record<string, string> = {
  "-j": "Dive's -j FILE is --json FILE here, in layerscope's schema: Dive's figures are its image.dive (docs/json-schema.md)",
  "-i": "Dive's -i reads past image errors; layerscope reads an image whole or stops with an error, so no figure comes from part of it",
  "-v": "the version is -V or --version",
};
INSTEAD["--ignore-errors"] = INSTEAD["-i"].replace("-i", "--ignore-errors");

/** Commander's "unknown option 'X'" message with Dive's meaning of X and what to use here, when X is Dive's. */
export function withDiveFlagNote(message: string): string {
  const flag = /^unknown option '([^'=]+)/.exec(message)?.[1];
  const note = flag !== undefined && Object.hasOwn(INSTEAD, flag) ? INSTEAD[flag] : undefined;
  return note === undefined ? message : `${message}: ${note}`;
}
