// Runs before anything else: records errors, console errors and blocked requests in the
// page itself (body data-errors and the hidden #diagnostics list), where a test or a
// curious reader can see them.
(function () {
  "use strict";
  function record(kind, message) {
    var body = document.body;
    body.setAttribute("data-errors", String(Number(body.getAttribute("data-errors") || "0") + 1));
    var list = document.getElementById("diagnostics");
    var line = kind + ": " + String(message);
    if (list) {
      var item = document.createElement("li");
      item.textContent = line;
      list.appendChild(item);
    } else {
      (window.__pendingDiagnostics = window.__pendingDiagnostics || []).push(line);
    }
  }
  window.addEventListener("error", function (event) {
    record("error", event.message || (event.target && event.target.tagName) || "error");
  }, true);
  window.addEventListener("unhandledrejection", function (event) {
    record("unhandledrejection", event.reason);
  });
  document.addEventListener("securitypolicyviolation", function (event) {
    record("blocked", event.violatedDirective + " " + (event.blockedURI || ""));
  });
  var consoleError = console.error;
  console.error = function () {
    record("console.error", Array.prototype.join.call(arguments, " "));
    return consoleError.apply(console, arguments);
  };
  // Warnings (Cytoscape.js reports style it cannot use this way) are counted apart.
  var consoleWarn = console.warn;
  console.warn = function () {
    var body = document.body;
    body.setAttribute("data-warnings",
                      String(Number(body.getAttribute("data-warnings") || "0") + 1));
    var list = document.getElementById("diagnostics");
    if (list) {
      var item = document.createElement("li");
      item.textContent = "console.warn: " + Array.prototype.join.call(arguments, " ");
      list.appendChild(item);
    }
    return consoleWarn.apply(console, arguments);
  };
})();
