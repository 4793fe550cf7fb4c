// The matrix of a preset that compares approaches across workloads (spec.json `matrix`, seed
// 001's "Choosing the Right Approach"): per row, each cell's time and speedup against the row's
// sequential cell, and the row's winner. Pure: the view (www/views/matrix.js) and the report
// (`report.matrix`, what playground.preset() returns) both read it.

/**
 * @typedef {{ label: string, strategies: string[], rule: string }} MatrixRow
 * @typedef {{ columns: string[], rows: MatrixRow[] }} MatrixSpec
 * @typedef {{ strategy: string, column: string, wallMs: number | null, speedup: number | null,
 *   complete: boolean, winner: boolean }} Cell
 * @typedef {{ label: string, rule: string, cells: Cell[], winner: string | null }} Row
 * @typedef {{ columns: string[], rows: Row[] }} Matrix
 */

/**
 * A result counts for its cell when every task of it ended ok: a failed or cancelled run's time
 * is not the approach's.
 * @param {{ ok: number, tasks: number } | undefined} r
 */
const complete = (r) => Boolean(r && r.tasks > 0 && r.ok === r.tasks);

/**
 * The matrix of `spec` over `results`, or null when the results hold none of its strategies.
 * @param {MatrixSpec | undefined} spec
 * @param {{ strategy: string, wallMs: number, ok: number, tasks: number }[]} results
 * @returns {Matrix | null}
 */
export function matrixOf(spec, results) {
  if (!spec) return null;
  const by = new Map(results.map((r) => [r.strategy, r]));
  if (!spec.rows.some((row) => row.strategies.some((id) => by.has(id)))) return null;
  return { columns: spec.columns, rows: spec.rows.map((row) => rowOf(row, spec.columns, by)) };
}

/**
 * One row: speedups against its first (sequential) cell, the fastest complete cell the winner.
 * @param {MatrixRow} row
 * @param {string[]} columns
 * @param {Map<string, { wallMs: number, ok: number, tasks: number }>} by
 * @returns {Row}
 */
function rowOf(row, columns, by) {
  const base = by.get(row.strategies[0]);
  const baseMs = complete(base) ? /** @type {{ wallMs: number }} */ (base).wallMs : null;
  const cells = row.strategies.map((strategy, i) => {
    const r = by.get(strategy);
    const wallMs = r ? r.wallMs : null;
    const speedup = complete(r) && baseMs !== null && wallMs ? baseMs / wallMs : null;
    return { strategy, column: columns[i], wallMs, speedup, complete: complete(r), winner: false };
  });
  const ranked = cells.filter((c) => c.complete).sort((a, b) => /** @type {number} */ (a.wallMs) - /** @type {number} */ (b.wallMs));
  const winner = ranked[0] ?? null;
  if (winner) winner.winner = true;
  return { label: row.label, rule: row.rule, cells, winner: winner?.strategy ?? null };
}
