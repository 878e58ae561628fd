import { createHash, type Hash } from "node:crypto";
import { ImageError } from "../../errors.js";
import { printable } from "../../text/escape.js";

/** The digest algorithms the OCI image spec registers; anything else is refused, never read unchecked. */
const HEX_LENGTH: Record<string, number> = { sha256: 64, sha512: 128 };

export type DigestAlgorithm = "sha256" | "sha512";

/** `sha256:1a2b…` or `sha512:…`, well formed (lowercase hex of the right length); else a one-line ImageError. */
export function checkDigestSyntax(digest: string, what: string): DigestAlgorithm {
  const colon = digest.indexOf(":");
  const algorithm = colon > 0 ? digest.slice(0, colon) : "";
  const length = HEX_LENGTH[algorithm];
  if (length === undefined) {
    if (/^[a-z0-9]+(?:[+._-][a-z0-9]+)*$/.test(algorithm.slice(0, 64))) {
      throw new ImageError(`${what}: unsupported digest algorithm "${printable(algorithm.slice(0, 40))}" (only sha256 and sha512 can be verified)`);
    }
    throw new ImageError(`${what}: invalid digest "${printable(digest.slice(0, 80))}"`);
  }
  const hex = digest.slice(colon + 1);
  if (hex.length !== length || !/^[a-f0-9]+$/.test(hex)) throw new ImageError(`${what}: invalid digest "${printable(digest.slice(0, 80))}"`);
  return algorithm as DigestAlgorithm;
}

/** Whether a string names a digest this project verifies (the only kind that may key the layer cache). */
export function isVerifiableDigest(digest: string): boolean {
  return /^(?:sha256:[a-f0-9]{64}|sha512:[a-f0-9]{128})$/.test(digest);
}

/** A running hash for `expected`'s algorithm; `actual()` gives `algorithm:hex` once everything is fed. */
export function digestHasher(expected: string, what: string): { update(chunk: Buffer): void; actual(): string } {
  const algorithm = checkDigestSyntax(expected, what);
  const hash: Hash = createHash(algorithm);
  return {
    update: (chunk) => void hash.update(chunk),
    actual: () => `${algorithm}:${hash.digest("hex")}`,
  };
}

/** Checks whole bytes against a digest; a mismatch is a one-line ImageError. */
export function verifyDigest(data: Buffer, digest: string, what: string): Buffer {
  const hasher = digestHasher(digest, what);
  hasher.update(data);
  const actual = hasher.actual();
  if (actual !== digest) throw new ImageError(`${what}: blob ${digest} does not match its digest (got ${actual})`);
  return data;
}
