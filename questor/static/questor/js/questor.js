// Progressive enhancement only: every form here also works without JavaScript.
(function () {
  "use strict";

  function toast(text) {
    const box = document.createElement("div");
    box.className = "toast";
    box.setAttribute("role", "alert");
    box.textContent = text;
    document.body.appendChild(box);
    setTimeout(() => box.remove(), 5000);
  }

  // Let htmx swap in forms that come back with validation errors (400) or conflicts (409).
  document.addEventListener("htmx:beforeSwap", (event) => {
    const status = event.detail.xhr.status;
    if (status === 400 && event.detail.xhr.getResponseHeader("Content-Type")?.startsWith("text/html")) {
      event.detail.shouldSwap = true;
      event.detail.isError = false;
    }
  });
  // Other errors (403, 404, 429…) say why in plain words.
  document.addEventListener("htmx:responseError", (event) => {
    const xhr = event.detail.xhr;
    const type = xhr.getResponseHeader("Content-Type") || "";
    let text = type.startsWith("text/plain") ? xhr.responseText : "";
    if (!text && type.startsWith("text/html")) {
      const doc = new DOMParser().parseFromString(xhr.responseText, "text/html");
      text = doc.querySelector("main p")?.textContent || "";
    }
    toast(text || "That did not work (error " + xhr.status + "). Reload and try again.");
  });
  // Keep each post's data-score in step with its vote widget. The event fires on the
  // swapped-in widget; event.detail.target is the old one, already out of the page.
  document.addEventListener("htmx:afterSwap", (event) => {
    const widget = event.target;
    if (widget && widget.classList && widget.classList.contains("vote")) {
      const post = widget.closest("[data-score]:not(.vote)");
      if (post) post.dataset.score = widget.dataset.score;
    }
  });

  document.addEventListener("click", (event) => {
    const button = event.target.closest("[data-confirm]");
    if (button && !window.confirm(button.dataset.confirm)) event.preventDefault();
  });

  function csrfToken() {
    const input = document.querySelector("input[name=csrfmiddlewaretoken]");
    return input ? input.value : "";
  }

  function post(url, data) {
    data.append("csrfmiddlewaretoken", csrfToken());
    return fetch(url, { method: "POST", body: data, credentials: "same-origin", headers: { "X-CSRFToken": csrfToken() } });
  }

  function debounce(fn, ms) {
    let timer;
    return (...args) => { clearTimeout(timer); timer = setTimeout(() => fn(...args), ms); };
  }

  // Live Markdown preview, rendered by the server's own sanitizer.
  function setUpPreview(textarea) {
    const target = document.getElementById(textarea.dataset.preview);
    if (!target) return;
    const refresh = debounce(() => {
      const data = new FormData();
      data.append("body", textarea.value);
      post("/markdown/preview/", data).then((r) => (r.ok ? r.text() : "")).then((html) => { target.innerHTML = html; });
    }, 400);
    textarea.addEventListener("input", refresh);
    if (textarea.value.trim()) refresh();
  }

  // Server-side drafts, saved while typing.
  // "Draft saved" is shown only while it is true: typing clears it, and a save that
  // finishes after newer typing says nothing (the save of that typing will).
  function setUpDraft(form) {
    const status = form.querySelector(".draft-status");
    let edits = 0;
    let submitted = false;
    // A save still waiting when the form is posted would arrive after the post and bring
    // the posted text back as a draft: once the form is submitted, nothing more is saved.
    form.addEventListener("submit", () => { submitted = true; });
    const save = debounce(() => {
      if (submitted) return;
      const saving = edits;
      const data = new FormData(form);
      data.delete("csrfmiddlewaretoken");
      post(form.dataset.draftUrl, data).then((r) => {
        if (saving !== edits) return;
        if (status) status.textContent = r.ok ? "Draft saved" : "";
        form.dataset.draftSaved = r.ok ? "true" : "false";
      });
    }, 700);
    form.addEventListener("input", () => {
      edits += 1;
      form.dataset.draftSaved = "false";
      if (status) status.textContent = "";
      save();
    });
  }

  function init() {
    document.querySelectorAll("textarea[data-preview]").forEach(setUpPreview);
    document.querySelectorAll("form[data-draft-url]").forEach(setUpDraft);
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
})();
