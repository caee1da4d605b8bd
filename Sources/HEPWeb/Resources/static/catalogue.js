// hep serve: catalogue pages (progressive enhancement only; every action works without it).
"use strict";
(function () {
  const form = document.getElementById("exercise-form");
  if (!form) return;
  const token = (form.querySelector("input[name=csrf]") || {}).value || "";
  let timer = null;
  let pictureTimer = null;
  let sequence = 0;

  function item(row) {
    const li = document.createElement("li");
    li.className = row.severity;
    const code = document.createElement("code");
    code.textContent = row.location;
    li.appendChild(code);
    li.appendChild(document.createTextNode(": " + row.severity + ": " + row.message));
    if (row.hint) {
      const hint = document.createElement("span");
      hint.className = "hint";
      hint.textContent = "hint: " + row.hint;
      li.appendChild(hint);
    }
    return li;
  }

  function show(answer) {
    document.querySelectorAll("[data-diagnostics]").forEach(function (list) {
      const rows = answer.fields[list.getAttribute("data-diagnostics")] || [];
      list.replaceChildren.apply(list, rows.map(item));
      const field = list.closest(".ex-field");
      if (field) field.classList.toggle("has-error", rows.some(function (r) { return r.severity === "error"; }));
    });
    const top = document.getElementById("diagnostics-top");
    top.replaceChildren.apply(top, answer.top.map(item));
    document.getElementById("check-summary-text").textContent = answer.summary;
    document.getElementById("check-summary").classList.toggle("ok", answer.summary === "No problems found.");
    return answer;
  }

  function check() {
    const mine = ++sequence;
    const body = new URLSearchParams(new FormData(form));
    // The pictures are drawn from the poses this check was made with: the poses typed since
    // (perhaps half a line) belong to the next check, and the count in the answer is for these.
    const poses = body.get("figures") || "";
    document.getElementById("check-summary-text").textContent = "Checking…";
    return fetch(form.getAttribute("data-check"), {
      method: "POST", body: body, credentials: "same-origin",
      headers: { "X-CSRF-Token": token, "Content-Type": "application/x-www-form-urlencoded" }
    }).then(function (response) { return response.json(); })
      .then(function (answer) { if (mine === sequence) { show(answer); redraw(answer, poses); } })
      .catch(function () { document.getElementById("check-summary-text").textContent = "Could not check just now."; });
  }

  // While the poses have an error (a half-typed line, an unknown view) the pictures drawn last stay:
  // the message beside the poses says what is wrong, and a picture that cannot be drawn is not asked for.
  function redraw(answer, poses) {
    const box = document.getElementById("pose-previews");
    if (!form.querySelector("textarea[name=figures]") || !box) return;
    if ((answer.fields.figures || []).some(function (r) { return r.severity === "error"; })) return;
    const count = answer.pictures;
    const base = form.getAttribute("data-picture");
    const figures = [];
    for (let n = 1; n <= count; n++) {
      const figure = document.createElement("figure");
      const img = document.createElement("img");
      img.src = base + "?n=" + n + "&figures=" + encodeURIComponent(poses);
      img.alt = "Figure " + n + " as drawn from the pose";
      img.setAttribute("data-figure", String(n));
      const caption = document.createElement("figcaption");
      caption.textContent = "Figure " + n;
      figure.appendChild(img);
      figure.appendChild(caption);
      figures.push(figure);
    }
    box.replaceChildren.apply(box, figures);
  }

  function steps() {
    const list = document.getElementById("step-list");
    const items = list.querySelectorAll("li");
    const last = items[items.length - 1];
    const area = last && last.querySelector("textarea");
    if (area && area.value.trim() !== "") {
      const copy = last.cloneNode(true);
      const bar = copy.querySelector(".step-move");
      if (bar) bar.remove();
      const n = items.length + 1;
      copy.setAttribute("data-field", "step." + n);
      const text = copy.querySelector("textarea");
      text.value = "";
      text.id = "step-" + n;
      copy.querySelector("label").setAttribute("for", text.id);
      copy.querySelector("ul").setAttribute("data-diagnostics", "step." + n);
      copy.querySelector("ul").replaceChildren();
      last.querySelector("label").textContent = "Step " + items.length;
      list.appendChild(copy);
    }
  }

  // Moving a step up or down swaps its text with its neighbour's (without JavaScript, retype it).
  function moveButtons(li) {
    if (li.querySelector(".step-move")) return;
    const bar = document.createElement("span");
    bar.className = "step-move";
    [["up", "↑ Up", -1], ["down", "↓ Down", 1]].forEach(function (spec) {
      const button = document.createElement("button");
      button.type = "button";
      button.className = "secondary small";
      button.textContent = spec[1];
      button.addEventListener("click", function () {
        const items = Array.from(document.querySelectorAll("#step-list li"));
        const at = items.indexOf(li), other = items[at + spec[2]];
        if (!other) return;
        const a = li.querySelector("textarea"), b = other.querySelector("textarea");
        const text = a.value;
        a.value = b.value;
        b.value = text;
        b.focus();
        steps();
        clearTimeout(timer);
        timer = setTimeout(check, 200);
      });
      button.setAttribute("aria-label", "Move this step " + spec[0]);
      bar.appendChild(button);
    });
    li.querySelector("label").after(bar);
  }
  document.querySelectorAll("#step-list li").forEach(moveButtons);
  new MutationObserver(function () { document.querySelectorAll("#step-list li").forEach(moveButtons); })
    .observe(document.getElementById("step-list"), { childList: true });

  form.addEventListener("input", function (event) {
    if (event.target.name === "step") steps();
    clearTimeout(timer);
    timer = setTimeout(check, 500);
  });
  form.addEventListener("change", function () { clearTimeout(timer); timer = setTimeout(check, 200); });

  // Type-ahead for comma-separated vocabulary ids: the datalist offers the value so far with each
  // matching id in place of the word being typed.
  const originals = {};
  document.querySelectorAll("datalist").forEach(function (list) {
    originals[list.id] = Array.from(list.options).map(function (o) { return [o.value, o.textContent]; });
  });
  form.querySelectorAll("input[data-typeahead]").forEach(function (input) {
    function refresh() {
      const list = document.getElementById(input.getAttribute("list"));
      if (!list) return;
      const value = input.value;
      const cut = value.lastIndexOf(",");
      const prefix = cut < 0 ? "" : value.slice(0, cut + 1).replace(/\s*$/, " ");
      const word = (cut < 0 ? value : value.slice(cut + 1)).trim().toLowerCase();
      const chosen = value.split(",").map(function (s) { return s.trim(); });
      const options = (originals[list.id] || []).filter(function (pair) {
        return chosen.indexOf(pair[0]) < 0 && (word === "" || pair[0].indexOf(word) >= 0 || pair[1].toLowerCase().indexOf(word) >= 0);
      }).slice(0, 40).map(function (pair) {
        const option = document.createElement("option");
        option.value = prefix + pair[0];
        option.textContent = pair[1];
        return option;
      });
      list.replaceChildren.apply(list, options);
    }
    input.addEventListener("input", refresh);
    input.addEventListener("focus", refresh);
  });
})();
