// The page's entry point: builds the views, hands the person's actions to the controller
// (page/controller.js), puts the console API on window.playground and starts the worker.
import { Controller } from './page/controller.js';
import { installConsoleApi } from './page/console-api.js';
import { readUrl } from './page/url-state.js';
import { buildControls, onParamsEdited } from './views/controls.js';
import { buildPresetMenu, buildWelcome, FIRST_PRESET } from './views/seed.js';
import { wireSweepForm } from './views/sweep-chart.js';
import { onCompareChanged } from './views/chart.js';
import { wireKeepAndShare } from './views/keep-and-share.js';
import { noteIsolation, checkMockApi, mockInBrowser } from './views/setup.js';
import { $ } from './views/dom.js';
import { queueInfo, showQueueInfo, joinMode } from './page/queue-join.js';

async function main() {
  // Read before readUrl(), which rewrites the address to the parameters it knows.
  const join = new URLSearchParams(location.search).get('join');
  buildControls();
  const controller = new Controller();
  const mockChecked = checkMockApi();
  // The static build's service worker answers the mock API but has no queue, and before it
  // controls the page (which then reloads) nothing answers: nothing to ask.
  const queue = mockChecked.then((asked) => (asked && !mockInBrowser() ? queueInfo() : null));
  buildPresetMenu((id) => {
    controller.applyPreset(id);
    queue.then((info) => showQueueInfo(id, info));
  });
  // A first visit: one click chooses the suggested preset and runs it.
  buildWelcome(() => {
    controller.applyPreset(FIRST_PRESET);
    controller.run().catch(() => {});
  });
  wireSweepForm((param, values) => controller.sweep(param, values));
  const { params, notes, autorun, preset } = readUrl();
  controller.preset = preset;
  controller.setParams(params, notes);
  onParamsEdited((edited, editNotes) => controller.edit(edited, editNotes), () => controller.params);
  // run() shows its own failures on the page; the rejection matters only to console callers.
  $('run').addEventListener('click', () => controller.run().catch(() => {}));
  $('cancel').addEventListener('click', () => controller.cancel());
  onCompareChanged(() => controller.drawResults());
  wireKeepAndShare({
    exportJson: () => controller.exportJson(),
    exportCsv: () => controller.exportCsv(),
    exportTrace: () => controller.exportTrace(),
    importFile: (file) => controller.importFile(file),
  });
  controller.showHistory();
  controller.drawResults();
  controller.timeline.draw();
  const api = installConsoleApi(controller);
  noteIsolation();
  const started = controller.startWorker();
  api.ready = /** @type {Promise<number>} */ (controller.worker?.ready);
  queue.then((info) => {
    api.joinUrl = info?.joinLink ?? null;
    showQueueInfo(preset, info);
  });
  if (join) joinMode(controller, join);
  performance.mark('boot:page');
  await started;
  // The empty chart is built once the pool is ready, after the tasks that tell the page so.
  setTimeout(() => controller.chart.open(), 0);
  if (autorun && !controller.workerError) controller.run().catch(() => {});
}

main();
