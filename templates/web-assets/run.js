// Run page: follows /runs/{id}/events (server-sent events) — reset, line {step,text}, state {RunView} — and
// updates the steps, their logs and which actions are offered. The text of lines is inserted as text, never HTML.
(function () {
  var page = document.querySelector("[data-run]");
  if (!page || !window.EventSource) return;
  var runId = page.getAttribute("data-run");
  var live = document.getElementById("live");
  var source = new EventSource("/runs/" + encodeURIComponent(runId) + "/events");
  function log(step) {
    var el = document.querySelector('[data-step="' + CSS.escape(step) + '"] .log');
    return el;
  }
  source.addEventListener("reset", function () {
    document.querySelectorAll(".log").forEach(function (el) { el.textContent = ""; });
    live.textContent = "live";
    live.classList.add("on");
  });
  source.addEventListener("line", function (e) {
    var line = JSON.parse(e.data);
    var el = log(line.step);
    if (!el) return;
    var stick = el.scrollTop + el.clientHeight >= el.scrollHeight - 4;
    el.appendChild(document.createTextNode(line.text + "\n"));
    if (stick) el.scrollTop = el.scrollHeight;
  });
  source.addEventListener("state", function (e) {
    var run = JSON.parse(e.data);
    var state = document.getElementById("run-state");
    state.textContent = run.state.replace(/_/g, " ");
    document.title = run.runbook_title + " · " + run.state.replace(/_/g, " ") + " · opsbook";
    state.className = "state " + run.state_class;
    page.setAttribute("data-state", run.state);
    document.getElementById("run-message").textContent = run.message || "";
    run.steps.forEach(function (s) {
      var el = document.querySelector('[data-step="' + CSS.escape(s.id) + '"]');
      if (!el) return;
      el.setAttribute("data-state", s.state);
      el.querySelector(".step-state").textContent = s.label;
    });
    var approval = document.getElementById("approval");
    if (run.approval) {
      approval.querySelector("[data-approval-text]").textContent = "Step " + run.approval.step + " waits for approval: "
        + run.approval.approvals + "/" + run.approval.required + " (approvers: " + run.approval.approvers + ")";
      document.querySelectorAll("input[name=step]").forEach(function (i) { i.value = run.approval.step; });
    }
    approval.hidden = !run.can_vote;
    // what the run allows now, and what this viewer may do at all (rendered by the server: approver, runner)
    var may = (document.querySelector(".run-actions") || { dataset: {} }).dataset;
    document.querySelectorAll("[data-when=vote]").forEach(function (f) { f.hidden = !run.can_vote || may.mayVote === "false"; });
    document.querySelectorAll("[data-when=cancel]").forEach(function (f) { f.hidden = !run.can_cancel || may.mayCancel === "false"; });
    document.querySelectorAll("[data-when=rollback]").forEach(function (f) { f.hidden = !run.can_roll_back || may.mayRollBack === "false"; });
    if (run["final"]) {
      live.textContent = "finished";
      live.classList.remove("on");
      source.close();
    }
  });
  source.onerror = function () {
    if (page.getAttribute("data-state") && live.textContent !== "finished") {
      live.textContent = "reconnecting…";
      live.classList.remove("on");
    }
  };
})();
