import path from 'node:path';

/** A file dependency graph: file → the files it imports (dpdm's `tree`, type-only imports dropped). */
export type FileGraph = Record<string, readonly string[]>;

/**
 * Folder-level import cycles in lib/: each directory is one node (a subfolder is its own node), an edge
 * A → B when a file in A imports a file in B. A cycle means two folders cannot be understood, tested or moved
 * apart, even when no file-level cycle exists. Tests are left out: a test may import from anywhere.
 * Returns each cycle (a strongly connected component of more than one folder) with the imports that form it.
 */
export function findFolderCycles(graph: FileGraph, options: { root?: string } = {}): string[] {
  const root = options.root ?? 'lib/';
  const isCounted = (file: string) => file.startsWith(root) && !/\.test\.tsx?$/.test(file);
  const edges = new Map<string, Map<string, string[]>>();
  for (const [file, deps] of Object.entries(graph)) {
    if (!isCounted(file)) continue;
    for (const dep of deps) {
      if (!isCounted(dep)) continue;
      const from = path.posix.dirname(file);
      const to = path.posix.dirname(dep);
      if (from === to) continue;
      const out = edges.get(from) ?? new Map<string, string[]>();
      edges.set(from, out);
      out.set(to, [...(out.get(to) ?? []), `${file} → ${dep}`]);
    }
  }
  return stronglyConnected(edges).map((component) => {
    const members = new Set(component);
    const why = [...component]
      .sort()
      .flatMap((from) =>
        [...(edges.get(from) ?? [])]
          .filter(([to]) => members.has(to))
          .map(
            ([to, files]) =>
              `    ${from} → ${to} (${files[0]}${files.length > 1 ? ` +${files.length - 1}` : ''})`,
          ),
      );
    return `folder cycle: ${[...component].sort().join(', ')}\n${why.join('\n')}`;
  });
}

/** Tarjan's algorithm; components of one node are not cycles (self-imports were dropped above). */
function stronglyConnected(edges: Map<string, Map<string, string[]>>): string[][] {
  const nodes = new Set<string>(edges.keys());
  for (const out of edges.values()) for (const to of out.keys()) nodes.add(to);
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const components: string[][] = [];
  let next = 0;
  const visit = (v: string) => {
    index.set(v, next);
    low.set(v, next);
    next += 1;
    stack.push(v);
    onStack.add(v);
    for (const w of edges.get(v)?.keys() ?? []) {
      if (!index.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v) ?? 0, low.get(w) ?? 0));
      } else if (onStack.has(w)) {
        low.set(v, Math.min(low.get(v) ?? 0, index.get(w) ?? 0));
      }
    }
    if (low.get(v) === index.get(v)) {
      const component: string[] = [];
      let w: string | undefined;
      do {
        w = stack.pop();
        if (w === undefined) break;
        onStack.delete(w);
        component.push(w);
      } while (w !== v);
      if (component.length > 1) components.push(component);
    }
  };
  for (const v of [...nodes].sort()) if (!index.has(v)) visit(v);
  return components;
}

/** dpdm's JSON output (`--output`): `tree` maps each file to its dependencies with resolved ids. */
export function graphFromDpdm(json: { tree: Record<string, { id: string | null }[] | null> }): FileGraph {
  return Object.fromEntries(
    Object.entries(json.tree).map(([file, deps]) => [
      file,
      (deps ?? []).map((d) => d.id).filter((id): id is string => id !== null),
    ]),
  );
}
