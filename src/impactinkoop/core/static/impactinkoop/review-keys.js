// Keyboard shortcuts for a review queue: an element with data-key="x" is clicked (a button or a
// link) or checked (a radio) when x is pressed, unless the person is typing in a field.
(function () {
  "use strict";
  var form = document.getElementById("decision-form");
  if (!form) { return; }
  document.addEventListener("keydown", function (event) {
    var target = event.target;
    if (event.ctrlKey || event.metaKey || event.altKey) { return; }
    if (target && (target.tagName === "INPUT" && target.type !== "radio" || target.tagName === "TEXTAREA" || target.tagName === "SELECT")) { return; }
    var element = document.querySelector('[data-key="' + event.key.toLowerCase() + '"]');
    if (!element) { return; }
    event.preventDefault();
    if (element.type === "radio") {
      element.checked = true;
      element.focus();
    } else {
      element.click();
    }
  });
}());
