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
