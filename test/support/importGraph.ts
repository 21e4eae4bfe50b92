// The import graph of src/ between its top-level folders, read with TypeScript's own import
// scanner (static imports, re-exports, type imports and dynamic `import()` alike).
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import ts from 'typescript';

/** One import from a file in one folder to a module in another. */
export interface FolderEdge {
  from: string;
  to: string;
  /** `file => imported module`, relative to the root, for the failure message. */
  via: string;
}

/** The folder of a path relative to the root: its first segment, `.` for files at the root. */
function folderOf(relative: string): string {
  const parts = relative.split(path.sep);
  return parts.length > 1 ? (parts[0] ?? '.') : '.';
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(full);
    return entry.name.endsWith('.ts') ? [full] : [];
  });
}

/** Every import under `root` that crosses from one top-level folder into another. */
export function folderEdges(root: string): FolderEdge[] {
  const edges: FolderEdge[] = [];
  for (const file of sourceFiles(root)) {
    const { importedFiles } = ts.preProcessFile(readFileSync(file, 'utf8'), true, true);
    for (const { fileName } of importedFiles) {
      if (!fileName.startsWith('.')) continue; // a package, not ours
      const target = path.relative(root, path.resolve(path.dirname(file), fileName));
      const source = path.relative(root, file);
      const from = folderOf(source);
      const to = folderOf(target);
      if (from !== to) edges.push({ from, to, via: `${source} => ${target}` });
    }
  }
  return edges;
}

/** Imports that go against the layers: to a folder in the same or a higher layer, or to one with no layer. */
export function layerViolations(edges: FolderEdge[], layers: string[][]): string[] {
  const layerOf = new Map(
    layers.flatMap((folders, index) => folders.map((folder) => [folder, index] as const)),
  );
  const problems: string[] = [];
  for (const edge of edges) {
    const from = layerOf.get(edge.from);
    const to = layerOf.get(edge.to);
    if (from === undefined) problems.push(`${edge.from} has no layer (${edge.via})`);
    else if (to === undefined) problems.push(`${edge.to} has no layer (${edge.via})`);
    else if (to >= from)
      problems.push(`${edge.from} (layer ${from}) imports ${edge.to} (layer ${to}): ${edge.via}`);
  }
  return problems;
}

/** The cycles between folders, each as the folders on it (`a -> b -> a`); empty when there are none. */
export function folderCycles(edges: FolderEdge[]): string[] {
  const next = new Map<string, Set<string>>();
  for (const { from, to } of edges) {
    const targets = next.get(from) ?? new Set<string>();
    targets.add(to);
    next.set(from, targets);
  }
  const cycles: string[] = [];
  const done = new Set<string>();
  const onPath: string[] = [];
  const visit = (folder: string): void => {
    const at = onPath.indexOf(folder);
    if (at >= 0) {
      cycles.push([...onPath.slice(at), folder].join(' -> '));
      return;
    }
    if (done.has(folder)) return;
    onPath.push(folder);
    for (const target of [...(next.get(folder) ?? [])].sort()) visit(target);
    onPath.pop();
    done.add(folder);
  };
  for (const folder of [...next.keys()].sort()) visit(folder);
  return cycles;
}
