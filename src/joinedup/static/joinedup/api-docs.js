/* The API docs page (/api/v1/docs): a few things in Swagger UI's own markup that axe flags and that neither its
   settings nor CSS can change. After each render this adds ARIA attributes only (React leaves attributes it does
   not own alone, and new elements are patched as they appear):
   - Swagger UI's title is an <h1>; the page's own <h1> is above it, so it becomes a level-2 heading and the tags'
     <h3> follow in order (axe: heading-order);
   - a parameter's list of allowed values (<select>) has no label: it is named after the parameter (select-name);
   - each operation's responses table is an unnamed region: it is named after the operation (landmark-unique);
   - the copy-to-clipboard and close-dialog buttons are icons without a name (button-name);
   - the Authorize dialog's buttons are named other than their visible text (label-content-name-mismatch). */
(function () {
  "use strict";
  var root = document.getElementById("swagger-ui");
  if (!root) {
    return;
  }

  function operationName(element) {
    var block = element.closest(".opblock");
    if (!block) {
      return "";
    }
    var method = block.querySelector(".opblock-summary-method");
    var path = block.querySelector("[data-path]");
    return (method ? method.textContent : "") + " " + (path ? path.getAttribute("data-path") : "");
  }

  function patch() {
    root.querySelectorAll(".info .title:not([aria-level])").forEach(function (heading) {
      heading.setAttribute("aria-level", "2");
    });
    root.querySelectorAll("tr[data-param-name] select:not([aria-label])").forEach(function (select) {
      select.setAttribute("aria-label", select.closest("tr").getAttribute("data-param-name"));
    });
    root.querySelectorAll("table.responses-table[role='region']:not([aria-label])").forEach(function (table) {
      table.setAttribute("aria-label", "Responses: " + operationName(table));
    });
    root.querySelectorAll(".copy-to-clipboard button:not([aria-label])").forEach(function (button) {
      button.setAttribute("aria-label", "Copy to clipboard");
    });
    root.querySelectorAll(".modal-ux .close-modal:not([aria-label])").forEach(function (button) {
      button.setAttribute("aria-label", "Close");
    });
    root.querySelectorAll(".modal-ux button[aria-label]").forEach(function (button) {
      var text = button.textContent.trim();
      var name = button.getAttribute("aria-label");
      if (text && name.toLowerCase().indexOf(text.toLowerCase()) === -1) {
        button.setAttribute("aria-label", text);
      }
    });
  }

  new MutationObserver(patch).observe(root, { childList: true, subtree: true });
  patch();
})();
