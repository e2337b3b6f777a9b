import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { join, relative, dirname } from 'node:path';
import { tmpdir } from 'node:os';
import { fileURLToPath } from 'node:url';

const web = join(dirname(fileURLToPath(import.meta.url)), '..');

function files(dir) {
  return readdirSync(dir, { recursive: true }).map(String).filter((f) => statSync(join(dir, f)).isFile()).sort();
}

test('web/vendor is exactly what tools/vendor.js builds from the lock file', () => {
  const out = mkdtempSync(join(tmpdir(), 'unveil-vendor-'));
  try {
    execFileSync(process.execPath, [join(web, 'tools', 'vendor.js'), out], { stdio: 'pipe' });
    const committed = files(join(web, 'vendor'));
    assert.deepEqual(files(out), committed, 'the same files: run `node web/tools/vendor.js` and commit web/vendor');
    for (const f of committed) {
      assert.ok(readFileSync(join(out, f)).equals(readFileSync(join(web, 'vendor', f))),
        `vendor/${f} differs from a rebuild: run \`node web/tools/vendor.js\` and commit web/vendor`);
    }
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
});
