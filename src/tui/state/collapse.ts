/** Which directories are collapsed: a default for all, flipped for the paths in `toggled`. O(1) collapse-all. */
export interface CollapseState {
  allCollapsed: boolean;
  toggled: ReadonlySet<string>;
}

export const EXPANDED_ALL: CollapseState = { allCollapsed: false, toggled: new Set() };

export function isCollapsed(state: CollapseState, path: string): boolean {
  return state.allCollapsed !== state.toggled.has(path);
}

export function setCollapsed(state: CollapseState, path: string, collapsed: boolean): CollapseState {
  if (isCollapsed(state, path) === collapsed) return state;
  const toggled = new Set(state.toggled);
  if (toggled.has(path)) toggled.delete(path);
  else toggled.add(path);
  return { allCollapsed: state.allCollapsed, toggled };
}

export function toggleCollapsed(state: CollapseState, path: string): CollapseState {
  return setCollapsed(state, path, !isCollapsed(state, path));
}

/** Collapse everything, or expand everything when everything already is collapsed. */
export function toggleAll(state: CollapseState): CollapseState {
  const everythingCollapsed = state.allCollapsed && state.toggled.size === 0;
  return { allCollapsed: !everythingCollapsed, toggled: new Set() };
}

/** Expand every ancestor directory of `path` so that it can be seen. */
export function revealPath(state: CollapseState, path: string): CollapseState {
  let next = state;
  const parts = path.split("/").filter(Boolean);
  for (let i = 1; i < parts.length; i++) next = setCollapsed(next, "/" + parts.slice(0, i).join("/"), false);
  return next;
}
