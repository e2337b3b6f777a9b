#!/usr/bin/env node
// Fails unless the line coverage of the non-test contracts (contracts/**, from coverage/lcov.info
// written by `hardhat test --coverage`) is at least the threshold (default 95%).
import { readFile } from "node:fs/promises";

const threshold = Number(process.argv[2] ?? 95);
const lcov = await readFile(new URL("../coverage/lcov.info", import.meta.url), "utf8").catch(() => {
  console.error("coverage/lcov.info is missing: run `hardhat test solidity --coverage` first");
  process.exit(1);
});

// Per file, the set of instrumented lines and the set of lines hit (a file may appear twice).
const files = new Map();
let current = null;
for (const line of lcov.split("\n")) {
  if (line.startsWith("SF:")) {
    const path = line.slice(3);
    current = path.startsWith("contracts/") ? path : null;
    if (current && !files.has(current)) files.set(current, { lines: new Set(), hit: new Set() });
  } else if (current && line.startsWith("DA:")) {
    const [lineNo, count] = line.slice(3).split(",").map(Number);
    const f = files.get(current);
    f.lines.add(lineNo);
    if (count > 0) f.hit.add(lineNo);
  }
}
if (files.size === 0) {
  console.error("no contracts/** file in coverage/lcov.info");
  process.exit(1);
}
let found = 0;
let hit = 0;
for (const [path, f] of [...files].sort()) {
  found += f.lines.size;
  hit += f.hit.size;
  const missed = [...f.lines].filter((l) => !f.hit.has(l)).sort((a, b) => a - b);
  console.log(`${path}: ${f.hit.size}/${f.lines.size} lines${missed.length ? ` (missed: ${missed.join(", ")})` : ""}`);
}
const percent = (100 * hit) / found;
console.log(`line coverage of contracts/: ${percent.toFixed(2)}% (${hit}/${found}), required >= ${threshold}%`);
if (percent < threshold) {
  console.error(`coverage ${percent.toFixed(2)}% is below ${threshold}%`);
  process.exit(1);
}
