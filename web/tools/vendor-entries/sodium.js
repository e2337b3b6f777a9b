// libsodium's ChaCha20-Poly1305 (IETF) compiled to WebAssembly: the age payload's cipher on the
// hot path of pack and unpack, about 2.3x noble's speed in Chromium (scripts/bench-web).
export { default as sodium } from 'libsodium-wrappers';
