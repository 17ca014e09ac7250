// The staff export page: only the chosen list's columns are shown (the others are disabled, so
// they are not sent), and the regency choices follow the chosen province. Without JavaScript
// every list's columns are shown and a button refreshes the regencies.
(function () {
  "use strict";
  var form = document.getElementById("export-form");
  if (!form) { return; }
  var kind = form.querySelector("select[name=kind]");
  var province = form.querySelector("select[name=province]");
  var regency = form.querySelector("select[name=regency]");

  function showColumns() {
    form.querySelectorAll(".export-columns").forEach(function (group) {
      var mine = group.getAttribute("data-list") === kind.value;
      group.hidden = !mine;
      group.querySelectorAll("input").forEach(function (box) { box.disabled = !mine; });
    });
  }

  function loadRegencies() {
    var url = form.getAttribute("data-regencies-url") + "?province=" +
      encodeURIComponent(province.value);
    fetch(url, { credentials: "same-origin" })
      .then(function (response) { return response.json(); })
      .then(function (data) {
        var keep = regency.value;
        var first = regency.options[0].cloneNode(true);
        regency.innerHTML = "";
        regency.appendChild(first);
        data.results.forEach(function (item) {
          var option = document.createElement("option");
          option.value = item.id;
          option.textContent = item.text;
          if (item.id === keep) { option.selected = true; }
          regency.appendChild(option);
        });
      });
  }

  if (kind) { kind.addEventListener("change", showColumns); showColumns(); }
  if (province && regency) { province.addEventListener("change", loadRegencies); }
})();
