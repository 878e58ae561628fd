/** The item whose key is `key` in `items` sorted by that key (code-unit order), by binary search; undefined when none */
export function findSorted<T>(items: readonly T[], key: string, keyOf: (item: T) => string): T | undefined {
  let low = 0;
  let high = items.length - 1;
  while (low <= high) {
    const mid = (low + high) >> 1;
    const at = keyOf(items[mid]);
    if (at === key) return items[mid];
    if (at < key) low = mid + 1;
    else high = mid - 1;
  }
  return undefined;
}
