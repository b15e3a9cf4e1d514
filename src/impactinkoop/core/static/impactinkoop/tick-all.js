// "Tick all": a checkbox with data-tick-all="NAME" ticks or clears every checkbox named NAME on
// the page, and shows itself ticked when all of them are. Without script, each is ticked by hand.
(function () {
  "use strict";
  var masters = document.querySelectorAll("input[type=checkbox][data-tick-all]");
  Array.prototype.forEach.call(masters, function (master) {
    var name = master.getAttribute("data-tick-all");
    var boxes = function () {
      return document.querySelectorAll('input[type=checkbox][name="' + name + '"]');
    };
    var sync = function () {
      var all = boxes(), ticked = 0;
      Array.prototype.forEach.call(all, function (box) { if (box.checked) { ticked += 1; } });
      master.checked = all.length > 0 && ticked === all.length;
      master.indeterminate = ticked > 0 && ticked < all.length;
    };
    master.hidden = false;
    if (master.labels) {
      Array.prototype.forEach.call(master.labels, function (label) { label.hidden = false; });
    }
    master.addEventListener("change", function () {
      Array.prototype.forEach.call(boxes(), function (box) { box.checked = master.checked; });
    });
    Array.prototype.forEach.call(boxes(), function (box) { box.addEventListener("change", sync); });
    sync();
  });
}());
