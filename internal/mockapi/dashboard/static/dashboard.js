// bestsms-mock dashboard: live updates by polling, search as you type, and
// the inbound-SMS forms. It talks to this origin only: the live token
// (GET /ui/live), the page's own live part (the page URL with the
// X-Dashboard-Fragment header) and the admin API's POST /_mock/inbound.
(function () {
  "use strict";

  var body = document.body;
  var live = document.getElementById("live");
  var indicator = document.getElementById("live-state");
  var view = body.getAttribute("data-live-view");
  var token = body.getAttribute("data-live-token");
  var pollMs = parseInt(body.getAttribute("data-poll-ms"), 10) || 1000;
  var busy = false;
  var timer = null;

  function setState(state, text) {
    if (!indicator) return;
    indicator.setAttribute("data-state", state);
    indicator.textContent = text;
  }

  // refresh fetches the page's live part and swaps it in.
  function refresh() {
    return fetch(location.pathname + location.search, {
      headers: { "X-Dashboard-Fragment": "live" },
      cache: "no-store",
      credentials: "same-origin"
    }).then(function (res) {
      // Gone (a reset removed the message): show the server's answer.
      if (res.status === 404) return location.reload();
      if (!res.ok) throw new Error("HTTP " + res.status);
      var next = res.headers.get("X-Dashboard-Generation");
      return res.text().then(function (html) {
        live.innerHTML = html; // the server's own, escaped rendering
        if (next) token = next;
      });
    });
  }

  // poll asks for the live token and refreshes when it changed.
  function poll() {
    timer = null;
    if (busy || document.hidden) return schedule();
    busy = true;
    fetch("/ui/live?view=" + encodeURIComponent(view), { cache: "no-store", credentials: "same-origin" })
      .then(function (res) {
        if (!res.ok) throw new Error("HTTP " + res.status);
        return res.json();
      })
      .then(function (data) {
        setState("live", "live");
        if (data.token !== token) return refresh();
      })
      .catch(function () {
        setState("offline", "mock unreachable");
      })
      .then(function () {
        busy = false;
        schedule();
      });
  }

  function schedule() {
    if (timer === null) timer = setTimeout(poll, pollMs);
  }

  // Search as you type: the query goes into the URL (so a refresh and the
  // live updates keep it) and the live part is fetched for it.
  var search = document.querySelector("[data-live-search]");
  if (search) {
    var pending = null;
    search.addEventListener("input", function () {
      clearTimeout(pending);
      pending = setTimeout(function () {
        var q = search.value.trim();
        var url = location.pathname + (q ? "?q=" + encodeURIComponent(q) : "");
        history.replaceState(null, "", url);
        refresh().catch(function () { setState("offline", "mock unreachable"); });
      }, 250);
    });
  }

  // The inbound forms post JSON to the admin API (the same request as
  // curl -X POST /_mock/inbound), then refresh the page.
  function errorText(data, res) {
    if (data && data.ErrorMessage && data.ErrorMessage.length) return data.ErrorMessage.join("; ");
    return "HTTP " + res.status;
  }
  Array.prototype.forEach.call(document.querySelectorAll("form[data-inbound]"), function (form) {
    var out = form.querySelector("output");
    form.addEventListener("submit", function (ev) {
      ev.preventDefault();
      var payload = {};
      ["from", "message", "reply_to"].forEach(function (name) {
        var field = form.elements.namedItem(name);
        if (field && field.value.trim() !== "") payload[name] = field.value;
      });
      out.removeAttribute("data-state");
      out.textContent = "sending…";
      fetch("/_mock/inbound", {
        method: "POST",
        headers: { "Content-Type": "application/json" },
        body: JSON.stringify(payload),
        credentials: "same-origin",
        cache: "no-store"
      }).then(function (res) {
        return res.json().catch(function () { return null; }).then(function (data) {
          if (!res.ok) throw new Error(errorText(data, res));
          return data;
        });
      }).then(function (data) {
        out.setAttribute("data-state", "ok");
        out.textContent = data.Type === "SMSReply"
          ? "Received as a reply to " + data.MessageID + "."
          : "Received as a plain inbound SMS.";
        var text = form.elements.namedItem("message");
        if (text) text.value = "";
        return refresh();
      }).catch(function (err) {
        out.setAttribute("data-state", "error");
        out.textContent = "Not received: " + err.message;
      });
    });
  });

  setState("live", "live");
  schedule();
})();
