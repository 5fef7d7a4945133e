// Similar questions on the ask page: "Not the same" hides one and remembers it, so the
// list and the confirmation step before posting leave it out.
(function () {
  "use strict";
  document.addEventListener("click", (event) => {
    const button = event.target.closest("[data-dismiss]");
    if (!button) return;
    const field = document.getElementById("dismissed-similar");
    if (field) {
      const ids = field.value ? field.value.split(",") : [];
      if (!ids.includes(button.dataset.dismiss)) ids.push(button.dataset.dismiss);
      field.value = ids.join(",");
    }
    const item = button.closest("li");
    const list = item ? item.closest(".similar-questions") : null;
    if (item) item.remove();
    if (list && !list.querySelector("li")) list.remove();
  });
})();
