// The printable report's Print button (no inline handlers: the portal's CSP forbids them).
"use strict";
for (const button of document.querySelectorAll("[data-print]")) {
  button.addEventListener("click", () => window.print());
}
