// Runs eciesjs and viem on a batch of requests (JSON array on stdin) and prints a JSON array of
// results; the Java tests (EciesjsInteropTest, TypedDataInteropTest) drive it. An error in one
// request is reported in its result, so a test can assert that tampered input is rejected.
import { decrypt, encrypt } from "eciesjs";
import { hashTypedData } from "viem";
import { privateKeyToAccount } from "viem/accounts";

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
