/**
 * `JSON.stringify(value, null, 2) + "\n"` in pieces of about `batch` characters, the same text to the byte: the
 * report of a large image (50k waste items, 12 MB) then never exists as one string, nor as one buffer next to it.
 * Objects and long arrays are opened here; everything else, and arrays of few items, go through JSON.stringify.
 */
export function* jsonChunks(value: unknown, batch = 1 << 16): Generator<string> {
  let parts: string[] = [];
  let size = 0;
  for (const part of pieces(value, "", "")) {
    parts.push(part);
    size += part.length;
    if (size >= batch) {
      yield parts.join("");
      parts = [];
      size = 0;
    }
  }
  parts.push("\n");
  yield parts.join("");
}

const OPEN_ARRAYS_FROM = 16;

function* pieces(input: unknown, key: string, indent: string): Generator<string> {
  const value = toJsonValue(input, key);
  if (Array.isArray(value) && value.length >= OPEN_ARRAYS_FROM) {
    const inner = indent + "  ";
    yield "[";
    for (let i = 0; i < value.length; i++) {
      yield (i === 0 ? "\n" : ",\n") + inner;
      const item: unknown = value[i];
      if (skipped(toJsonValue(item, String(i)))) yield "null";
      else yield* pieces(item, String(i), inner);
    }
    yield "\n" + indent + "]";
    return;
  }
  if (value !== null && typeof value === "object" && !Array.isArray(value)) {
    const inner = indent + "  ";
    let first = true;
    for (const [name, field] of Object.entries(value)) {
      if (skipped(toJsonValue(field, name))) continue;
      yield (first ? "{\n" : ",\n") + inner + JSON.stringify(name) + ": ";
      first = false;
      yield* pieces(field, name, inner);
    }
    yield first ? "{}" : "\n" + indent + "}";
    return;
  }
  const text = JSON.stringify(value, null, 2);
  yield indent === "" ? text : text.replaceAll("\n", "\n" + indent);
}

/** What JSON.stringify serialises in place of a value: the result of its toJSON, when it has one. */
function toJsonValue(value: unknown, key: string): unknown {
  if (value !== null && typeof value === "object" && typeof (value as { toJSON?: unknown }).toJSON === "function") {
    return (value as { toJSON(key: string): unknown }).toJSON(key);
  }
  return value;
}

/** Values JSON.stringify leaves out of an object (and writes as null in an array). */
function skipped(value: unknown): boolean {
  return value === undefined || typeof value === "function" || typeof value === "symbol";
}
