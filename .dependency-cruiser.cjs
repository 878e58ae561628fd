// The layering of src/ (docs/architecture.md): rooms in the order data flows through them, each importing only from
// the rooms before it; the shared homes import nothing of the project; no import cycle anywhere. Checked by
// test/architecture.test.ts (and `npm run lint:layers`).

/** The shared homes: anything may import them, they import nothing of the project. */
const SHARED = ["errors.ts", "text", "fs", "steps"];

/**
 * The rooms from the ground floor up: a room imports from the rooms before it (and the shared homes), never from
 * one after it. Rooms not yet in the tree are listed where they belong.
 */
const ROOMS = [
  "tar",
  "sources",
  "tree",
  "content",
  "packages",
  "analysis",
  "config",
  "cache",
  "diff",
  "builders",
  "fix",
  "fleet",
  "report",
  "html-page",
  "tui",
  "cli",
  "index.ts",
];

const escape = (name) => name.replace(/[.]/g, "\\.");
const path = (names) => `^src/(${names.map(escape).join("|")})(/|$)`;

const forbidden = [
  {
    name: "no-cycle",
    comment: "A cycle of imports: the modules in it cannot be read, tested or moved one at a time.",
    severity: "error",
    from: { path: "^src/" },
    to: { circular: true },
  },
  {
    name: "shared-home-imports-project",
    comment: "errors.ts, text/ and fs/ are imported from every room: they import nothing of the project themselves.",
    severity: "error",
    from: { path: path(SHARED) },
    to: { path: "^src/", pathNot: "^src/$1(/|$)" },
  },
  {
    name: "room-not-in-layering",
    comment: "A folder of src/ that the layering does not know: add it to ROOMS in .dependency-cruiser.cjs (and docs/architecture.md).",
    severity: "error",
    from: { path: "^src/", pathNot: path([...SHARED, ...ROOMS]) },
    to: {},
  },
  ...ROOMS.map((room, index) => ({
    name: `${room}-imports-later-room`,
    comment: `${room} imports only from the rooms before it (${ROOMS.slice(0, index).join(", ") || "none"}) and the shared homes.`,
    severity: "error",
    from: { path: path([room]) },
    to: { path: path(ROOMS.slice(index + 1)) },
  })),
  {
    name: "ui-outside-tui",
    comment: "Ink and React are the terminal UI's: only src/tui draws.",
    severity: "error",
    from: { path: "^src/", pathNot: "^src/tui/" },
    to: { path: "(^|node_modules/)(ink|react|ink-[^/]+)(/|$)" },
  },
];

module.exports = {
  forbidden,
  options: {
    doNotFollow: { path: "node_modules" },
    // `import type` counts: a type-only cycle still ties the modules together
    tsPreCompilationDeps: true,
    tsConfig: { fileName: "tsconfig.json" },
    enhancedResolveOptions: { exportsFields: ["exports"], conditionNames: ["import", "require", "node", "default", "types"] },
    exclude: { path: "^src/report/html/page/style\\.css$" },
  },
};
