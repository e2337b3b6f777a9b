// Types of vendor/scure.js: the packages it bundles, as pinned in web/package-lock.json.
export { bech32, base32, base58, base64, base64nopad } from '@scure/base';
