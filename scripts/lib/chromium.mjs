// How every script here starts Debian's Chromium (Playwright's own browser download cannot run
// on these machines; see docs/toolchain.md). One place for the flags: without the
// background-networking ones Chromium keeps dialling hosts this closed network refuses, and
// --no-sandbox because CI runs as root. Without the WebUI omnibox popups every new window (each
// fresh browser context) loads the address bar's popup page in a renderer of its own, ~100
// modules and about as much CPU as the page under test over its first second; a person's
// browser has that popup loaded once per window, not per page.

export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

export const CHROMIUM_ARGS = Object.freeze([
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-features=WebUIOmniboxAimPopup,WebUIOmniboxPopup',
]);

/** Launch options for playwright-core's `chromium.launch`. */
export const launchOptions = () => ({ executablePath: CHROMIUM_PATH, args: [...CHROMIUM_ARGS] });
