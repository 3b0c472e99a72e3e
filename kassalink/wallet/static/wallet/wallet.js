// The wallet's one script: refresh the rotating code when it expires, and reload the
// "receipt is coming" page. No inline scripts (Content-Security-Policy).
(function () {
  "use strict";
  function refreshCode() {
    var holder = document.getElementById("code");
    if (!holder) return;
    var box = holder.querySelector(".code-box");
    var seconds = box ? parseInt(box.getAttribute("data-seconds"), 10) || 30 : 30;
    window.setTimeout(function () {
      fetch(holder.getAttribute("data-refresh"), { credentials: "same-origin" })
        .then(function (r) { return r.ok ? r.text() : Promise.reject(r.status); })
        .then(function (html) { holder.innerHTML = html; refreshCode(); })
        .catch(function () { window.setTimeout(refreshCode, 5000); });
    }, Math.max(seconds, 1) * 1000);
  }
  function reloadWaiting() {
    var marker = document.querySelector("[data-reload]");
    if (!marker) return;
    var seconds = parseInt(marker.getAttribute("data-reload"), 10) || 5;
    window.setTimeout(function () { window.location.reload(); }, seconds * 1000);
  }
  document.addEventListener("DOMContentLoaded", function () { refreshCode(); reloadWaiting(); });
})();
