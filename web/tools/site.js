// Copies the files that make up the published web tool (the pages, their modules, the vendored
// libraries) into OUT_DIR, leaving out what only development needs (node_modules, tests, tools,
// package files). `unveil ipfs add -r OUT_DIR` then gives the tool's CID.
//
// Usage: node web/tools/site.js OUT_DIR
import { cpSync, mkdirSync, readdirSync, rmSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const web = resolve(dirname(fileURLToPath(import.meta.url)), '..');
/** What is published: every page at the top, its stylesheet, and the module folders. */
export const SITE = [...readdirSync(web).filter((f) => f.endsWith('.html')), 'style.css', 'pages', 'ui', 'lib', 'vendor'];

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const out = process.argv[2];
  if (!out) { console.error('usage: node web/tools/site.js OUT_DIR'); process.exit(2); }
  rmSync(out, { recursive: true, force: true });
  mkdirSync(out, { recursive: true });
  for (const f of SITE) cpSync(join(web, f), join(out, f), { recursive: true, filter: (src) => !src.endsWith('.d.ts') });
  console.error(`site: ${SITE.length} entries into ${out}`);
}
