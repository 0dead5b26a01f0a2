// One screen per item: show a screen at a time, with Back and Next; the form posts at the end.
(function () {
  "use strict";
  var form = document.getElementById("questionnaire");
  if (!form) return;
  var screens = Array.prototype.slice.call(form.querySelectorAll(".screen"));
  var dots = Array.prototype.slice.call(form.querySelectorAll(".progress li"));
  var back = form.querySelector("[data-step='-1']");
  var next = form.querySelector("[data-step='1']");
  var send = form.querySelector(".send");
  var current = 0;

  function show(index) {
    current = Math.max(0, Math.min(index, screens.length - 1));
    screens.forEach(function (screen, i) { screen.hidden = i !== current; });
    dots.forEach(function (dot, i) {
      dot.className = i < current ? "done" : i === current ? "current" : "";
    });
    back.hidden = current === 0;
    next.hidden = current === screens.length - 1;
    send.hidden = current !== screens.length - 1;
    var heading = screens[current].querySelector(".question");
    if (heading) { heading.setAttribute("tabindex", "-1"); heading.focus(); }
  }

  back.addEventListener("click", function () { show(current - 1); });
  next.addEventListener("click", function () { show(current + 1); });

  // A visual-analogue line: any tap, drag or arrow key sets the mark; the hidden field keeps it.
  form.querySelectorAll("input.line").forEach(function (line) {
    var target = form.querySelector("input[type=hidden][name='" + line.dataset.target + "']");
    if (target.value !== "") { line.value = target.value; line.classList.add("marked"); }
    line.addEventListener("input", function () {
      target.value = Number(line.value).toFixed(1);
      line.classList.add("marked");
    });
  });

  // Choosing an answer moves on by itself, so one tap is enough.
  form.querySelectorAll("input[type=radio]").forEach(function (radio) {
    radio.addEventListener("change", function () {
      if (current < screens.length - 1) setTimeout(function () { show(current + 1); }, 250);
    });
  });

  show(0);
})();
