// Checks spec/vectors/keyholder-protocol.json (written by Java's HiringVectorGenerator) with viem, an
// independent EIP-712 implementation: every digest and struct hash from the wire form and the type
// strings alone, every signature's signer, and every predicted release address.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFile } from "node:fs/promises";
import {
  concat, encodeAbiParameters, getContractAddress, hashDomain, hashStruct, hashTypedData, keccak256,
  recoverTypedDataAddress, serializeSignature, parseSignature,
} from "viem";

const vectors = JSON.parse(await readFile(new URL("../../../spec/vectors/keyholder-protocol.json", import.meta.url), "utf8"));
const N = 0xfffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364141n;

// "Info(address keyholder,...)Policy(...)" -> { Info: [{name, type}], Policy: [...] }
function parseTypes(typeString) {
  const types = {};
  for (const [, name, fields] of typeString.matchAll(/(\w+)\(([^)]*)\)/g)) {
    types[name] = fields.split(",").map((f) => {
      const [type, field] = f.split(" ");
      return { name: field, type };
    });
  }
  return types;
}

const primaryTypes = Object.fromEntries(Object.entries(vectors.types).map(([name, s]) => [name, parseTypes(s)]));

// The wire form to viem's message: uint fields as bigint (decimal strings for uint256 amounts, JSON
// numbers for times and counts), structs recursively, the signature dropped.
function message(types, primaryType, wire) {
  const out = {};
  for (const { name, type } of types[primaryType]) {
    assert.ok(name in wire, `${primaryType}.${name} is on the wire`);
    const v = wire[name];
    if (types[type]) out[name] = message(types, type, v);
    else if (/^uint\d+$/.test(type)) {
      if (type === "uint256" && ["chainId"].indexOf(name) < 0) assert.equal(typeof v, "string", `${name} is a decimal string`);
      out[name] = BigInt(v);
    } else out[name] = v;
  }
  return out;
}

for (const c of vectors.messages) {
  test(`${c.type} ${c.structHash}: viem gives the same hashes and signer`, async () => {
    const types = primaryTypes[c.type];
    const wire = JSON.parse(c.wire);
    assert.deepEqual(Object.keys(wire), [...types[c.type].map((f) => f.name), "signature"], "fields in type-string order, then the signature");
    const typed = { domain: { ...c.domain, chainId: BigInt(c.domain.chainId) }, types, primaryType: c.type, message: message(types, c.type, wire) };
    assert.equal(hashDomain({ domain: typed.domain, types: { EIP712Domain: [
      { name: "name", type: "string" }, { name: "version", type: "string" },
      { name: "chainId", type: "uint256" }, { name: "verifyingContract", type: "address" }] } }), c.domainSeparator);
    assert.equal(hashStruct({ data: typed.message, primaryType: c.type, types }), c.structHash);
    assert.equal(hashTypedData(typed), c.digest);
    assert.equal(wire.signature, c.signature);
    const sig = parseSignature(c.signature);
    assert.ok(BigInt(sig.s) <= N / 2n, "low s");
    assert.ok(sig.v === 27n || sig.v === 28n, "v is 27 or 28");
    assert.equal((await recoverTypedDataAddress({ ...typed, signature: c.signature })).toLowerCase(), c.signer);
  });
}

test("every offer answers one of the solicitations: its solicitationHash is that solicitation's digest", () => {
  const solicited = new Set(vectors.messages.filter((m) => m.type === "Solicitation").map((m) => m.digest));
  const offers = vectors.messages.filter((m) => m.type === "Offer");
  assert.ok(offers.length > 0);
  for (const o of offers) assert.ok(solicited.has(JSON.parse(o.wire).solicitationHash), o.structHash);
});

test("the release addresses are the factory's CREATE2 clone addresses", () => {
  for (const r of vectors.releases) {
    const salt = keccak256(encodeAbiParameters([{ type: "address" }, { type: "bytes32" }], [r.artist, r.salt]));
    const bytecode = concat(["0x3d602d80600a3d3981f3363d3d373d3d3d363d73", r.implementation, "0x5af43d82803e903d91602b57fd5bf3"]);
    assert.equal(getContractAddress({ opcode: "CREATE2", from: r.factory, salt, bytecode }).toLowerCase(), r.release);
  }
});

test("the high-s case is a valid signature malleated, which a receiver must still refuse", async () => {
  const c = vectors.invalid.find((i) => i.name.startsWith("high-s"));
  assert.equal(c.code, "bad-signature");
  const wire = JSON.parse(c.wire);
  const sig = parseSignature(wire.signature);
  assert.ok(BigInt(sig.s) > N / 2n, "s is above n/2");
  const low = serializeSignature({ r: sig.r, s: `0x${(N - BigInt(sig.s)).toString(16).padStart(64, "0")}`, v: sig.v === 27n ? 28n : 27n });
  const types = primaryTypes.Solicitation;
  const domain = { name: "Unveil Keyholder", version: "1", chainId: BigInt(wire.chainId), verifyingContract: wire.factory };
  const signer = await recoverTypedDataAddress({ domain, types, primaryType: "Solicitation", message: message(types, "Solicitation", wire), signature: low });
  assert.equal(signer.toLowerCase(), wire.artist, "its low-s twin is the artist's signature");
});
