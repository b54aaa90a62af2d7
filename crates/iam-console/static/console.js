// The console works without script; this only focuses the first empty field of a form.
document.addEventListener("DOMContentLoaded", function () {
  var f = document.querySelector("main input:not([type=hidden])");
  if (f && !f.value) { f.focus(); }
});
