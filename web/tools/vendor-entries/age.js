export * from 'age-encryption';
