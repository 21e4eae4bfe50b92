// Runs every test file in one `node --test` run (one summary): the library's tests, and the
// deployment's (infra/) when its packages are installed (`cd infra && npm ci`; .ci/run does it).
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '..');
const testFiles = (dir) =>
  readdirSync(path.join(root, dir), { withFileTypes: true }).flatMap((entry) => {
    const relative = path.join(dir, entry.name);
    if (entry.isDirectory()) return testFiles(relative);
    return entry.name.endsWith('.test.ts') ? [relative] : [];
  });

const files = testFiles('test');
if (existsSync(path.join(root, 'infra', 'node_modules', 'aws-cdk-lib'))) {
  const typecheck = spawnSync(
    process.execPath,
    [path.join(root, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', 'infra/tsconfig.json'],
    { cwd: root, stdio: 'inherit' },
  );
  if (typecheck.status !== 0) process.exit(typecheck.status ?? 1);
  files.push(...testFiles(path.join('infra', 'test')));
} else {
  console.log(
    'note: the deployment tests (infra/test) need its packages: run `cd infra && npm ci` to include them',
  );
}
const run = spawnSync(process.execPath, ['--import', 'tsx', '--test', '--test-concurrency=2', ...files], {
  cwd: root,
  stdio: 'inherit',
});
process.exit(run.status ?? 1);
