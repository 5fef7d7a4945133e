// @mention completion in the editors: type "@" and a few letters of a member's name.
// Progressive enhancement only: without JavaScript, typing the full @name still works.
(function () {
  "use strict";
  const WORD = /(^|[^\w@.\-\/])@([A-Za-z0-9_.\-]{1,30})$/;
  let list = null;
  let active = null;
  let selected = 0;
  let request = 0;

  function close() {
    if (list) list.remove();
    list = null;
    active = null;
  }

  function choose(textarea, name) {
    const caret = textarea.selectionStart;
    const before = textarea.value.slice(0, caret).replace(/@[A-Za-z0-9_.\-]*$/, "@" + name + " ");
    textarea.value = before + textarea.value.slice(caret);
    textarea.selectionStart = textarea.selectionEnd = before.length;
    textarea.dispatchEvent(new Event("input", { bubbles: true }));
    close();
    textarea.focus();
  }

  function show(textarea, names) {
    close();
    if (!names.length) return;
    list = document.createElement("ul");
    list.className = "mention-suggestions";
    list.setAttribute("role", "listbox");
    names.forEach((name, index) => {
      const item = document.createElement("li");
      item.setAttribute("role", "option");
      item.setAttribute("aria-selected", index === 0 ? "true" : "false");
      item.textContent = "@" + name;
      item.dataset.name = name;
      item.addEventListener("mousedown", (event) => { event.preventDefault(); choose(textarea, name); });
      list.appendChild(item);
    });
    selected = 0;
    active = textarea;
    textarea.insertAdjacentElement("afterend", list);
  }

  function highlight(index) {
    const items = list.querySelectorAll("li");
    selected = (index + items.length) % items.length;
    items.forEach((item, i) => item.setAttribute("aria-selected", i === selected ? "true" : "false"));
  }

  document.addEventListener("input", (event) => {
    const textarea = event.target;
    if (!(textarea instanceof HTMLTextAreaElement) || textarea.closest("[data-no-mentions]")) return;
    const match = WORD.exec(textarea.value.slice(0, textarea.selectionStart));
    if (!match || match[2].length < 2) { if (active === textarea) close(); return; }
    const mine = ++request;
    fetch("/notifications/mentions/?q=" + encodeURIComponent(match[2]), { credentials: "same-origin" })
      .then((r) => (r.ok ? r.json() : { names: [] }))
      .then((data) => { if (mine === request) show(textarea, data.names || []); })
      .catch(() => {});
  });

  document.addEventListener("keydown", (event) => {
    if (!list || event.target !== active) return;
    if (event.key === "ArrowDown") { event.preventDefault(); highlight(selected + 1); }
    else if (event.key === "ArrowUp") { event.preventDefault(); highlight(selected - 1); }
    else if (event.key === "Enter" || event.key === "Tab") {
      event.preventDefault();
      choose(active, list.querySelectorAll("li")[selected].dataset.name);
    } else if (event.key === "Escape") close();
  });
  document.addEventListener("focusout", (event) => { if (event.target === active) setTimeout(close, 150); });
})();
