// Offline support and updates, appended to the app's loader by scripts/post-build.mjs:
// registers the service worker and, when a new build is waiting, shows "A new version is
// available — reload"; reloading activates it, so nobody is left on a stale build.
if ("serviceWorker" in navigator) {
  let accepted = false;
  const offer = (worker) => {
    if (document.getElementById("update-banner")) return;
    const banner = document.createElement("div");
    banner.id = "update-banner";
    banner.className = "update-banner";
    banner.setAttribute("role", "status");
    banner.dataset.testid = "update-banner";
    const text = document.createElement("span");
    text.textContent = "A new version is available — ";
    const button = document.createElement("button");
    button.type = "button";
    button.className = "button";
    button.dataset.testid = "update-reload";
    button.textContent = "Reload";
    button.addEventListener("click", () => {
      accepted = true;
      button.disabled = true;
      worker.postMessage("skip-waiting");
    });
    banner.append(text, button);
    document.body.prepend(banner);
  };
  navigator.serviceWorker.addEventListener("controllerchange", () => {
    if (accepted) location.reload();
  });
  // Under the CSP's Trusted Types a worker's URL must come from a policy: this one admits
  // the app's own service worker and nothing else.
  const workerUrl = window.trustedTypes
    ? trustedTypes
        .createPolicy("msc-hsct-worker", {
          createScriptURL: (url) => {
            if (url !== "./sw.js") throw new TypeError(`not the app's service worker: ${url}`);
            return url;
          },
        })
        .createScriptURL("./sw.js")
    : "./sw.js";
  navigator.serviceWorker
    .register(workerUrl)
    .then((registration) => {
      if (registration.waiting && navigator.serviceWorker.controller) offer(registration.waiting);
      registration.addEventListener("updatefound", () => {
        const worker = registration.installing;
        worker?.addEventListener("statechange", () => {
          if (worker.state === "installed" && navigator.serviceWorker.controller) offer(worker);
        });
      });
      // Look for a new build when the app comes back to the foreground.
      document.addEventListener("visibilitychange", () => {
        if (document.visibilityState === "visible") registration.update().catch(() => {});
      });
      window.mscRegistration = registration;
    })
    .catch((error) => console.warn("Offline use is unavailable:", error.message));
}
