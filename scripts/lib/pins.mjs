/** Tool versions that work together (see docs/toolchain.md). tests/js/pins.test.mjs checks
 * them against rust-toolchain.toml and Cargo.toml. */
export const PINS = Object.freeze({
  toolchain: 'nightly-2026-05-20',
  wasmBindgen: '0.2.130', // must equal the `wasm-bindgen = "=..."` pin in Cargo.toml
  wasmPack: '0.15.1',
});
