/* img-guide: search on a report page finds the report's own pages and the guide, and nothing of
   any other report.

   In the shared report site each report folder carries a search index of its own entries only
   (<folder>/search/search_index.json, and search_index.js for file://); the guide's entries are in
   the site's one shared index (search/search_index.* at the site's root, which holds no report).
   This script runs on report pages only, before Material's bundle, and hands Material the two
   merged, as one index: the report's entries, then the guide's, each guide location prefixed with
   the site's root as seen from the report folder (the attribute data-site-root, e.g. "../../").
   If the guide's index cannot be loaded, Material gets the report's own entries, unchanged.

   Material (9.x) has no hook for its index. A report page sets Material's config.base to the
   report folder, and Material loads "search/search_index.*" under it in one of two ways:
   - over http(s), with an XMLHttpRequest (responseType "blob") for search_index.json, started as
     soon as the bundle runs. XMLHttpRequest becomes a subclass that leaves every other request
     alone; for that one URL it fetches both indexes, then opens the same request on a blob: URL
     of the merged index, so Material reads a real response with its own listeners.
   - from file:// (no XMLHttpRequest there), with a <script src="search/search_index.js"> inserted
     once search is opened; Material reads the global `__index` that the script sets (`var __index
     = ...`) when the script's load event fires. Here `__index` is an accessor on window that
     answers the merged index, and that load event is held (caught on the document in the capture
     phase, before it reaches Material's listener) until the guide's search_index.js, inserted the
     same way, has loaded or failed; then it is dispatched again for Material.
   Both indexes are files of the same site: nothing is requested from anywhere else. */
(function () {
  "use strict";
  var script = document.currentScript;
  var root = script && script.getAttribute("data-site-root");
  var config = document.getElementById("__config");
  if (!root || !config) return; // not a report page of the report site
  var folder = new URL(JSON.parse(config.textContent).base, location.href); // as Material reads it
  var siteRoot = new URL(root, folder);

  /* The report's entries, then the guide's with locations relative to the report folder. */
  function merge(own, guide) {
    if (!own || !Array.isArray(own.docs) || !guide || !Array.isArray(guide.docs)) return own;
    var docs = guide.docs.map(function (doc) {
      return Object.assign({}, doc, { location: root + doc.location });
    });
    return Object.assign({}, own, { docs: own.docs.concat(docs) });
  }

  function overHttp() {
    var ownUrl = new URL("search/search_index.json", folder).href;
    var guideUrl = new URL("search/search_index.json", siteRoot).href;
    var Native = window.XMLHttpRequest;

    function json(url) {
      return fetch(url).then(function (response) {
        if (!response.ok) throw new Error(url + ": " + response.status);
        return response.json();
      });
    }

    /* The merged index as a blob: URL, or the report's own index if either cannot be read (then
       Material requests that itself, and sees the same success or failure it would have seen). */
    function mergedUrl() {
      return Promise.all([json(ownUrl), json(guideUrl)])
        .then(function (both) {
          var text = JSON.stringify(merge(both[0], both[1]));
          return URL.createObjectURL(new Blob([text], { type: "application/json" }));
        })
        .catch(function () {
          return ownUrl;
        });
    }

    class ReportIndexRequest extends Native {
      open(method, url, async) {
        var held = String(method).toUpperCase() === "GET" && async !== false;
        this.imgGuideHeld = held && new URL(String(url), location.href).href === ownUrl;
        if (!this.imgGuideHeld) return super.open.apply(this, arguments);
      }
      send(body) {
        if (!this.imgGuideHeld) return super.send(body);
        var request = this;
        mergedUrl().then(function (url) {
          if (!request.imgGuideHeld) return; // aborted while waiting
          request.imgGuideHeld = false;
          if (url.indexOf("blob:") === 0) {
            request.addEventListener("loadend", function () {
              URL.revokeObjectURL(url);
            });
          }
          Native.prototype.open.call(request, "GET", url);
          Native.prototype.send.call(request);
        });
      }
      abort() {
        this.imgGuideHeld = false; // a request still held is never opened
        return super.abort();
      }
    }
    window.XMLHttpRequest = ReportIndexRequest;
  }

  function fromFile() {
    var ownUrl = new URL("search/search_index.js", folder).href;
    var guideUrl = new URL("search/search_index.js", siteRoot).href;
    var last; // what the latest search_index.js assigned to __index
    var own = null;
    var ownSeen = false;
    var guide = null;
    var guideTried = false;

    Object.defineProperty(window, "__index", {
      configurable: true,
      get: function () {
        return ownSeen ? merge(own, guide) : last;
      },
      set: function (value) {
        last = value;
      },
    });

    function loadGuide(then) {
      var tag = document.createElement("script");
      function done() {
        guideTried = true;
        tag.remove();
        then();
      }
      tag.src = guideUrl;
      tag.addEventListener("load", function () {
        guide = last;
        done();
      });
      tag.addEventListener("error", done);
      document.head.appendChild(tag);
    }

    document.addEventListener(
      "load",
      function (event) {
        var target = event.target;
        if (!event.isTrusted || !(target instanceof HTMLScriptElement) || target.src !== ownUrl) return;
        own = last; // the report's own search_index.js has just run
        ownSeen = true;
        if (guideTried) return;
        event.stopImmediatePropagation(); // Material reads __index on this event: not before the guide
        loadGuide(function () {
          target.dispatchEvent(new Event("load"));
        });
      },
      true
    );
  }

  if (location.protocol === "file:") fromFile();
  else overHttp();
})();
