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
})();
