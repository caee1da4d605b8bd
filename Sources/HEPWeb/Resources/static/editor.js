// hep serve: the plan editor (progressive enhancement only; every action works without it).
// As the plan changes: the check beside it is fetched again (POST with X-CSRF-Token), and the
// preview frame is updated by submitting the form to it (its own response, its own CSP).
"use strict";
(function () {
  var form = document.getElementById("plan");
  var editor = document.querySelector(".editor");
  if (!form || !editor) return;
  var token = form.querySelector("input[name=csrf]").value;
  var warningsURL = editor.getAttribute("data-warnings");
  var body = document.getElementById("warnings-body");
  var previewButton = document.getElementById("preview-button");
  var timer = null, running = false, again = false;

  function refresh() {
    if (running) { again = true; return; }
    running = true;
    var data = new URLSearchParams(new FormData(form));
    data.delete("op");
    editor.querySelector(".beside").classList.add("busy");
    fetch(warningsURL, { method: "POST", body: data, credentials: "same-origin",
                         headers: { "X-CSRF-Token": token, "Content-Type": "application/x-www-form-urlencoded" } })
      .then(function (response) { return response.ok ? response.text() : null; })
      .then(function (html) { if (html !== null) body.innerHTML = html; })
      .catch(function () {})
      .then(function () {
        editor.querySelector(".beside").classList.remove("busy");
        running = false;
        if (again) { again = false; refresh(); }
      });
    if (previewButton && form.requestSubmit) form.requestSubmit(previewButton);
  }
  function soon() { clearTimeout(timer); timer = setTimeout(refresh, 600); }
  form.addEventListener("input", soon);
  form.addEventListener("change", soon);
})();

// Type-ahead for muscles and regions: matches the id, the clinical name and the plain name
// (without the script, the fields use the page's <datalist> of the same terms).
(function () {
  var fields = document.querySelectorAll("input.term");
  fields.forEach(function (input) {
    var kind = input.getAttribute("data-kind");
    var list = document.createElement("ul");
    list.className = "typeahead";
    list.id = input.id + "-options";
    list.setAttribute("role", "listbox");
    list.hidden = true;
    input.parentNode.appendChild(list);
    input.removeAttribute("list");
    input.setAttribute("role", "combobox");
    input.setAttribute("aria-autocomplete", "list");
    input.setAttribute("aria-controls", list.id);
    input.setAttribute("aria-expanded", "false");
    var active = -1, last = "";
    function close() { list.hidden = true; input.setAttribute("aria-expanded", "false"); active = -1; }
    function choose(item) {
      input.value = item.getAttribute("data-id");
      close();
      input.dispatchEvent(new Event("change", { bubbles: true }));
    }
    function mark(index) {
      var items = list.querySelectorAll("li");
      items.forEach(function (li, i) { li.setAttribute("aria-selected", i === index ? "true" : "false"); });
      active = index;
      if (items[index]) input.setAttribute("aria-activedescendant", items[index].id);
    }
    input.addEventListener("input", function () {
      var q = input.value.trim();
      if (q === last) return;
      last = q;
      if (q.length < 2) { close(); return; }
      fetch("/api/vocabulary?kind=" + encodeURIComponent(kind) + "&q=" + encodeURIComponent(q), { credentials: "same-origin" })
        .then(function (r) { return r.ok ? r.json() : []; })
        .then(function (terms) {
          if (input.value.trim() !== q) return;
          list.textContent = "";
          terms.forEach(function (term, i) {
            var li = document.createElement("li");
            li.id = list.id + "-" + i;
            li.setAttribute("role", "option");
            li.setAttribute("data-id", term.id);
            var name = document.createElement("strong");
            name.textContent = term.name;
            var plain = document.createElement("span");
            plain.textContent = " · " + term.plain;
            li.appendChild(name);
            li.appendChild(plain);
            li.addEventListener("mousedown", function (event) { event.preventDefault(); choose(li); });
            list.appendChild(li);
          });
          list.hidden = terms.length === 0;
          input.setAttribute("aria-expanded", terms.length ? "true" : "false");
          active = -1;
        })
        .catch(function () {});
    });
    input.addEventListener("keydown", function (event) {
      var items = list.querySelectorAll("li");
      if (list.hidden || !items.length) return;
      if (event.key === "ArrowDown") { event.preventDefault(); mark(Math.min(active + 1, items.length - 1)); }
      else if (event.key === "ArrowUp") { event.preventDefault(); mark(Math.max(active - 1, 0)); }
      else if (event.key === "Enter" && active >= 0) { event.preventDefault(); choose(items[active]); }
      else if (event.key === "Escape") { close(); }
    });
    input.addEventListener("blur", function () { setTimeout(close, 150); });
  });
})();
