// Wallets: EIP-6963 discovery of injected wallets (EIP-1193 providers), and on a local development
// chain a dev-key wallet that signs with the public Hardhat test keys. The dev wallet exists only
// on chain 31337 and every page marks it (see chrome.js): its keys are known to everyone.
import { createWalletClient, createPublicClient, http, getAddress, hexToBigInt } from '../vendor/viem.js';
import { mnemonicToAccount } from '../vendor/viem-accounts.js';

/** The chain id of Hardhat's local network: the only one the dev wallet works on. */
export const DEV_CHAIN_ID = 31337;

// Hardhat's default accounts (the mnemonic every Hardhat node funds): published test keys,
// worthless anywhere but a local devnet. Account 0 deploys; the demo gives the others roles.
const DEV_MNEMONIC = 'test test test test test test test test test test test junk';
const DEV_ACCOUNTS = 20;

/**
 * @typedef {{ uuid: string, name: string, icon: string, rdns: string }} WalletInfo
 * @typedef {{ request: (args: {method: string, params?: any}) => Promise<any>, on?: Function, removeListener?: Function }} Eip1193Provider
 * @typedef {{ info: WalletInfo, provider: Eip1193Provider, dev?: boolean }} Wallet
 */

/**
 * Wallets the page can use: every EIP-6963 announcement within `waitMs`, then (on the local
 * chain only) the dev-key wallet.
 * @param {{ window: Window, chainId?: number, rpc?: string, waitMs?: number }} o
 * @returns {Promise<Wallet[]>}
 */
export async function discoverWallets({ window, chainId, rpc, waitMs = 300 }) {
  /** @type {Map<string, Wallet>} */
  const found = new Map();
  /** @param {any} event */
  const onAnnounce = (event) => {
    const d = event.detail;
    if (d?.info?.uuid && typeof d.provider?.request === 'function') found.set(d.info.uuid, { info: d.info, provider: d.provider });
  };
  window.addEventListener('eip6963:announceProvider', onAnnounce);
  window.dispatchEvent(new Event('eip6963:requestProvider'));
  await new Promise((r) => setTimeout(r, waitMs));
  window.removeEventListener('eip6963:announceProvider', onAnnounce);
  const wallets = [...found.values()];
  if (chainId === DEV_CHAIN_ID && rpc) {
    for (let i = 1; i < DEV_ACCOUNTS; i++) wallets.push(devWallet(rpc, i));
  }
  return wallets;
}

/**
 * The dev-key wallet for Hardhat account `index`: an EIP-1193 provider that signs locally and
 * sends raw transactions to `rpc`. Refuses to work on any chain but 31337.
 * @param {string} rpc @param {number} index
 * @returns {Wallet}
 */
export function devWallet(rpc, index) {
  if (!(Number.isInteger(index) && index >= 0 && index < DEV_ACCOUNTS)) throw new RangeError(`a dev account is 0 to ${DEV_ACCOUNTS - 1}, not ${index}`);
  // Deriving an HD key costs a PBKDF2 of the mnemonic (~20 ms): done when the wallet is first used,
  // not for each of the accounts the picker lists.
  /** @type {any} */
  let derived = null;
  const keys = () => {
    if (!derived) {
      const account = mnemonicToAccount(DEV_MNEMONIC, { addressIndex: index });
      derived = { account, wallet: createWalletClient({ account, chain, transport }) };
    }
    return derived;
  };
  const transport = http(rpc, { retryCount: 0 });
  const pub = createPublicClient({ transport });
  let checked = false;
  async function onDevChain() {
    if (checked) return;
    const id = await pub.getChainId();
    if (id !== DEV_CHAIN_ID) throw Object.assign(new Error(`the dev wallet works only on the local chain ${DEV_CHAIN_ID}; ${rpc} is chain ${id}`), { code: 4901 });
    checked = true;
  }
  const chain = { id: DEV_CHAIN_ID, name: 'local devnet', nativeCurrency: { name: 'Ether', symbol: 'ETH', decimals: 18 }, rpcUrls: { default: { http: [rpc] } } };
  /** @type {Eip1193Provider} */
  const provider = {
    async request({ method, params = [] }) {
      await onDevChain();
      const { account, wallet } = keys();
      switch (method) {
        case 'eth_requestAccounts':
        case 'eth_accounts':
          return [account.address];
        case 'eth_chainId':
          return `0x${DEV_CHAIN_ID.toString(16)}`;
        case 'eth_sendTransaction': {
          const tx = params[0];
          if (tx.from && getAddress(tx.from) !== account.address) throw Object.assign(new Error(`the dev wallet holds ${account.address}, not ${tx.from}`), { code: 4100 });
          return wallet.sendTransaction(/** @type {any} */ ({
            to: tx.to, data: tx.data, value: tx.value ? hexToBigInt(tx.value) : undefined,
            gas: tx.gas ? hexToBigInt(tx.gas) : undefined,
          }));
        }
        case 'eth_signTypedData_v4': {
          const [from, json] = params;
          if (getAddress(from) !== account.address) throw Object.assign(new Error(`the dev wallet holds ${account.address}, not ${from}`), { code: 4100 });
          const typed = typeof json === 'string' ? JSON.parse(json) : json;
          const { EIP712Domain, ...types } = typed.types;
          return account.signTypedData({ domain: typed.domain, types, primaryType: typed.primaryType, message: typed.message });
        }
        case 'personal_sign':
          return account.signMessage({ message: { raw: params[0] } });
        case 'wallet_switchEthereumChain':
          if (Number(params[0]?.chainId) !== DEV_CHAIN_ID) throw Object.assign(new Error('the dev wallet has only the local chain'), { code: 4902 });
          return null;
        default:
          return transport({ chain }).request({ method, params });
      }
    },
  };
  return {
    dev: true,
    provider,
    info: { uuid: `dev-${index}`, name: `Dev wallet, test account ${index}`, icon: '', rdns: 'org.unveil.dev-wallet' },
  };
}
