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
  // A choice that applies itself (language, organization, department): submit on change.
  for (const select of document.querySelectorAll("select[data-autosubmit]")) {
    select.addEventListener("change", () => select.form.submit());
  }
  // A wide table that scrolls sideways (the roster) opens at today's column.
  for (const today of document.querySelectorAll("[data-scroll-to-today] th.today")) {
    const box = today.closest("[data-scroll-to-today]");
    const firstColumn = today.parentElement.firstElementChild.offsetWidth;
    box.scrollLeft = Math.max(0, today.offsetLeft - firstColumn);
  }
});
