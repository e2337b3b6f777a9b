export * from 'viem';
