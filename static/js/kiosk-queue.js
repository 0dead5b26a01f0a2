// The tablet's queue, for staff: how many answers wait on this device, which the server
// refused and why; refused answers are resent or saved as a file, and only then removed.
(function () {
  "use strict";
  var OUTBOX = "survey-outbox", REJECTED = "survey-rejected";
  var root = document.getElementById("queue");
  function load(key) {
    try { return JSON.parse(localStorage.getItem(key)) || []; } catch (e) { return []; }
  }
  function save(key, value) { localStorage.setItem(key, JSON.stringify(value)); }
  function byId(id) { return document.getElementById(id); }
  function reason(code) {
    var item = root.querySelector("#reasons [data-code='" + code + "']");
    return item ? item.textContent : code;
  }

  function show() {
    var waiting = load(OUTBOX), refused = load(REJECTED);
    byId("waiting").textContent = root.dataset.waiting.replace("{n}", waiting.length);
    byId("send-now").disabled = waiting.length === 0;
    var body = root.querySelector("#refused tbody");
    body.textContent = "";
    refused.forEach(function (entry) {
      var row = body.insertRow();
      row.insertCell().textContent = (entry.at || "").replace("T", " ").slice(0, 16);
      row.insertCell().textContent = reason(entry.code || "server");
      row.insertCell().textContent = (entry.status || "") + " " + (entry.error || "");
    });
    byId("refused").hidden = byId("refused-actions").hidden = refused.length === 0;
    byId("none-refused").hidden = refused.length > 0;
  }

  // One answer to the server: what it said (status 0 when it could not be reached).
  function send(entry) {
    return fetch(entry.api || root.dataset.api, {
      method: "POST", headers: { "Content-Type": "application/json" },
      body: JSON.stringify(entry.body), credentials: "same-origin" })
      .then(function (reply) {
        return reply.json().catch(function () { return {}; }).then(function (problem) {
          return { ok: reply.ok, status: reply.status, problem: problem };
        });
      }, function () { return { ok: false, status: 0, problem: {} }; });
  }
  // Send each entry in turn; what the server did not take stays, as ``keep`` makes it.
  function sendAll(key, keep) {
    var still = [];
    return load(key).reduce(function (chain, entry) {
      return chain.then(function () { return send(entry); }).then(function (result) {
        if (!result.ok) still.push(keep(entry, result));
      });
    }, Promise.resolve()).then(function () { save(key, still); show(); });
  }

  byId("send-now").addEventListener("click", function () {
    sendAll(OUTBOX, function (entry) { return entry; });
  });

  byId("resend").addEventListener("click", function () {
    sendAll(REJECTED, function (entry, result) {
      if (result.status === 0 || result.status >= 500) return entry;
      return { api: entry.api, body: entry.body, status: result.status, at: entry.at,
               code: result.problem.code || "server", error: result.problem.error || "" };
    });
  });

  byId("export").addEventListener("click", function () {
    var file = new Blob([JSON.stringify(load(REJECTED), null, 2)], { type: "application/json" });
    var link = document.createElement("a");
    link.href = URL.createObjectURL(file);
    link.download = root.dataset.file + "-" + new Date().toISOString().slice(0, 10) + ".json";
    document.body.appendChild(link);
    link.click();
    link.remove();
    byId("clear").disabled = false;  // saved for the service: may now leave the tablet
  });

  byId("clear").addEventListener("click", function () {
    save(REJECTED, []);
    byId("clear").disabled = true;
    show();
  });

  show();
})();
