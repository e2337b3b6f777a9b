// Runs eciesjs and viem on a batch of requests (JSON array on stdin) and prints a JSON array of
// results; the Java tests (EciesjsInteropTest, TypedDataInteropTest, FragmentVectorsInteropTest) drive it. An error in one
// request is reported in its result, so a test can assert that tampered input is rejected.
import { decrypt, encrypt } from "eciesjs";
import { hashTypedData, keccak256, encodeAbiParameters, concat } from "viem";
import { privateKeyToAccount, privateKeyToAddress } from "viem/accounts";
// viem's own dependencies (pinned by its lock entry): an HKDF, X25519 and Bech32 independent of Java's.
import { hkdf } from "@noble/hashes/hkdf";
import { sha256 } from "@noble/hashes/sha2";
import { x25519 } from "@noble/curves/ed25519";
import { bech32 } from "@scure/base";

const N = 0xfffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364141n;
const te = new TextEncoder();

// Archive format v2 section 6, written from the spec text.
function fragmentKey(secret, e) {
  const info = new Uint8Array([(e >>> 24) & 255, (e >>> 16) & 255, (e >>> 8) & 255, e & 255]);
  const okm = hkdf(sha256, bytes(secret), te.encode("unveil/archive/v2/fragment-key"), info, 48);
  const k = (BigInt("0x" + hex(okm)) % (N - 1n)) + 1n;
  const key = "0x" + k.toString(16).padStart(64, "0");
  const identity = hkdf(sha256, bytes(key), new Uint8Array(0), te.encode("unveil/archive/v2/age-x25519-identity"), 32);
  const recipient = bech32.encode("age", bech32.toWords(x25519.getPublicKey(identity)), false);
  const idText = bech32.encode("age-secret-key-", bech32.toWords(identity), false).toUpperCase();
  return { okm: hex(okm), key: key.slice(2), keyAddress: privateKeyToAddress(key).toLowerCase(), identity: idText, recipient };
}

const leaf = (e, a) => keccak256(keccak256(encodeAbiParameters([{ type: "uint256" }, { type: "address" }], [BigInt(e), a])));
const pair = (a, b) => (BigInt(a) <= BigInt(b) ? keccak256(concat([a, b])) : keccak256(concat([b, a])));

function fragmentTree(addresses) {
  const levels = [addresses.map((a, e) => leaf(e, a))];
  while (levels.at(-1).length > 1) {
    const l = levels.at(-1), next = [];
    for (let i = 0; i < l.length; i += 2) next.push(i + 1 < l.length ? pair(l[i], l[i + 1]) : l[i]);
    levels.push(next);
  }
  const proofs = addresses.map((_, e) => {
    const p = [];
    for (let l = 0, i = e; l < levels.length - 1; l++, i >>= 1) if ((i ^ 1) < levels[l].length) p.push(levels[l][i ^ 1]);
    return p;
  });
  // OpenZeppelin MerkleProof.processProof: fold with the commutative pair hash.
  const root = levels.at(-1)[0];
  const verified = proofs.every((p, e) => p.reduce(pair, levels[0][e]) === root);
  return { leaves: levels[0], root, proofs, verified };
}

function sample(seed, f, count) {
  const r = Math.min(count, f), taken = [];
  for (let c = 0n; taken.length < r; c++) {
    const i = Number(BigInt(keccak256(encodeAbiParameters([{ type: "bytes32" }, { type: "uint256" }], [seed, c]))) % BigInt(f));
    if (!taken.includes(i)) taken.push(i);
  }
  return taken;
}

const hex = (bytes) => Buffer.from(bytes).toString("hex");
const bytes = (h) => Uint8Array.from(Buffer.from(h.replace(/^0x/, ""), "hex"));

async function run(req) {
  switch (req.op) {
    case "encrypt":
      return { ciphertext: hex(encrypt(bytes(req.publicKey), bytes(req.plaintext))) };
    case "decrypt":
      return { plaintext: hex(decrypt(bytes(req.privateKey), bytes(req.ciphertext))) };
    case "typedData": {
      const typed = JSON.parse(req.json);
      const account = privateKeyToAccount(req.privateKey);
      const { EIP712Domain, ...types } = typed.types;
      const args = { domain: typed.domain, types, primaryType: typed.primaryType, message: typed.message };
      return { hash: hashTypedData(args), signature: await account.signTypedData(args), address: account.address };
    }
    case "fragmentKey":
      return fragmentKey(req.secret, req.fragment);
    case "fragmentTree":
      return fragmentTree(req.keyAddresses);
    case "sample":
      return { samples: sample(req.seed, req.fragmentCount, req.sampleCount) };
    default:
      throw new Error(`unknown op ${req.op}`);
  }
}

let input = "";
for await (const chunk of process.stdin) input += chunk;
const out = [];
for (const req of JSON.parse(input)) {
  try {
    out.push(await run(req));
  } catch (e) {
    out.push({ error: String(e && e.message ? e.message : e) });
  }
}
process.stdout.write(JSON.stringify(out));
