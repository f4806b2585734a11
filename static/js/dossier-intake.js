// Intake screen: diacritics-insensitive procedure autocomplete and the papers of the choice.
(function () {
  "use strict";
  var form = document.getElementById("intake-form");
  if (!form) return;
  var search = document.getElementById("procedure-search");
  var list = document.getElementById("procedure-suggestions");
  var code = document.getElementById("id_procedure");
  var chosen = document.getElementById("procedure-chosen");
  var papers = document.getElementById("papers");
  var desk = document.getElementById("id_desk");
  var fee = document.getElementById("id_fee_amount");
  var timer = null;
  var results = [];
  var seq = 0;

  function show(items) {
    results = items;
    list.innerHTML = "";
    items.forEach(function (item) {
      var li = document.createElement("li");
      var button = document.createElement("button");
      button.type = "button";
      button.className = "suggestion";
      button.setAttribute("role", "option");
      button.textContent = item.code + " · " + item.name + " (" + item.time + ")";
      button.addEventListener("click", function () { choose(item); });
      li.appendChild(button);
      list.appendChild(li);
    });
    list.hidden = items.length === 0;
  }

  function choose(item) {
    code.value = item.code;
    chosen.textContent = item.code + " · " + item.name + " (" + item.time + ")";
    search.value = "";
    show([]);
    papers.innerHTML = "";
    item.papers.forEach(function (name) {
      var row = document.createElement("div");
      row.className = "paper-row";
      row.appendChild(tick("papers", name, true, " " + name, "paper"));
      row.appendChild(tick("digitised", name, false, " " + papers.dataset.digitised,
        "inline-choice paper-digitised"));
      row.appendChild(tick("reused", name, false, " " + papers.dataset.reused, "inline-choice"));
      papers.appendChild(row);
    });
    // The procedure's single fee is the default; the desk types another when it differs.
    if (fee) fee.value = item.fee_amount === null || item.fee_amount === undefined ? "" : item.fee_amount;
    var next = document.getElementById("id_applicant_name");
    if (next) next.focus();
  }

  function tick(fieldName, value, checked, text, className) {
    var label = document.createElement("label");
    label.className = className;
    var box = document.createElement("input");
    box.type = "checkbox";
    box.name = fieldName;
    box.value = value;
    box.checked = checked;
    label.appendChild(box);
    label.appendChild(document.createTextNode(text));
    return label;
  }

  function lookup() {
    var q = search.value.trim();
    if (!q) { show([]); return; }
    var mine = ++seq;
    var url = form.dataset.suggestUrl + "?desk=" + encodeURIComponent(desk.value) +
      "&q=" + encodeURIComponent(q);
    fetch(url, { headers: { Accept: "application/json" }, credentials: "same-origin" })
      .then(function (response) { return response.ok ? response.json() : { results: [] }; })
      .then(function (data) { if (mine === seq) show(data.results); });
  }

  search.addEventListener("input", function () {
    clearTimeout(timer);
    timer = setTimeout(lookup, 150);
  });
  search.addEventListener("keydown", function (event) {
    if (event.key === "Enter") {
      event.preventDefault();
      if (results.length) choose(results[0]);
    }
  });
})();
