import { UsageError } from "./errors.js";

/** The layer `--layer` names (default the last), or a UsageError naming the valid range. */
export function chooseLayer(flag: string | undefined, count: number, reference: string): number {
  if (count === 0) throw new UsageError(`${reference} has no layers`);
  if (flag === undefined) return count - 1;
  const text = flag.trim();
  if (!/^[0-9]+$/.test(text)) throw new UsageError(`--layer ${JSON.stringify(flag)}: not a layer number (${reference} has layers 0 to ${count - 1})`);
  if (Number(text) >= count) throw new UsageError(`--layer ${flag}: ${reference} has layers 0 to ${count - 1}`);
  return Number(text);
}
