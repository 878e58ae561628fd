import fc from "fast-check";
import { fixChecksum, paxRecord, rawTar, type RawMember } from "./raw-tar.js";

const BLOCK = 512;

/** Names from a tiny alphabet, so generated layers collide, shadow, white out and nest into each other. */
const segment = fc.constantFrom("a", "b", "c", "..", ".", "", ".wh.a", ".wh.b", ".wh..wh..opq", "é", "x".repeat(120));
const path = fc.array(segment, { minLength: 1, maxLength: 5 }).map((parts) => parts.join("/"));
const prefix = fc.constantFrom("", "/", "./", "../");

const member: fc.Arbitrary<RawMember[]> = fc.oneof(
  fc.tuple(prefix, path, fc.nat(1500)).map(([p, name, size]) => [withLongName(p + name, "0", Buffer.alloc(size, 0x61))]),
  fc.tuple(prefix, path).map(([p, name]) => [withLongName(p + name + "/", "5", Buffer.alloc(0))]),
  fc.tuple(path, path).map(([name, target]) => [withLongName(name, "2", Buffer.alloc(0), target)]),
  fc.tuple(path, path).map(([name, target]) => [withLongName(name, "1", Buffer.alloc(0), target)]),
  fc.tuple(path, fc.nat(300)).map(([name, size]): RawMember[] => [
    { pax: { path: "p/" + name, mtime: "1.5", uid: "70000", "SCHILY.xattr.user.k": "v" } },
    { header: { name: "ignored", size }, content: Buffer.alloc(size, 0x62) },
  ]),
  fc.tuple(path, fc.nat(200)).map(([name, size]): RawMember[] => [
    { header: { name: "././@LongLink", typeflag: "L", size: name.length + 1 }, content: Buffer.from(name + "\0") },
    { header: { name: "short", size }, content: Buffer.alloc(size, 0x63) },
  ]),
  fc.constant<RawMember[]>([{ pax: { comment: "global" }, global: true }]),
);

function withLongName(name: string, typeflag: string, content: Buffer, linkname?: string): RawMember {
  // cut at 100 bytes, maybe inside a UTF-8 sequence: invalid UTF-8 is welcome here
  const cut = (text: string) => Buffer.from(text).subarray(0, 100);
  return { header: { name: cut(name), typeflag, size: content.length, linkname: linkname === undefined ? undefined : cut(linkname) }, content };
}

/** A well-formed layer tar of a few entries of every kind. */
export const layerTar: fc.Arbitrary<Buffer> = fc
  .array(member, { minLength: 0, maxLength: 12 })
  .map((members) => rawTar(members.flat()));

export type Mutation =
  | { op: "truncate"; at: number }
  | { op: "flip"; at: number; bit: number }
  | { op: "byte"; at: number; value: number }
  | { op: "dropBlock"; block: number }
  | { op: "duplicateBlock"; block: number; to: number }
  | { op: "sizeField"; block: number; size: string }
  | { op: "insertPax"; block: number; records: string };

const hostileSize = fc.oneof(
  fc.nat(4096).map((n) => n.toString(8)),
  fc.constantFrom("77777777777", "7777777777777777", "-1", "9", " ", "", "\u0080\u0000\u0000\u0000\u0000\u0000\u0000\u0000\u0000\u0001\u0000\u0000"),
);

const hostileRecords = fc.oneof(
  fc.constantFrom(
    paxRecord("size", "99999999999999"),
    paxRecord("size", "-5"),
    paxRecord("size", "1e3"),
    paxRecord("path", "../../../../etc/passwd"),
    paxRecord("path", "a\u0000b"),
    paxRecord("path", ""),
    paxRecord("path", "/"),
    paxRecord("linkpath", "../../x"),
    paxRecord("mtime", "1e400"),
    paxRecord("__proto__", "x"),
    "99999999 path=x\n",
    "5 a=b\n",
    "garbage",
    "0 =\n",
  ),
  fc.string({ maxLength: 40 }),
);

const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({ op: fc.constant("truncate" as const), at: fc.nat() }),
  fc.record({ op: fc.constant("flip" as const), at: fc.nat(), bit: fc.nat(7) }),
  fc.record({ op: fc.constant("byte" as const), at: fc.nat(), value: fc.nat(255) }),
  fc.record({ op: fc.constant("dropBlock" as const), block: fc.nat() }),
  fc.record({ op: fc.constant("duplicateBlock" as const), block: fc.nat(), to: fc.nat() }),
  fc.record({ op: fc.constant("sizeField" as const), block: fc.nat(), size: hostileSize }),
  fc.record({ op: fc.constant("insertPax" as const), block: fc.nat(), records: hostileRecords }),
);

/** Applies mutations in order; positions wrap around the current length, so every mutation lands. */
export function mutate(data: Buffer, mutations: Mutation[]): Buffer {
  let out = Buffer.from(data);
  for (const m of mutations) {
    const blocks = Math.max(1, Math.floor(out.length / BLOCK));
    switch (m.op) {
      case "truncate":
        out = out.subarray(0, out.length === 0 ? 0 : m.at % out.length);
        break;
      case "flip":
        if (out.length > 0) out[m.at % out.length] ^= 1 << m.bit;
        break;
      case "byte":
        if (out.length > 0) out[m.at % out.length] = m.value;
        break;
      case "dropBlock": {
        const at = (m.block % blocks) * BLOCK;
        out = Buffer.concat([out.subarray(0, at), out.subarray(at + BLOCK)]);
        break;
      }
      case "duplicateBlock": {
        const block = out.subarray((m.block % blocks) * BLOCK, (m.block % blocks) * BLOCK + BLOCK);
        const to = (m.to % blocks) * BLOCK;
        out = Buffer.concat([out.subarray(0, to), Buffer.from(block), out.subarray(to)]);
        break;
      }
      case "sizeField": {
        const at = (m.block % blocks) * BLOCK;
        if (out.length < at + BLOCK) break;
        const header = Buffer.from(out.subarray(at, at + BLOCK));
        header.fill(0, 124, 136);
        header.write(m.size.slice(0, 12), 124, "latin1");
        fixChecksum(header);
        header.copy(out, at);
        break;
      }
      case "insertPax": {
        const at = (m.block % blocks) * BLOCK;
        const pax = rawTar([{ pax: m.records }], { end: false });
        out = Buffer.concat([out.subarray(0, at), pax, out.subarray(at)]);
        break;
      }
    }
  }
  return out;
}

export const mutations = fc.array(mutation, { minLength: 1, maxLength: 4 });
