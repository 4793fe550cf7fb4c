// The table's place in the docs: the block between the bench markers of docs/benchmarks.md,
// which `--update-docs` replaces with the run's table, machine and date.
import fs from 'node:fs';
import path from 'node:path';
import { ROOT } from '../../scripts/lib/run.mjs';
import { renderTable } from './report.mjs';
import { machineLine } from './machine.mjs';
import { fmt } from './stats.mjs';

export const DOCS_FILE = path.join(ROOT, 'docs', 'benchmarks.md');
export const BLOCK_START = '<!-- bench:start -->';
export const BLOCK_END = '<!-- bench:end -->';

/**
 * Replaces the text between the bench markers (kept) with `block`.
 * @param {string} text
 * @param {string} block
 */
export function replaceMarkedBlock(text, block) {
  const start = text.indexOf(BLOCK_START);
  const end = text.indexOf(BLOCK_END);
  if (start < 0 || end < start) throw new Error(`no ${BLOCK_START} ... ${BLOCK_END} block to replace`);
  return `${text.slice(0, start + BLOCK_START.length)}\n${block.trim()}\n${text.slice(end)}`;
}

/**
 * Why the table cannot be written into `file`, or null if it can: checked before a full run
 * too, so a missing file does not waste ten minutes.
 * @param {string} [file]
 */
export function docsProblem(file = DOCS_FILE) {
  const shown = path.relative(ROOT, file);
  if (!fs.existsSync(file)) return `${shown} does not exist, so there is nowhere to write the table`;
  const text = fs.readFileSync(file, 'utf8');
  const start = text.indexOf(BLOCK_START);
  if (start < 0 || text.indexOf(BLOCK_END) < start) {
    return `${shown} has no ${BLOCK_START} ... ${BLOCK_END} block to replace (add the two markers where the table goes)`;
  }
  return null;
}

/**
 * Writes `block` between the markers of `file`; returns what went wrong instead of throwing.
 * @param {string} block
 * @param {string} [file]
 * @returns {string | null}
 */
export function updateDocs(block, file = DOCS_FILE) {
  const problem = docsProblem(file);
  if (problem) return problem;
  fs.writeFileSync(file, replaceMarkedBlock(fs.readFileSync(file, 'utf8'), block));
  return null;
}

/**
 * The block: what kind of run, the machine, the load, then the table.
 * @param {{ rows: import('./report.mjs').Row[], machine: ReturnType<typeof import('./machine.mjs').describeMachine>, date: string, P: number, load: { start: number[], end: number[] }, quick: boolean }} r
 */
export function docsBlock({ rows, machine, date, P, load, quick }) {
  return [
    quick
      ? `Quick run (\`npm run bench -- --quick\`: small sizes, one round, no warm-up; not for comparison) on ${date.slice(0, 10)}:`
      : `Full run of \`npm run bench\` on ${date.slice(0, 10)}:`,
    `${machineLine(machine)}; pool threads P = ${P}.`,
    `Load average (1 min) ${fmt(load.start[0])} at the start, ${fmt(load.end[0])} at the end.`,
    ...(quick ? [] : ['Medians (min–max in brackets) over rounds after a warm-up round.']),
    '',
    renderTable(rows),
  ].join('\n');
}
