import { createHash } from "node:crypto";
import type { FleetShard } from "./types.js";

/** `I/N` (1 ≤ I ≤ N, as a Kubernetes completion index + 1 or a CI matrix entry) → index I − 1 of N. */
export function parseShard(text: string): FleetShard | undefined {
  const match = /^(\d{1,6})\/(\d{1,6})$/.exec(text.trim());
  if (!match) return undefined;
  const index = Number(match[1]);
  const count = Number(match[2]);
  if (count < 1 || index < 1 || index > count) return undefined;
  return { index: index - 1, count };
}

/**
 * Whether an image (by its config digest; by its reference when it could not be opened) is this shard's: the
 * same on every machine, so N machines given the same inputs analyse each image exactly once between them.
 */
export function inShard(key: string, shard: FleetShard): boolean {
  const hash = createHash("sha256").update(key).digest();
  return hash.readUInt32BE(0) % shard.count === shard.index;
}
