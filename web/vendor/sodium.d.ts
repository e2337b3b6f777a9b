// Types of vendor/sodium.js: the packages it bundles, as pinned in web/package-lock.json.
export { default as sodium } from 'libsodium-wrappers';
