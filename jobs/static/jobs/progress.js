// Follow each job's progress bar on the page: poll its JSON view every second until the job
// has ended (jobs.views.progress); an import's page then reloads to show its report. A
// static file, not an inline script, so the Content-Security-Policy can forbid inline scripts.
(function () {
  "use strict";
  function follow(box) {
    var bar = box.querySelector("progress");
    var text = box.querySelector(".jobs-progress__text");
    var state = box.querySelector(".jobs-progress__state");
    var current = box.querySelector(".jobs-progress__current");
    function poll() {
      fetch(box.dataset.progressUrl, {credentials: "same-origin"})
        .then(function (response) { return response.json(); })
        .then(function (job) {
          bar.value = job.percent;
          text.textContent = job.text;
          state.textContent = job.state_label;
          current.textContent = job.state === "running" ? job.current : "";
          box.dataset.state = job.state;
          var finished = document.querySelector(".jobs-finished");
          if (finished && job.finished_at) { finished.textContent = job.finished_at; }
          var error = document.querySelector(".jobs-error");
          if (error && job.error) { error.textContent = job.error; error.hidden = false; }
          if (!job.ended) { setTimeout(poll, 1000); }
          else if (box.dataset.reloadWhenEnded) { window.location.reload(); }  // its report
        })
        .catch(function () { setTimeout(poll, 5000); });
    }
    if (!box.dataset.ended) { poll(); }
  }
  document.querySelectorAll(".jobs-progress[data-progress-url]").forEach(follow);
})();
