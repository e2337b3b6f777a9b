import{a as e,b as a,c as b,d as s,e as o}from"./chunks/chunk-37C6DXZA.js";import"./chunks/chunk-LVZ6SHV2.js";export{e as base32,s as base58,a as base64,b as base64nopad,o as bech32};
