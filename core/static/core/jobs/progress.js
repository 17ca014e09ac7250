// A job's status page: asks for its progress every second and updates the bar, then shows the
// download link (or the error). Without JavaScript the page refreshes itself (a <noscript> meta).
(function () {
  "use strict";
  var box = document.getElementById("job");
  if (!box) { return; }
  var bar = document.getElementById("job-progress");
  var statusText = document.getElementById("job-status");
  var countText = document.getElementById("job-count");
  var errorBox = document.getElementById("job-error-box");
  var errorText = document.getElementById("job-error");
  var download = document.getElementById("job-download");

  function show(state) {
    box.setAttribute("data-status", state.status);
    statusText.textContent = state.status_label;
    if (state.percent === null) { bar.removeAttribute("value"); } else { bar.value = state.percent; }
    bar.textContent = state.percent === null ? "" : state.percent + "%";
    if (state.total) { countText.textContent = state.done + " / " + state.total; }
    if (state.error) { errorText.textContent = state.error; errorBox.hidden = false; }
    if (state.download_url) {
      var link = download.querySelector("a");
      link.href = state.download_url;
      link.textContent = link.getAttribute("data-label") + " " + state.filename;
      download.hidden = false;
    }
    return state.status === "done" || state.status === "failed";
  }

  function poll() {
    fetch(box.getAttribute("data-progress-url"), { credentials: "same-origin", cache: "no-store" })
      .then(function (response) { return response.ok ? response.json() : null; })
      .then(function (state) {
        if (state && show(state)) { return; }
        window.setTimeout(poll, 1000);
      })
      .catch(function () { window.setTimeout(poll, 3000); });
  }

  var status = box.getAttribute("data-status");
  if (status !== "done" && status !== "failed") { window.setTimeout(poll, 500); }
})();
