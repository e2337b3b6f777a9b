// Types of vendor/viem-accounts.js: the packages it bundles, as pinned in web/package-lock.json.
export * from 'viem/accounts';
