// Types of vendor/viem.js: the packages it bundles, as pinned in web/package-lock.json.
export * from 'viem';
