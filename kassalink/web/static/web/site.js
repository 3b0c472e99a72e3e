// The site's few behaviours, kept out of the templates (no inline scripts under the CSP).
"use strict";

// Styles that hide the phone menu apply only when this script runs: without it the
// navigation simply stays open.
document.documentElement.classList.add("js");

document.addEventListener("DOMContentLoaded", () => {
  // Phone menu: one button shows or hides the site navigation and the section's sidebar.
  for (const button of document.querySelectorAll("[data-menu-toggle]")) {
    button.addEventListener("click", () => {
      const open = document.body.classList.toggle("menu-open");
      button.setAttribute("aria-expanded", String(open));
    });
  }
  // A wide table that scrolls sideways (the roster) opens at today's column.
  for (const today of document.querySelectorAll("[data-scroll-to-today] th.today")) {
    const box = today.closest("[data-scroll-to-today]");
    const firstColumn = today.parentElement.firstElementChild.offsetWidth;
    box.scrollLeft = Math.max(0, today.offsetLeft - firstColumn);
  }
});

// A choice that applies itself (language, organization, department of the roster): a
// <select data-autosubmit> sends its form when it changes, also inside htmx-swapped parts.
document.addEventListener("change", (event) => {
  const field = event.target;
  if (field.matches && field.matches("select[data-autosubmit]") && field.form) {
    field.form.requestSubmit ? field.form.requestSubmit() : field.form.submit();
  }
});
