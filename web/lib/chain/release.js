// Reading a release from the chain, and the transactions fans, keyholders and anyone send to it.
// Everything goes through viem (vendored) and an EIP-1193 provider, so the page works with any
// wallet; reads may use a separate RPC URL when the wallet is on another network.
import { createPublicClient, createWalletClient, custom, http, getAddress, parseEventLogs, BaseError, ContractFunctionRevertedError } from '../../vendor/viem.js';
import { ReleaseAbi, ReleaseFactoryAbi, KeyholderRegistryAbi } from './abi.js';

/** The contract's IRelease.State names, in ABI order (spec/release-protocol.md section 3). */
export const STATES = ['None', 'Enrolling', 'Open', 'Funded', 'Released', 'Settled', 'Cancelled', 'Failed', 'Sampling'];
/** The contract's IRelease.SlotStatus names, in ABI order. */
export const SLOT_STATUSES = ['Vacant', 'Enrolled', 'Published', 'Slashed'];

/** A chain call that failed, with the contract's own reason when it reverted. */
export class ChainError extends Error {
  /** @param {string} message @param {string} code @param {unknown} [cause] */
  constructor(message, code, cause) {
    super(message, { cause });
    this.name = 'ChainError';
    this.code = code;
  }
}

/**
 * A public (read) client for an RPC URL or an EIP-1193 provider.
 * @param {{rpc?: string, provider?: any}} where
 */
export function readClient({ rpc, provider }) {
  if (!rpc && !provider) throw new ChainError('no chain to read: give an RPC URL or connect a wallet', 'no-chain');
  // cacheTime 0: a page reads right after its own transactions, and viem's 4 s block-number cache would show the state before them.
  return createPublicClient({ transport: rpc ? http(rpc, { retryCount: 1 }) : custom(provider), cacheTime: 0 });
}

/**
 * What a page shows of a release: its summary, parameters, slots, groups and samples, read at one block.
 * @param {any} client viem public client
 * @param {string} address release address
 */
export async function readRelease(client, address) {
  const release = getAddress(address);
  const code = await client.getCode({ address: release });
  if (!code || code === '0x') {
    throw new ChainError(`there is no contract at ${release} on chain ${await client.getChainId()}: check the link's chain and address`, 'no-release');
  }
  const blockNumber = await client.getBlockNumber();
  const read = (functionName, args = []) => client.readContract({ address: release, abi: ReleaseAbi, functionName, args, blockNumber });
  const [summary, params, samples, artistFee, registry] = await Promise.all([
    read('summary'), read('params'), read('samples'), read('artistFee'), read('registry')]);
  const slots = await Promise.all(Array.from({ length: Number(summary.slotCount) }, (_, i) => read('slotInfo', [BigInt(i)])
    .then(([group, releaseKey, keyholder, status, claimed]) => ({ index: i, group: Number(group), releaseKey, keyholder, status: SLOT_STATUSES[status], claimed }))));
  const groups = await Promise.all(params.groupThresholds.map((_, g) => read('groupInfo', [BigInt(g)])
    .then(([threshold, size, published]) => ({ index: g, threshold: Number(threshold), size: Number(size), published: Number(published) }))));
  const block = await client.getBlock({ blockNumber });
  return {
    address: release,
    chainId: await client.getChainId(),
    block: { number: blockNumber, timestamp: Number(block.timestamp) },
    state: STATES[summary.state] ?? `unknown (${summary.state})`,
    summary, params, artistFee, registry, slots, groups,
    samples: { beaconBlock: samples[0], seed: samples[1], revealBy: Number(samples[2]), fragments: samples[3].map(Number) },
  };
}

/**
 * The release secret once it is on chain (recombined from a group's shares, or published by the
 * artist), from the release's events; null before.
 * @param {any} client @param {string} address
 * @returns {Promise<bigint|null>}
 */
export async function releasedSecret(client, address) {
  const logs = await client.getLogs({ address: getAddress(address), fromBlock: 0n, toBlock: 'latest' });
  const events = parseEventLogs({ abi: ReleaseAbi, logs, strict: false });
  for (const e of events) {
    if (e.eventName === 'SecretRecovered' || e.eventName === 'SecretPublished') return /** @type {any} */ (e.args).secret;
  }
  return null;
}

/**
 * The release's events in order, decoded (what the status and keyholder pages list).
 * @param {any} client @param {string} address
 */
export async function releaseEvents(client, address) {
  const logs = await client.getLogs({ address: getAddress(address), fromBlock: 0n, toBlock: 'latest' });
  return parseEventLogs({ abi: ReleaseAbi, logs, strict: false });
}

/**
 * A wallet client for the connected EIP-1193 provider, checked to be on the chain the release is on.
 * @param {any} provider @param {number} chainId the chain the page works on
 */
export async function walletClient(provider, chainId) {
  const [account] = await provider.request({ method: 'eth_requestAccounts' });
  if (!account) throw new ChainError('the wallet gave no account: unlock it and allow this page', 'no-account');
  const walletChain = Number(await provider.request({ method: 'eth_chainId' }));
  if (walletChain !== chainId) {
    throw new ChainError(`the wallet is on chain ${walletChain}, the release on chain ${chainId}: switch the wallet's network`, 'wrong-chain');
  }
  return createWalletClient({ account: getAddress(account), chain: /** @type {any} */ ({ id: chainId, name: `chain ${chainId}`, nativeCurrency: { name: 'Ether', symbol: 'ETH', decimals: 18 }, rpcUrls: { default: { http: [] } } }), transport: custom(provider) });
}

/**
 * Sends a call to a release (or the factory/registry) after simulating it, so a revert is reported
 * with the contract's reason before the wallet asks to sign; waits for the receipt.
 * @param {any} client public client @param {any} wallet wallet client
 * @param {{address: string, abi?: readonly any[], functionName: string, args?: any[], value?: bigint}} call
 */
export async function send(client, wallet, call) {
  const abi = call.abi ?? ReleaseAbi;
  try {
    const { request } = await client.simulateContract({ ...call, abi, account: wallet.account });
    const hash = await wallet.writeContract(request);
    const receipt = await client.waitForTransactionReceipt({ hash });
    if (receipt.status !== 'success') throw new ChainError(`${call.functionName} was mined but reverted (transaction ${hash})`, 'reverted');
    return receipt;
  } catch (e) {
    throw explain(e, call.functionName);
  }
}

/** @param {unknown} e @param {string} what @returns {Error} */
function explain(e, what) {
  if (e instanceof ChainError) return e;
  if (e instanceof BaseError) {
    const revert = e.walk((x) => x instanceof ContractFunctionRevertedError);
    if (revert instanceof ContractFunctionRevertedError) {
      const reason = revert.data?.errorName ? `${revert.data.errorName}(${(revert.data.args ?? []).join(', ')})` : revert.reason ?? 'no reason given';
      return new ChainError(`the contract refuses ${what}: ${reason}`, 'revert', e);
    }
    if (/rejected|denied/i.test(e.shortMessage ?? '')) return new ChainError(`you rejected ${what} in the wallet: nothing was sent`, 'rejected', e);
    return new ChainError(`${what} failed: ${e.shortMessage}`, 'rpc', e);
  }
  return new ChainError(`${what} failed: ${e instanceof Error ? e.message : String(e)}`, 'rpc', e);
}

export { ReleaseAbi, ReleaseFactoryAbi, KeyholderRegistryAbi };
