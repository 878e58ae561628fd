import { Readable } from "node:stream";
import { describe, expect, it } from "vitest";
import { streamByteReader } from "../../src/tar/byte-reader.js";

describe("streamByteReader without waiting", () => {
  it("answers readNow and consumeNow from the chunk at hand, and consumes nothing when it cannot", async () => {
    const reader = streamByteReader(Readable.from([Buffer.from("abcdef"), Buffer.from("ghij")]));
    // nothing read from the stream yet: both must wait
    expect(reader.readNow(1)).toBeUndefined();
    expect(reader.consumeNow(1)).toBeUndefined();
    expect(reader.position).toBe(0);
    expect((await reader.read(2)).toString()).toBe("ab");
    expect(reader.readNow(2)?.toString()).toBe("cd");
    const seen: string[] = [];
    // "ef" is at hand, "efg" straddles the next chunk: all or nothing
    expect(reader.consumeNow(3, (chunk) => seen.push(chunk.toString()))).toBeUndefined();
    expect(seen).toEqual([]);
    expect(reader.position).toBe(4);
    expect(reader.consumeNow(2, (chunk) => seen.push(chunk.toString()))).toBe(2);
    expect(seen).toEqual(["ef"]);
    expect(reader.consumeNow(0)).toBe(0);
    expect(await reader.consume(10)).toBe(4);
    expect(reader.position).toBe(10);
    await reader.close();
  });
});
