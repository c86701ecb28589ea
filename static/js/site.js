// Progressive enhancement only: every feature works without this file.
(function () {
  "use strict";

  // Move focus to the target of in-page links (table of contents, task links) so keyboard
  // and screen-reader users land where sighted users see the page scroll to.
  document.addEventListener("click", function (event) {
    var link = event.target.closest && event.target.closest('a[href^="#"]');
    if (!link) return;
    var target = document.getElementById(decodeURIComponent(link.hash.slice(1)));
    if (!target) return;
    if (!target.hasAttribute("tabindex")) target.setAttribute("tabindex", "-1");
    window.requestAnimationFrame(function () { target.focus({ preventScroll: true }); });
  });

  // Module progress. Signed-in readers' progress lives in their account; visitors' progress
  // is kept in this browser (localStorage) and merged into their account when they sign in.
  var KEY = "altProgress";
  var body = document.body;
  var signedIn = body.getAttribute("data-signed-in") === "1";

  function stored() {
    try { return JSON.parse(window.localStorage.getItem(KEY) || "[]").map(Number); }
    catch (e) { return []; }
  }
  function store(ids) {
    try {
      if (ids.length) window.localStorage.setItem(KEY, JSON.stringify(ids));
      else window.localStorage.removeItem(KEY);
    } catch (e) { /* storage unavailable: nothing to keep */ }
  }
  function show(form, done) {
    var button = form.querySelector("button");
    form.querySelector('input[name="done"]').value = done ? "0" : "1";
    button.classList.toggle("is-done", done);
    button.setAttribute("aria-pressed", done ? "true" : "false");
    button.querySelector(".progress-toggle__label").textContent =
      done ? "Done \u2713" : "Mark this module as done";
  }
  function markCards(ids) {
    document.querySelectorAll("[data-module-id]").forEach(function (card) {
      var id = Number(card.getAttribute("data-module-id"));
      if (ids.indexOf(id) === -1 || card.classList.contains("is-done")) return;
      card.classList.add("is-done");
      var note = document.createElement("p");
      note.className = "module-card__done";
      note.textContent = "Done \u2713";
      var summary = card.querySelector(".module-card__summary");
      if (summary) summary.insertAdjacentElement("afterend", note);
    });
  }

  document.querySelectorAll("form[data-progress-module]").forEach(function (form) {
    var id = Number(form.getAttribute("data-progress-module"));
    if (!signedIn) show(form, stored().indexOf(id) !== -1);
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      var done = form.querySelector('input[name="done"]').value === "1";
      if (!signedIn) {
        var ids = stored().filter(function (x) { return x !== id; });
        if (done) ids.push(id);
        store(ids);
        show(form, done);
        return;
      }
      fetch(form.action, {
        method: "POST",
        body: new FormData(form),
        headers: { Accept: "application/json" },
        credentials: "same-origin",
      }).then(function (response) {
        if (!response.ok) throw new Error(response.status);
        return response.json();
      }).then(function (data) { show(form, data.done); })
        .catch(function () { form.submit(); });
    });
  });

  if (!signedIn) {
    markCards(stored());
  } else if (stored().length) {
    fetch("/community/progress/merge/", {
      method: "POST",
      body: JSON.stringify(stored()),
      headers: { "Content-Type": "application/json", "X-CSRFToken": body.getAttribute("data-csrf") },
      credentials: "same-origin",
    }).then(function (response) {
      if (response.ok) store([]);
    });
  }
})();
