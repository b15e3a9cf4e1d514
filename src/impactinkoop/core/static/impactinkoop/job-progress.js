// Polls a job's status while it runs and updates the progress bar; reloads when it is finished
// so the page shows the result. Without JavaScript the page offers a refresh link instead.
(function () {
  "use strict";
  var box = document.getElementById("job-progress");
  if (!box || box.dataset.finished === "true") { return; }
  var bar = box.querySelector("progress");
  function field(name) { return box.querySelector('[data-field="' + name + '"]'); }
  function poll() {
    fetch(box.dataset.statusUrl, { headers: { Accept: "application/json" }, credentials: "same-origin" })
      .then(function (response) { return response.ok ? response.json() : null; })
      .then(function (status) {
        if (!status) { return; }
        field("state_label").textContent = status.state_label;
        field("message").textContent = status.message;
        if (status.percent !== null) {
          bar.value = status.percent;
          field("percent").textContent = status.percent + "%";
        }
        if (status.finished) { window.location.reload(); } else { window.setTimeout(poll, 1000); }
      })
      .catch(function () { window.setTimeout(poll, 3000); });
  }
  window.setTimeout(poll, 1000);
}());
