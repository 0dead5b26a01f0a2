// The record-review screen by keyboard only: in a question's values, 1–9 choose the value with
// that number and 0 "not stated" (then on to the next question; several values: the key ticks
// or unticks and stays); Enter anywhere in the form saves and goes to the next record.
(function () {
  "use strict";
  var form = document.getElementById("review-form");
  if (!form) return;
  var questions = Array.prototype.slice.call(form.querySelectorAll(".question"));

  function focusQuestion(question) {
    if (!question) {
      form.querySelector("button[type=submit]").focus();
      return;
    }
    (question.querySelector("input:checked") || question.querySelector("input")).focus();
  }

  form.addEventListener("keydown", function (event) {
    if (event.altKey || event.ctrlKey || event.metaKey) return;
    if (event.key === "Enter" && event.target.tagName === "INPUT") {
      event.preventDefault();
      form.requestSubmit();
      return;
    }
    var group = event.target.closest("fieldset[data-keys]");
    if (!group || !/^[0-9]$/.test(event.key)) return;
    var input = group.querySelector('input[data-key="' + event.key + '"]');
    if (!input) return;
    event.preventDefault();
    if (input.type === "checkbox") {
      input.checked = !input.checked;
      input.focus();
      return;
    }
    input.checked = true;
    focusQuestion(questions[questions.indexOf(group.closest(".question")) + 1]);
  });
})();
