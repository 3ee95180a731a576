// Every form with a local date-time field says which time zone the browser is in, and empty
// "when" fields start at now, so a person records a session as they see the clock.
"use strict";
document.addEventListener("DOMContentLoaded", () => {
  const offset = String(new Date().getTimezoneOffset());
  for (const form of document.querySelectorAll("form")) {
    if (!form.querySelector('input[type="datetime-local"]')) continue;
    let field = form.querySelector('input[name="tz_offset_min"]');
    if (!field) {
      field = document.createElement("input");
      field.type = "hidden";
      field.name = "tz_offset_min";
      form.appendChild(field);
    }
    field.value = offset;
  }
  // The page's language, not the browser's: a Dutch page writes Dutch dates on any browser.
  const shown = new Intl.DateTimeFormat(document.documentElement.lang || undefined, { dateStyle: "medium", timeStyle: "short" });
  for (const time of document.querySelectorAll("time[data-local]")) {
    const moment = new Date(time.getAttribute("datetime"));
    if (!Number.isNaN(moment.getTime())) time.textContent = shown.format(moment);
  }
  const now = new Date(Date.now() - new Date().getTimezoneOffset() * 60000);
  const local = now.toISOString().slice(0, 16);
  for (const input of document.querySelectorAll('input[type="datetime-local"][data-default-now]')) {
    if (!input.value) input.value = local;
  }
  for (const input of document.querySelectorAll('input[type="date"][data-default-today]')) {
    if (!input.value) input.value = local.slice(0, 10);
  }
});
