/* Elearn.QuickCheck: one statement, "true" or "false", one point. Written for this project's
   demo content (MIT). Reports an xAPI "answered" statement with the score, as H5P types do. */
var Elearn = (window.Elearn = window.Elearn || {});
Elearn.QuickCheck = (function () {
  "use strict";

  function QuickCheck(params, contentId) {
    H5P.EventDispatcher.call(this);
    this.params = params || {};
    this.contentId = contentId;
    this.score = 0;
    this.answered = false;
  }
  QuickCheck.prototype = Object.create(H5P.EventDispatcher.prototype);
  QuickCheck.prototype.constructor = QuickCheck;

  QuickCheck.prototype.getScore = function () { return this.score; };
  QuickCheck.prototype.getMaxScore = function () { return 1; };
  QuickCheck.prototype.getAnswerGiven = function () { return this.answered; };

  QuickCheck.prototype.attach = function ($container) {
    var self = this;
    var params = this.params;
    var container = $container.get ? $container.get(0) : $container;
    var root = document.createElement("div");
    root.className = "elearn-quickcheck";
    var statement = document.createElement("p");
    statement.className = "elearn-quickcheck-statement";
    statement.textContent = params.statement || "";
    var buttons = document.createElement("div");
    buttons.className = "elearn-quickcheck-buttons";
    var feedback = document.createElement("p");
    feedback.className = "elearn-quickcheck-feedback";
    feedback.setAttribute("role", "status");

    function answer(value, button) {
      if (self.answered) return;
      var right = value === Boolean(params.correct);
      self.answered = true;
      self.score = right ? 1 : 0;
      button.setAttribute("aria-pressed", "true");
      Array.prototype.forEach.call(buttons.querySelectorAll("button"), function (b) {
        b.disabled = true;
      });
      feedback.textContent = right ? params.rightFeedback : params.wrongFeedback;
      feedback.className = "elearn-quickcheck-feedback " + (right ? "is-right" : "is-wrong");
      self.triggerXAPIScored(self.score, 1, "answered", true, right);
      self.trigger("resize");
    }

    [true, false].forEach(function (value) {
      var button = document.createElement("button");
      button.type = "button";
      button.textContent = value ? params.trueLabel : params.falseLabel;
      button.setAttribute("aria-pressed", "false");
      button.addEventListener("click", function () { answer(value, button); });
      buttons.appendChild(button);
    });
    root.appendChild(statement);
    root.appendChild(buttons);
    root.appendChild(feedback);
    container.appendChild(root);
    this.trigger("resize");
  };

  return QuickCheck;
})();
