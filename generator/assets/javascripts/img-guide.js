/* img-guide: a guide page opened from a report leads back to that report.
   A report page remembers itself in this tab only (sessionStorage, never sent anywhere); a guide
   page read in the same tab shows a link back to it. Nothing else is stored. */
(function () {
  "use strict";
  var KEY = "img-guide-report";
  try {
    var nav = document.querySelector(".img-report-nav");
    var print = document.querySelector(".img-print");
    if (print) {
      print.addEventListener("click", function (event) {
        event.preventDefault();
        window.print();
      });
    }
    if (nav) {
      var home = new URL("index.html", location.href).href;
      sessionStorage.setItem(KEY, JSON.stringify({ href: home, name: nav.getAttribute("data-img-report") }));
      return;
    }
    if (!/\/guide\//.test(location.pathname)) return;
    var saved = JSON.parse(sessionStorage.getItem(KEY) || "null");
    var article = document.querySelector("article.md-content__inner");
    if (!saved || !article || !/^(file|https?):/.test(saved.href)) return;
    var box = document.createElement("p");
    box.className = "img-back";
    var link = document.createElement("a");
    link.href = saved.href;
    link.textContent = "\u2190 Back to the report of " + saved.name;
    box.appendChild(link);
    article.insertBefore(box, article.firstChild);
  } catch (e) {
    /* storage switched off: no back link */
  }
})();
