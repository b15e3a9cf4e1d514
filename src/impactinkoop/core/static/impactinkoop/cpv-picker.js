// CPV picker: an input with data-cpv-search holds one or more CPV codes separated by commas.
// As the user types the last code (digits or words), its datalist is filled from the search
// (GET ?q=) with the whole value and each found code in the last place, so choosing a
// suggestion completes that code and keeps the ones before it. Without script the datalist
// offers the divisions and groups, and codes can always be typed.
(function () {
  "use strict";
  var inputs = document.querySelectorAll("input[data-cpv-search][list]");
  Array.prototype.forEach.call(inputs, function (input) {
    var list = document.getElementById(input.getAttribute("list"));
    var url = input.getAttribute("data-cpv-search");
    var timer = null, asked = "";
    if (!list || !window.fetch) { return; }
    var fill = function (before, results) {
      while (list.firstChild) { list.removeChild(list.firstChild); }
      results.forEach(function (result) {
        var option = document.createElement("option");
        option.value = before + result.code;
        option.textContent = result.code + " " + result.label;
        list.appendChild(option);
      });
    };
    input.addEventListener("input", function () {
      var value = input.value;
      var cut = Math.max(value.lastIndexOf(","), value.lastIndexOf(";"));
      var before = cut >= 0 ? value.slice(0, cut + 1).replace(/\s*$/, " ") : "";
      var last = value.slice(cut + 1).trim();
      if (last.length < 2 || last === asked) { return; }
      window.clearTimeout(timer);
      timer = window.setTimeout(function () {
        asked = last;
        window.fetch(url + "?q=" + encodeURIComponent(last), {
          headers: { "Accept": "application/json" }, credentials: "same-origin"
        }).then(function (response) {
          return response.ok ? response.json() : { results: [] };
        }).then(function (data) {
          if (input.value === value) { fill(before, data.results || []); }
        }).catch(function () { /* the typed codes still work: the form checks them */ });
      }, 200);
    });
  });
}());
