/** An array whose items are produced only as the streamer writes them (e.g. a layer's file changes). */
export class LazyJsonArray<T> implements Iterable<T> {
  constructor(readonly items: () => Iterable<T>) {}

  [Symbol.iterator](): Iterator<T> {
    return this.items()[Symbol.iterator]();
  }
}

/** Text gathered before a chunk is handed out: one chunk per item cost a generator step per field of the report. */
const CHUNK = 32 * 1024;
/** Arrays longer than this are written item by item, whatever their items */
const SHALLOW_ITEMS = 64;

/**
 * The text of `JSON.stringify(value, null, 2)`, in chunks of about 32 KiB, with `LazyJsonArray`s written as arrays
 * whose items are made one at a time: a report with 100k file changes never becomes one string, nor one array of
 * them. Small values (a waste item, a hint) are written by one JSON.stringify each.
 */
export function* jsonChunks(value: unknown, indent = ""): Generator<string> {
  let pending = "";
  for (const piece of pieces(value, indent)) {
    pending += piece;
    if (pending.length < CHUNK) continue;
    yield pending;
    pending = "";
  }
  if (pending !== "") yield pending;
}

function* pieces(value: unknown, indent: string): Generator<string> {
  if (value instanceof LazyJsonArray) {
    yield* arrayPieces((value as LazyJsonArray<unknown>).items(), indent);
  } else if (isShallow(value, 2)) {
    yield stringifyAt(value, indent);
  } else if (Array.isArray(value)) {
    yield* arrayPieces(value, indent);
  } else {
    // an object (isShallow takes everything else)
    const inner = indent + "  ";
    let first = true;
    for (const [key, item] of Object.entries(value as object)) {
      if (item === undefined || typeof item === "function" || typeof item === "symbol") continue;
      yield `${first ? "{\n" : ",\n"}${inner}${JSON.stringify(key)}: `;
      first = false;
      yield* pieces(item, inner);
    }
    yield first ? "{}" : `\n${indent}}`;
  }
}

/** Shallow items written by one JSON.stringify call (a call per item cost the big image's 52k waste items 0.1 s) */
const BATCH_ITEMS = 256;

function* arrayPieces(items: Iterable<unknown>, indent: string): Generator<string> {
  const inner = indent + "  ";
  let first = true;
  let batch: unknown[] = [];
  // the batch's JSON without its brackets: its items as they read at `inner`, with their separators
  const flush = (): string => {
    const text = stringifyAt(batch, indent);
    const piece = (first ? "[\n" : ",\n") + text.slice(2, text.length - indent.length - 2);
    first = false;
    batch = [];
    return piece;
  };
  for (const item of items) {
    // undefined, a function or a symbol reads `null` in an array, as JSON.stringify writes it
    if (item === undefined || typeof item === "function" || typeof item === "symbol" || isShallow(item, 2)) {
      batch.push(item);
      if (batch.length === BATCH_ITEMS) yield flush();
      continue;
    }
    if (batch.length > 0) yield flush();
    yield `${first ? "[\n" : ",\n"}${inner}`;
    first = false;
    yield* pieces(item, inner);
  }
  if (batch.length > 0) yield flush();
  yield first ? "[]" : `\n${indent}]`;
}

/** JSON.stringify(value, null, 2) as it reads at `indent`: its newlines are all structural (strings escape theirs). */
function stringifyAt(value: unknown, indent: string): string {
  const text = JSON.stringify(value, null, 2) ?? "null";
  return indent === "" ? text : text.replaceAll("\n", "\n" + indent);
}

/** A primitive, or a small object or array of such values `depth` levels down: no lazy array can be inside. */
function isShallow(value: unknown, depth: number): boolean {
  if (value === null || typeof value !== "object") return true;
  if (value instanceof LazyJsonArray) return false;
  // JSON.stringify calls toJSON itself
  if (typeof (value as { toJSON?: unknown }).toJSON === "function") return true;
  if (depth === 0) return false;
  if (Array.isArray(value)) return value.length <= SHALLOW_ITEMS && value.every((item) => isShallow(item, depth - 1));
  for (const key in value) {
    if (Object.hasOwn(value, key) && !isShallow((value as Record<string, unknown>)[key], depth - 1)) return false;
  }
  return true;
}
