export type { LayerCache } from "../analysis/types.js";
