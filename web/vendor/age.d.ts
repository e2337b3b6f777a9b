// Types of vendor/age.js: the packages it bundles, as pinned in web/package-lock.json.
export * from 'age-encryption';
