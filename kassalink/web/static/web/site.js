// Behaviour every page shares, kept out of the templates so the Content-Security-Policy
// can forbid inline script: a <select data-autosubmit> sends its form when it changes
// (language, organization, department of the roster).
document.addEventListener("change", function (event) {
  var field = event.target;
  if (field.matches && field.matches("select[data-autosubmit]") && field.form) {
    field.form.requestSubmit ? field.form.requestSubmit() : field.form.submit();
  }
});
