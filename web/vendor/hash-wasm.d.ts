// Types of vendor/hash-wasm.js: the packages it bundles, as pinned in web/package-lock.json.
export { createSHA256 } from 'hash-wasm';
