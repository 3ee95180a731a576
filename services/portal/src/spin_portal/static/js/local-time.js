// Times show on the reader's institute's clock (the page's data-time-zone), whatever zone the
// laptop is set to, and empty "when" fields start at now on that clock; the portal reads a
// form's local date-time in the same zone.
"use strict";
document.addEventListener("DOMContentLoaded", () => {
  const timeZone = document.documentElement.dataset.timeZone || undefined;
  // The page's language, not the browser's: a Dutch page writes Dutch dates on any browser.
  const language = document.documentElement.lang || undefined;
  const shown = new Intl.DateTimeFormat(language, { dateStyle: "medium", timeStyle: "short", timeZone });
  for (const time of document.querySelectorAll("time[data-local]")) {
    const moment = new Date(time.getAttribute("datetime"));
    if (!Number.isNaN(moment.getTime())) time.textContent = shown.format(moment);
  }
  // "sv-SE" writes 2026-03-02 10:30, the shape a datetime-local field takes.
  const parts = new Intl.DateTimeFormat("sv-SE", {
    year: "numeric", month: "2-digit", day: "2-digit", hour: "2-digit", minute: "2-digit",
    hourCycle: "h23", timeZone,
  }).format(new Date());
  const local = parts.replace(" ", "T").slice(0, 16);
  for (const input of document.querySelectorAll('input[type="datetime-local"][data-default-now]')) {
    if (!input.value) input.value = local;
  }
  for (const input of document.querySelectorAll('input[type="date"][data-default-today]')) {
    if (!input.value) input.value = local.slice(0, 10);
  }
});
