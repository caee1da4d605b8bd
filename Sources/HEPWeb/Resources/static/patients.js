// hep serve: patients pages (progressive enhancement only; every action works without it).
"use strict";
(function () {
  // Type-ahead on the patients list: rows not matching every word are hidden as you type; the
  // Find button (a plain GET) still works without this.
  var input = document.querySelector("input[data-filter='patients']");
  var table = document.getElementById("patients");
  if (!input || !table) return;
  var count = document.querySelector(".count");
  var rows = Array.prototype.slice.call(table.querySelectorAll("tbody tr"));
  var total = count ? count.textContent : "";
  function fold(text) {
    return text.normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase();
  }
  input.addEventListener("input", function () {
    var words = fold(input.value).split(/\s+/).filter(Boolean);
    var shown = 0;
    rows.forEach(function (row) {
      var text = fold(row.getAttribute("data-search") || "");
      var match = words.every(function (w) { return text.indexOf(w) !== -1; });
      row.hidden = !match;
      if (match) shown += 1;
    });
    if (count) count.textContent = words.length ? shown + " of " + rows.length + " shown" : total;
  });
})();
