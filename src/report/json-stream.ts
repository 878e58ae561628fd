/** An array whose items are produced only as the streamer writes them (e.g. a layer's file changes). */
export class LazyJsonArray<T> implements Iterable<T> {
  constructor(readonly items: () => Iterable<T>) {}

  [Symbol.iterator](): Iterator<T> {
    return this.items()[Symbol.iterator]();
  }
}

/**
 * The text of `JSON.stringify(value, null, 2)`, in small chunks, with `LazyJsonArray`s written as arrays whose
 * items are made one at a time: a report with 100k file changes never becomes one string, nor one array of them.
 */
export function* jsonChunks(value: unknown, indent = ""): Generator<string> {
  if (value instanceof LazyJsonArray) {
    yield* arrayChunks((value as LazyJsonArray<unknown>).items(), indent);
    return;
  }
  if (Array.isArray(value)) {
    yield* arrayChunks(value, indent);
    return;
  }
  if (value !== null && typeof value === "object" && typeof (value as { toJSON?: unknown }).toJSON !== "function") {
    const inner = indent + "  ";
    let first = true;
    for (const [key, item] of Object.entries(value)) {
      if (item === undefined || typeof item === "function" || typeof item === "symbol") continue;
      yield `${first ? "{\n" : ",\n"}${inner}${JSON.stringify(key)}: `;
      first = false;
      yield* jsonChunks(item, inner);
    }
    yield first ? "{}" : `\n${indent}}`;
    return;
  }
  yield JSON.stringify(value) ?? "null";
}

function* arrayChunks(items: Iterable<unknown>, indent: string): Generator<string> {
  const inner = indent + "  ";
  let first = true;
  for (const item of items) {
    yield `${first ? "[\n" : ",\n"}${inner}`;
    first = false;
    if (item === undefined || typeof item === "function" || typeof item === "symbol") yield "null";
    else yield* jsonChunks(item, inner);
  }
  yield first ? "[]" : `\n${indent}]`;
}
