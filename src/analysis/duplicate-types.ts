/** One copy of a duplicated content: a path of the final tree and the layer that wrote it. */
export interface DuplicateCopy {
  path: string;
  layer: number;
}

/** Regular files of the final tree with the same size and sha256 at different paths (hardlinks are not copies). */
export interface DuplicateGroup {
  /** sha256 of the content, hex */
  hash: string;
  /** Bytes of one copy */
  size: number;
  /** Sorted by layer, then path: the first is the copy to keep */
  copies: DuplicateCopy[];
  /** size × (copies − 1): what one copy plus links would save */
  savedBytes: number;
}

export interface DuplicateReport {
  /** Files smaller than this were not looked at */
  minSize: number;
  /** What finding them cost: the files of a size another file shares, hashed unless a hash was at hand */
  candidates: number;
  hashedFiles: number;
  hashedBytes: number;
  /** Largest saving first */
  groups: DuplicateGroup[];
  /** Σ savedBytes */
  savedBytes: number;
}
