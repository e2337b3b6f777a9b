import{a as e,b as a,c as b,d as s,e as o}from"./chunks/chunk-VY6HLL4Z.js";import"./chunks/chunk-VC46IEJQ.js";export{e as base32,s as base58,a as base64,b as base64nopad,o as bech32};
