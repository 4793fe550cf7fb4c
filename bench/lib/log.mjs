// The bench's progress lines, all with one prefix so they stand apart from the tools' output.

/** @param {string} text */
export const say = (text) => console.log(`bench: ${text}`);

/** A reason to stop that says what to do next: printed as one line, without a stack. */
export class Stop extends Error {}
