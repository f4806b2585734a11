// Behaviour every page shares, bound here rather than in inline handlers: the
// Content-Security-Policy runs no inline event handler (onclick, onsubmit, onchange).
(function () {
  // Phones: the navigation folds behind a menu button.
  var button = document.querySelector(".menu-toggle"), bar = document.querySelector(".topbar");
  if (button && bar) {
    button.addEventListener("click", function () {
      var open = bar.classList.toggle("menu-open");
      button.setAttribute("aria-expanded", open ? "true" : "false");
    });
  }
  // Phones: each filter form folds behind a button (its label from <body data-filters-label>),
  // so the list comes first on a small screen (CSS folds it only on narrow screens).
  var filtersLabel = document.body.dataset.filtersLabel || "Filters";
  document.querySelectorAll("form.filters[method=get]:not(.export), form.dashboard-filters").forEach(function (form, index) {
    if (!form.id) form.id = "filters-" + index;
    var toggle = document.createElement("button");
    toggle.type = "button";
    toggle.className = "filters-toggle secondary";
    toggle.textContent = "⚲ " + filtersLabel;
    toggle.setAttribute("aria-controls", form.id);
    toggle.setAttribute("aria-expanded", "false");
    form.classList.add("folded");
    form.parentNode.insertBefore(toggle, form);
    toggle.addEventListener("click", function () {
      var folded = form.classList.toggle("folded");
      toggle.setAttribute("aria-expanded", folded ? "false" : "true");
    });
  });
  // A form that asks before it deletes: <form data-confirm="…">.
  document.querySelectorAll("form[data-confirm]").forEach(function (form) {
    form.addEventListener("submit", function (event) {
      if (!window.confirm(form.dataset.confirm)) event.preventDefault();
    });
  });
  // A choice that applies itself (the language): <select data-autosubmit>.
  document.querySelectorAll("select[data-autosubmit]").forEach(function (select) {
    select.addEventListener("change", function () { select.form.submit(); });
  });
  // The receipt's print button: <button data-print>.
  document.querySelectorAll("[data-print]").forEach(function (control) {
    control.addEventListener("click", function () { window.print(); });
  });
  // A job's progress (templates/includes/progress.html): poll its status until it ends,
  // then reload the page to show the result.
  document.querySelectorAll("[data-progress-url]").forEach(function (box) {
    if (box.dataset.finished === "true") return;
    var bar = box.querySelector("[data-progress-bar]");
    var percent = box.querySelector("[data-progress-percent]");
    var status = box.querySelector("[data-progress-status]");
    function poll() {
      fetch(box.dataset.progressUrl, {credentials: "same-origin"})
        .then(function (response) { return response.json(); })
        .then(function (data) {
          if (bar) bar.value = data.percent;
          if (percent) percent.textContent = data.percent + "%";
          if (status) status.textContent = data.status_display;
          if (data.finished) { window.location.reload(); } else { setTimeout(poll, 700); }
        })
        .catch(function () { setTimeout(poll, 2000); });
    }
    setTimeout(poll, 300);
  });
})();
