/**
 * The part of each translations file a page loads: the nav bar page all of it, the ticket
 * sidebar only its own strings (the manifest's texts and the nav page's are most of the file,
 * and the sidebar's first load has a size budget). The build cuts the files to these keys
 * (vite.config.ts); a test checks that every key the sidebar's files ask for is in its part.
 * @module
 */

/** Top-level keys, or dotted paths to a subtree, the sidebar's part keeps. */
export const SIDEBAR_PART: readonly string[] = [
  'sidebar',
  'dispute',
  'outsideZendesk',
  // The budget alerts' banner that admins see in the sidebar.
  'nav.budgets',
];

type Tree = { readonly [key: string]: string | Tree };

/** The subtrees of `dict` at `paths`, nested as in the file. */
export function pickPart(dict: Tree, paths: readonly string[]): Tree {
  const out: Record<string, unknown> = {};
  for (const path of paths) {
    const parts = path.split('.');
    let from: string | Tree | undefined = dict;
    for (const p of parts) from = typeof from === 'object' ? from[p] : undefined;
    if (from === undefined) continue;
    let into = out;
    for (const p of parts.slice(0, -1)) {
      into[p] ??= {};
      into = into[p] as Record<string, unknown>;
    }
    into[parts.at(-1)!] = from;
  }
  return out as Tree;
}
