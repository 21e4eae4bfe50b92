// src/ is built in layers: a folder imports only from folders in lower layers, so no two folders
// import each other, directly or round a loop. The README's "Code map" draws the same list.
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, it } from 'node:test';
import { type FolderEdge, folderCycles, folderEdges, layerViolations } from './support/importGraph.js';

/** Lowest first. Folders in one layer do not import each other. */
const LAYERS = [
  ['util'], // text and number formatting, errors, fail points, child processes
  ['format'], // the access log's columns, schema, quarantine rules, edge locations
  ['store'], // where a store lives (local or S3) and its files, locks and settings
  ['sql'], // DuckDB connections and SQL quoting
  ['ingest', 'engine'], // CSV to Parquet days; the query engine, dialect and views on DuckDB
  ['collect', 'athena', 'report'], // GenerateAccessLogs downloads; Athena's engine; the report
  ['lake', 'demo'], // Athena tables and maintenance; the simulated site and Amplify emulator
  ['lambda', 'serve'], // the deployment's handlers; the dashboard's server and page
  ['cli'], // commands, arguments, terminal output
];

const SRC = path.resolve(import.meta.dirname, '..', 'src');

describe('layers of src/', () => {
  const edges = folderEdges(SRC);

  it('every import between folders goes down the layers', () => {
    assert.ok(edges.length > 50, `the scanner found ${edges.length} imports between folders`);
    assert.deepEqual(layerViolations(edges, LAYERS), []);
  });

  it('no folders import each other round a loop', () => {
    assert.deepEqual(folderCycles(edges), []);
  });
});

describe('import graph checks', () => {
  const edge = (from: string, to: string): FolderEdge => ({ from, to, via: `${from}/x.ts => ${to}/y` });

  it('finds a cycle between folders, however long', () => {
    assert.deepEqual(folderCycles([edge('a', 'b'), edge('b', 'a')]), ['a -> b -> a']);
    assert.deepEqual(folderCycles([edge('a', 'b'), edge('b', 'c'), edge('c', 'a'), edge('c', 'd')]), [
      'a -> b -> c -> a',
    ]);
    assert.deepEqual(folderCycles([edge('a', 'b'), edge('b', 'c'), edge('a', 'c')]), []);
  });

  it('flags an import up the layers, across one layer, or from a folder with no layer', () => {
    const layers = [['low'], ['mid', 'side'], ['top']];
    assert.deepEqual(layerViolations([edge('top', 'mid'), edge('mid', 'low')], layers), []);
    assert.deepEqual(layerViolations([edge('low', 'mid')], layers), [
      'low (layer 0) imports mid (layer 1): low/x.ts => mid/y',
    ]);
    assert.deepEqual(layerViolations([edge('mid', 'side')], layers), [
      'mid (layer 1) imports side (layer 1): mid/x.ts => side/y',
    ]);
    assert.deepEqual(layerViolations([edge('new', 'low')], layers), ['new has no layer (new/x.ts => low/y)']);
  });

  it('reads static, type-only, re-exported and dynamic imports from the files', () => {
    const root = mkdtempSync(path.join(tmpdir(), 'layers-'));
    try {
      mkdirSync(path.join(root, 'a'));
      mkdirSync(path.join(root, 'b'));
      writeFileSync(
        path.join(root, 'a', 'one.ts'),
        [
          "import { x } from '../b/two.ts';",
          "import type { Y } from '../b/three.ts';",
          "export { z } from '../b/four.ts';",
          "const late = await import('../b/five.ts');",
          "import { same } from './local.ts';",
          "import { pkg } from 'node:fs';",
        ].join('\n'),
      );
      writeFileSync(path.join(root, 'b', 'two.ts'), "import { one } from '../a/one.ts';\n");
      const found = folderEdges(root);
      assert.deepEqual(found.map((e) => e.via).sort(), [
        'a/one.ts => b/five.ts',
        'a/one.ts => b/four.ts',
        'a/one.ts => b/three.ts',
        'a/one.ts => b/two.ts',
        'b/two.ts => a/one.ts',
      ]);
      assert.deepEqual(folderCycles(found), ['a -> b -> a']);
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });
});
