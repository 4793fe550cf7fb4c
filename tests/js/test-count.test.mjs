import test from 'node:test';
import assert from 'node:assert/strict';
import { countTests } from '../../scripts/test-all.mjs';

test("npm test's closing line counts every runner's tests, Playwright's minutes too", () => {
  const output = [
    'test result: ok. 68 passed; 0 failed; 0 ignored; 0 measured; 0 filtered out; finished in 1.3s',
    '# pass 70',
    '# fail 1',
    '  50 passed (7.6m)',
    '  3 passed (812ms)',
    '  2 passed (41.2s)',
    '  1 failed',
    '  1 flaky',
  ].join('\n');
  assert.deepEqual(countTests(output), { passed: 68 + 70 + 50 + 3 + 2, failed: 1 + 1 + 1 });
});
