import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { WasteItem } from "../../src/analysis/types.js";
import { groupWaste } from "../../src/analysis/waste-groups.js";

const deleted = (path: string, bytes: number, addedBy = 1, removedBy = 2): WasteItem => ({ path, bytes, kind: "deleted", addedBy, removedBy });
const brief = (items: WasteItem[]) => groupWaste(items).map((g) => [g.path, g.bytes, g.files, g.kind, g.addedBy, g.removedBy ?? null, g.rule ?? null]);

describe("groupWaste", () => {
  it("puts the files of one cause in one directory together, and names a lone file by its path", () => {
    const items = [deleted("/var/lib/apt/lists/a", 50), deleted("/var/lib/apt/lists/b", 30), deleted("/etc/big.conf", 60)];
    expect(brief(items)).toEqual([
      ["/var/lib/apt/lists/", 80, 2, "deleted", 1, 2, null],
      ["/etc/big.conf", 60, 1, "deleted", 1, 2, null],
    ]);
  });

  it("keeps causes apart: kind, the layer pair, the junk rule", () => {
    const items: WasteItem[] = [
      deleted("/d/a", 10, 1, 2),
      deleted("/d/b", 10, 1, 3),
      { path: "/d/c", bytes: 10, kind: "shadowed", addedBy: 1, removedBy: 2 },
      { path: "/d/e", bytes: 10, kind: "junk", addedBy: 1, rule: "apt-lists" },
      { path: "/d/f", bytes: 10, kind: "junk", addedBy: 1, rule: "apt-cache" },
      { path: "/d/g", bytes: 10, kind: "junk", addedBy: 1, rule: "apt-cache" },
    ];
    const groups = groupWaste(items);
    expect(groups).toHaveLength(5);
    expect(groups[0]).toMatchObject({ path: "/d/", files: 2, kind: "junk", rule: "apt-cache", bytes: 20 });
  });

  it("folds a directory whose waste spreads over three or more subdirectories, but not over two", () => {
    const spread = [0, 1, 2].flatMap((d) => [deleted(`/usr/share/doc/p${d}/copyright`, 3), deleted(`/usr/share/doc/p${d}/changelog.gz`, 4)]);
    expect(brief([...spread, deleted("/usr/share/doc/README", 1)])).toEqual([["/usr/share/doc/", 22, 7, "deleted", 1, 2, null]]);
    const two = [deleted("/var/lib/apt/lists/x", 80), deleted("/var/cache/apt/y", 40), deleted("/var/cache/apt/z", 45)];
    expect(brief(two).map(([path]) => path)).toEqual(["/var/cache/apt/", "/var/lib/apt/lists/x"]);
  });

  it("keeps a subdirectory that holds half the bytes or more named, beside the small ones", () => {
    const items = [deleted("/var/cache/debconf/a", 700), deleted("/var/cache/debconf/b", 700), deleted("/var/lib/dpkg/s", 100), deleted("/var/log/dpkg.log", 40)];
    expect(brief(items).map(([path, , files]) => [path, files])).toEqual([
      ["/var/cache/debconf/", 2],
      ["/var/lib/dpkg/s", 1],
      ["/var/log/dpkg.log", 1],
    ]);
  });

  it("folds level by level: d00…d99 under /data/small become one group, their parent's single child stays", () => {
    const items: WasteItem[] = [];
    for (let d = 0; d < 100; d++) for (let f = 0; f < 10; f++) items.push(deleted(`/data/small/d${d}/sub/f${f}`, 1000 + d));
    items.push(deleted("/data/large/random.bin", 1_000_000));
    const groups = groupWaste(items);
    expect(groups.map((g) => [g.path, g.files])).toEqual([
      ["/data/small/", 1000],
      ["/data/large/random.bin", 1],
    ]);
    expect(groups[0].largest).toMatch(/^\/data\/small\/d99\/sub\/f\d$/);
  });

  it("loses and doubles nothing: bytes and files add up, each group holds its largest file, largest first", () => {
    const item = fc.record({
      dirs: fc.array(fc.constantFrom("a", "b", "c", "d"), { maxLength: 4 }),
      name: fc.constantFrom("x", "y", "z"),
      bytes: fc.integer({ min: 1, max: 1000 }),
      addedBy: fc.integer({ min: 0, max: 2 }),
      removedBy: fc.integer({ min: 3, max: 4 }),
    });
    fc.assert(
      fc.property(fc.array(item, { maxLength: 80 }), (drafts) => {
        const seen = new Set<string>();
        const items = drafts
          .map((d) => deleted(`/${[...d.dirs, d.name].join("/")}`, d.bytes, d.addedBy, d.removedBy))
          .filter((i) => !seen.has(`${i.path}|${i.addedBy}|${i.removedBy}`) && seen.add(`${i.path}|${i.addedBy}|${i.removedBy}`));
        const groups = groupWaste(items);
        expect(groups.reduce((s, g) => s + g.bytes, 0)).toBe(items.reduce((s, i) => s + i.bytes, 0));
        expect(groups.reduce((s, g) => s + g.files, 0)).toBe(items.length);
        for (let i = 1; i < groups.length; i++) expect(groups[i - 1].bytes).toBeGreaterThanOrEqual(groups[i].bytes);
        for (const g of groups) {
          if (g.files === 1) expect(g.path).toBe(g.largest);
          else expect(g.largest.startsWith(g.path) && g.path.endsWith("/")).toBe(true);
        }
      }),
    );
  });
});
