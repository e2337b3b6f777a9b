export * from 'viem/accounts';
