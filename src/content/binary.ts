/** git's test: a NUL byte among the first 8000 bytes makes content binary. */
export const BINARY_SNIFF_BYTES = 8000;

export function looksBinary(head: Buffer): boolean {
  return head.subarray(0, BINARY_SNIFF_BYTES).includes(0);
}
