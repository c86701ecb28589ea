// Progressive enhancement only: every feature works without this file.
(function () {
  "use strict";

  // The words this script writes, in the page's language (templates/includes/js_strings.html);
  // English when they are missing. t("left", "{left} characters left.", {left: 3}).
  var STRINGS = (function () {
    var data = document.getElementById("site-strings");
    try { return data ? JSON.parse(data.textContent) : {}; } catch (e) { return {}; }
  })();
  function t(key, english, values) {
    var text = STRINGS[key] || english;
    Object.keys(values || {}).forEach(function (name) {
      text = text.split("{" + name + "}").join(String(values[name]));
    });
    return text;
  }

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

  // The language switch keeps the reader where they were on the page (#reflection-2): the
  // fragment never reaches the server, so it goes along in the switch's ?next=.
  document.addEventListener("click", function (event) {
    var link = event.target.closest && event.target.closest(".language-switch a[href]");
    if (!link || !window.location.hash) return;
    var url = new URL(link.href, window.location.href);
    var next = url.searchParams.get("next");
    if (!next || next.indexOf("#") !== -1) return;
    url.searchParams.set("next", next + window.location.hash);
    link.href = url.toString();
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
      done ? t("done", "Done \u2713") : t("markDone", "Mark this module as done");
  }
  function markCards(ids) {
    document.querySelectorAll("[data-module-id]").forEach(function (card) {
      var id = Number(card.getAttribute("data-module-id"));
      if (ids.indexOf(id) === -1 || card.classList.contains("is-done")) return;
      card.classList.add("is-done");
      var note = document.createElement("p");
      note.className = "module-card__done";
      note.textContent = t("done", "Done \u2713");
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

  // Search as you type: the header search box suggests titles after two characters (or one
  // kanji, a word in itself: 指 of 指導). Without this script the box is an ordinary search
  // form. ARIA 1.2 combobox with a listbox popup.
  function searchSuggestions(input) {
    var form = input.form;
    var list = document.createElement("ul");
    var status = document.createElement("p");
    var items = [];
    var active = -1;
    var timer = null;
    var controller = null;
    list.id = input.id + "-suggestions";
    list.className = "suggestions";
    list.setAttribute("role", "listbox");
    list.setAttribute("aria-label", t("suggestedPages", "Suggested pages"));
    list.hidden = true;
    status.className = "visually-hidden";
    status.setAttribute("aria-live", "polite");
    input.setAttribute("role", "combobox");
    input.setAttribute("aria-autocomplete", "list");
    input.setAttribute("aria-controls", list.id);
    input.setAttribute("aria-expanded", "false");
    form.appendChild(list);
    form.appendChild(status);

    function close() {
      list.hidden = true;
      active = -1;
      input.setAttribute("aria-expanded", "false");
      input.removeAttribute("aria-activedescendant");
    }
    function highlight(index) {
      active = index;
      Array.prototype.forEach.call(list.children, function (li, i) {
        li.setAttribute("aria-selected", i === index ? "true" : "false");
      });
      if (index >= 0) input.setAttribute("aria-activedescendant", list.children[index].id);
      else input.removeAttribute("aria-activedescendant");
    }
    function show(suggestions) {
      items = suggestions;
      list.textContent = "";
      suggestions.forEach(function (item, i) {
        var li = document.createElement("li");
        var title = document.createElement("span");
        var kind = document.createElement("span");
        li.id = list.id + "-" + i;
        li.setAttribute("role", "option");
        li.setAttribute("aria-selected", "false");
        title.textContent = item.title;
        kind.className = "suggestion__kind";
        kind.textContent = item.kind;
        li.appendChild(title);
        li.appendChild(kind);
        li.addEventListener("mousedown", function (event) {
          event.preventDefault();
          window.location.href = item.url;
        });
        list.appendChild(li);
      });
      status.textContent = !suggestions.length ? ""
        : suggestions.length === 1
          ? t("oneSuggestion", "1 suggestion: use the up and down arrows to choose.")
          : t("suggestions", "{count} suggestions: use the up and down arrows to choose.",
            { count: suggestions.length });
      if (suggestions.length) {
        list.hidden = false;
        input.setAttribute("aria-expanded", "true");
        highlight(-1);
      } else {
        close();
      }
    }
    function fetchSuggestions() {
      var text = input.value.trim();
      if (text.length < 2 && !/^[\u3005\u3400-\u4dbf\u4e00-\u9fff]$/.test(text)) {
        show([]);
        return;
      }
      if (controller) controller.abort();
      controller = window.AbortController ? new AbortController() : null;
      // The suggestions in the page's language: /search/suggest/ or /ja/search/suggest/.
      var base = (form && form.getAttribute("action")) || "/search/";
      fetch(base.replace(/\/?$/, "/") + "suggest/?q=" + encodeURIComponent(text), {
        headers: { Accept: "application/json" },
        signal: controller ? controller.signal : undefined,
      }).then(function (response) {
        if (!response.ok) throw new Error(response.status);
        return response.json();
      }).then(function (data) {
        if (data.query === input.value.trim().normalize("NFKC").replace(/\s+/g, " ")) {
          show(data.suggestions);
        }
      }).catch(function () { /* offline or aborted: the form still searches */ });
    }
    input.addEventListener("input", function () {
      window.clearTimeout(timer);
      timer = window.setTimeout(fetchSuggestions, 150);
    });
    input.addEventListener("keydown", function (event) {
      if (list.hidden) return;
      if (event.key === "ArrowDown" || event.key === "ArrowUp") {
        event.preventDefault();
        // Positions run -1 (the text box) to the last suggestion, and wrap round.
        var next = active + (event.key === "ArrowDown" ? 1 : -1);
        if (next >= items.length) next = -1;
        if (next < -1) next = items.length - 1;
        highlight(next);
      } else if (event.key === "Enter" && active >= 0) {
        event.preventDefault();
        window.location.href = items[active].url;
      } else if (event.key === "Escape") {
        event.preventDefault();  // a search box would otherwise clear what was typed
        close();
      }
    });
    input.addEventListener("blur", function () { window.setTimeout(close, 100); });
  }
  var headerSearch = document.getElementById("site-search-q");
  if (headerSearch && window.fetch) searchSuggestions(headerSearch);

  // The comment box (and any box with data-max-length, such as a profile's "About you"): a
  // live count against the length limit, and a preview of the Markdown as
  // it will be published (rendered by the server's own renderer). Without this script the box
  // is a plain textarea and the server says if a comment is too long.
  function commentBox(box) {
    var limit = Number(box.getAttribute("data-max-length"));
    var previewUrl = box.getAttribute("data-preview-url");
    var count = document.createElement("p");
    var status = document.createElement("p");
    var state = "";
    count.className = "char-count";
    count.id = box.id + "-count";
    status.className = "visually-hidden";
    status.setAttribute("aria-live", "polite");
    box.insertAdjacentElement("afterend", count);
    count.insertAdjacentElement("afterend", status);
    box.setAttribute("aria-describedby",
      ((box.getAttribute("aria-describedby") || "") + " " + count.id).trim());
    function length() {  // as the server counts: characters, each newline once
      return Array.from(box.value.replace(/\r\n/g, "\n")).length;
    }
    function update() {
      var used = length();
      var left = limit - used;
      var now = left < 0 ? "over" : left <= 200 ? "near" : "";
      var figures = {
        used: used.toLocaleString("en"),
        limit: limit.toLocaleString("en"),
        over: (-left).toLocaleString("en"),
      };
      count.textContent = left < 0
        ? t("tooMany", "{used} / {limit} characters: {over} too many", figures)
        : t("characters", "{used} / {limit} characters", figures);
      count.classList.toggle("is-over", left < 0);
      count.classList.toggle("is-near", now === "near");
      if (now !== state) {
        status.textContent = now === "over"
          ? (box.name === "comment"
            ? t("tooLong", "Your comment is {over} characters too long.", { over: -left })
            : t("textTooLong", "This is {over} characters too long.", { over: -left }))
          : now === "near" ? t("left", "{left} characters left.", { left: left }) : "";
        state = now;
      }
    }
    box.addEventListener("input", update);
    update();
    if (!previewUrl || !window.fetch) return;

    var toggle = document.createElement("button");
    var panel = document.createElement("div");
    var timer = null;
    toggle.type = "button";
    toggle.className = "button button--secondary comment-preview__toggle";
    toggle.textContent = t("preview", "Preview");
    toggle.setAttribute("aria-expanded", "false");
    toggle.setAttribute("aria-controls", box.id + "-preview");
    panel.id = box.id + "-preview";
    panel.className = "comment-preview";
    panel.setAttribute("aria-live", "polite");
    panel.setAttribute("aria-label", t("previewLabel", "Preview, as it will be published"));
    panel.hidden = true;
    count.insertAdjacentElement("afterend", toggle);
    toggle.insertAdjacentElement("afterend", panel);
    function render() {
      var body = new FormData();
      body.append("comment", box.value);
      fetch(previewUrl, { method: "POST", body: body, credentials: "same-origin" })
        .then(function (response) { return response.json(); })
        .then(function (data) {
          if (data.html !== undefined) {
            if (data.html) {
              panel.innerHTML = data.html;
            } else {
              var empty = document.createElement("p");
              empty.className = "comment-preview__empty";
              empty.textContent = t("nothingToPreview", "Nothing to preview yet.");
              panel.replaceChildren(empty);
            }
          } else {
            panel.textContent = data.error || t("previewUnavailable", "The preview is not available.");
          }
        })
        .catch(function () {
          panel.textContent = t("previewUnavailableNow", "The preview is not available just now.");
        });
    }
    toggle.addEventListener("click", function () {
      var open = panel.hidden;
      panel.hidden = !open;
      toggle.setAttribute("aria-expanded", open ? "true" : "false");
      toggle.textContent = open ? t("hidePreview", "Hide preview") : t("preview", "Preview");
      if (open) render();
    });
    box.addEventListener("input", function () {
      if (panel.hidden) return;
      window.clearTimeout(timer);
      timer = window.setTimeout(render, 300);
    });
  }
  document.querySelectorAll("textarea[data-max-length], input[data-max-length]").forEach(commentBox);

  // "Continue where you left off" for visitors: the first module, in the page's course order,
  // this browser has not marked done (signed-in readers get it from the server).
  function showContinue(ids) {
    var slot = document.querySelector("[data-continue]");
    var data = document.getElementById("course-order");
    if (!slot || !data || !ids.length) return;
    var order;
    try { order = JSON.parse(data.textContent); } catch (e) { return; }
    var todo = order.filter(function (module) { return ids.indexOf(module.id) === -1; });
    var done = order.length - todo.length;
    if (!done) return;
    var label = document.createElement("span");
    label.className = "continue__label";
    slot.appendChild(label);
    if (todo.length) {
      var link = document.createElement("a");
      var count = document.createElement("span");
      label.textContent = t("continue", "Continue where you left off");
      link.className = "continue__link";
      link.href = todo[0].url;
      link.textContent = todo[0].title;
      count.className = "continue__count";
      count.textContent = t("modulesDone", "{done} of {total} modules done",
        { done: done, total: order.length });
      slot.appendChild(document.createTextNode(" "));
      slot.appendChild(link);
      slot.appendChild(document.createTextNode(" "));
      slot.appendChild(count);
    } else {
      label.textContent = t("allDone", "You have done every module");
      slot.appendChild(document.createTextNode(" " + t("allMarkedHere",
        "All {total} are marked done in this browser.", { total: order.length })));
    }
    slot.hidden = false;
  }

  // Progress along each learning path, for visitors (signed-in readers get it from the server).
  function showPathProgress(ids) {
    document.querySelectorAll("[data-path]").forEach(function (path) {
      var line = path.querySelector("[data-path-progress]");
      if (!line) return;
      var steps = path.querySelectorAll("[data-module-id]");
      var done = 0;
      steps.forEach(function (step) {
        if (ids.indexOf(Number(step.getAttribute("data-module-id"))) !== -1) done += 1;
      });
      if (done) {
        line.textContent = t("modulesDone", "{done} of {total} modules done",
          { done: done, total: steps.length });
      }
    });
  }

  // A result opened from a search is counted for the editors' Search terms report (only the
  // search, nothing about the reader). Without this script nothing is counted.
  var searchPage = document.querySelector("[data-search-query]");
  if (searchPage && navigator.sendBeacon) {
    searchPage.addEventListener("click", function (event) {
      var link = event.target.closest(".search-results a, .search-problems a, .search-promotions a");
      if (!link || searchPage.getAttribute("data-counted")) return;
      searchPage.setAttribute("data-counted", "1");  // one per search shown
      var data = new FormData();
      data.append("q", searchPage.getAttribute("data-search-query"));
      navigator.sendBeacon("/search/opened/", data);
    });
  }

  if (!signedIn) {
    markCards(stored());
    showContinue(stored());
    showPathProgress(stored());
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
