// Personnel pages: behaviour that must not be inline (Content-Security-Policy).
// - a checkbox with data-select-all="NAME" ticks every checkbox name=NAME in its form;
// - a select with data-autosubmit submits its form when changed.
document.addEventListener("change", (event) => {
  const box = event.target;
  if (box.matches("input[data-select-all]")) {
    const name = box.getAttribute("data-select-all");
    for (const other of box.form.querySelectorAll(`input[type=checkbox][name="${name}"]`)) {
      other.checked = box.checked;
    }
  } else if (box.matches("select[data-autosubmit]")) {
    box.form.requestSubmit();
  }
});
