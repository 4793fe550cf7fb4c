// The seed box's line "ours": each strategy's time and the preset's comparison read the right way round.
import test from 'node:test';
import assert from 'node:assert/strict';
import { ourFigure } from '../../www/model/presets.js';

const preset = /** @type {any} */ ({ id: 'x', compare: ['fetch-sequential', 'fetch-concurrent'] });

test('the comparison says "faster" at or above 1 and "slower" below it, never "0.9× faster"', () => {
  const faster = ourFigure(preset, [{ strategy: 'fetch-sequential', wallMs: 6000 }, { strategy: 'fetch-concurrent', wallMs: 1000 }]);
  assert.match(faster, /fetch-concurrent is 6\.0× faster than fetch-sequential/);
  const slower = ourFigure(preset, [{ strategy: 'fetch-sequential', wallMs: 900 }, { strategy: 'fetch-concurrent', wallMs: 1000 }]);
  assert.match(slower, /fetch-concurrent is 1\.1× slower than fetch-sequential/);
  assert.doesNotMatch(slower, /faster/);
});
