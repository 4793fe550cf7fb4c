// How every script here starts Debian's Chromium (Playwright's own browser download cannot run
// on these machines; see docs/toolchain.md). One place for the flags: without the
// background-networking ones Chromium keeps dialling hosts this closed network refuses, and
// --no-sandbox because CI runs as root.

export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

export const CHROMIUM_ARGS = Object.freeze([
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
]);

/** Launch options for playwright-core's `chromium.launch`. */
export const launchOptions = () => ({ executablePath: CHROMIUM_PATH, args: [...CHROMIUM_ARGS] });
