// The static build's first script: registers site/sw.js, which makes the page cross-origin
// isolated (and so gives it the thread pool) and answers the mock API in the browser. The first
// visit reloads once, when the worker takes control; a session flag keeps that to one reload,
// so a host or browser that defeats the worker gets the single-threaded page, not a loop.
(() => {
  const FLAG = 'playground-sw-reloaded';
  /** Why the page is not isolated, for the page to show. @param {string} why */
  const problem = (why) => {
    window.playgroundIsolationProblem = why;
  };
  if (window.crossOriginIsolated) {
    sessionStorage.removeItem(FLAG);
    return;
  }
  if (!window.isSecureContext || !('serviceWorker' in navigator)) {
    problem('this browser offers no service workers here (a private window, or a page not served over https or from localhost)');
    return;
  }
  const reloadOnce = () => {
    if (sessionStorage.getItem(FLAG)) {
      problem('the service worker runs, but the page is still not cross-origin isolated (the host or the browser overrides its headers)');
      return;
    }
    sessionStorage.setItem(FLAG, '1');
    location.reload();
  };
  window.playgroundServiceWorker = navigator.serviceWorker
    .register('sw.js', { type: 'module', scope: './' })
    .then(() => {
      if (navigator.serviceWorker.controller) reloadOnce();
      else navigator.serviceWorker.addEventListener('controllerchange', reloadOnce, { once: true });
    })
    .catch((err) => problem(`the service worker could not be registered: ${err?.message ?? err}`));
})();
