// Rebuilds web/vendor/ from the versions pinned in web/package-lock.json: one ES module per
// entry in tools/vendor-entries/, shared code split into vendor/chunks/, plus each package's
// license and a .d.ts per entry (the entry's own re-exports, so `tsc --checkJs` sees the real
// types from node_modules). esbuild's output depends only on its version and its inputs, so the
// same lock gives the same bytes: test/vendor.test.js rebuilds into a temporary folder and compares.
//
// Usage: node tools/vendor.js [OUT_DIR]      (default: web/vendor)
import { build } from 'esbuild';
import { cpSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const web = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const out = resolve(process.argv[2] ?? join(web, 'vendor'));
const entriesDir = join(web, 'tools', 'vendor-entries');
const entries = readdirSync(entriesDir).filter((f) => f.endsWith('.js')).sort();

rmSync(out, { recursive: true, force: true });
mkdirSync(out, { recursive: true });
await build({
  absWorkingDir: web,
  entryPoints: entries.map((f) => join(entriesDir, f)),
  outdir: out,
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'browser',
  target: 'es2022',
  minify: true,
  legalComments: 'none',
  entryNames: '[name]',
  chunkNames: 'chunks/[name]-[hash]',
  logLevel: 'warning',
});
for (const f of entries) {
  const dts = `// Types of vendor/${f}: the packages it bundles, as pinned in web/package-lock.json.\n`
    + readFileSync(join(entriesDir, f), 'utf8').split('\n').filter((l) => !l.startsWith('//')).join('\n');
  writeFileSync(join(out, f.replace(/\.js$/, '.d.ts')), dts);
}

// Licenses of every package that ends up in a bundle (the runtime dependencies and theirs).
const lock = JSON.parse(readFileSync(join(web, 'package-lock.json'), 'utf8'));
const licenses = join(out, 'LICENSES');
mkdirSync(licenses);
const lines = ['# Vendored packages (from web/package-lock.json; rebuilt by `node web/tools/vendor.js`)', ''];
for (const [path, info] of Object.entries(lock.packages).sort(([a], [b]) => a.localeCompare(b))) {
  if (!path.startsWith("node_modules/") || info.dev || info.devOptional) continue;
  const name = path.slice('node_modules/'.length).replace(/\/node_modules\//g, '>');
  lines.push(`- ${name} ${info.version} (${info.license ?? 'see file'})`);
  const dir = join(web, path);
  const file = existsSync(dir) ? readdirSync(dir).find((f) => /^(licen[cs]e|copying)/i.test(f)) : undefined;
  if (file) cpSync(join(dir, file), join(licenses, `${name.replace(/[/>]/g, '__')}-${info.version}.txt`));
}
writeFileSync(join(licenses, 'README.md'), lines.join('\n') + '\n');
console.error(`vendor: ${entries.length} entries into ${out}`);
