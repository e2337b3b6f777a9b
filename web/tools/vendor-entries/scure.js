export { bech32, base32, base58, base64, base64nopad } from '@scure/base';
