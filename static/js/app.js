// Small progressive enhancements; every page works without JavaScript.
document.addEventListener("htmx:configRequest", (event) => {
  const token = document.querySelector('meta[name="csrf-token"]');
  if (token) event.detail.headers["X-CSRFToken"] = token.content;
});

// Wide screens show the filters beside the results; phones keep them folded until asked.
function openFiltersOnWideScreens(root) {
  if (!window.matchMedia("(min-width: 720px)").matches) return;
  root.querySelectorAll("details.filter-panel").forEach((panel) => { panel.open = true; });
}
document.addEventListener("DOMContentLoaded", () => openFiltersOnWideScreens(document));
document.addEventListener("htmx:afterSwap", (event) => openFiltersOnWideScreens(event.target));

// As-you-type search: one request once typing pauses, never in the middle of an input-method composition
// (pinyin "shu" is not a query; the 数 it becomes is). The form's htmx trigger listens for "typed"; the URL is
// replaced, not pushed, so Back leaves the search page in one press.
function searchAsYouType(input, form, delay) {
  let composing = false;
  let timer = null;
  let sent = input.value;
  const later = () => {
    clearTimeout(timer);
    timer = setTimeout(() => {
      if (composing || input.value === sent) return;
      sent = input.value;
      form.dispatchEvent(new CustomEvent("typed"));
    }, delay);
  };
  input.addEventListener("compositionstart", () => { composing = true; clearTimeout(timer); });
  input.addEventListener("compositionend", () => { composing = false; later(); });
  input.addEventListener("input", (event) => { if (!composing && !event.isComposing) later(); });
  form.addEventListener("submit", () => { clearTimeout(timer); sent = input.value; });
}
document.addEventListener("DOMContentLoaded", () => {
  const input = document.getElementById("q");
  const form = document.getElementById("search-form");
  if (input && form) searchAsYouType(input, form, 300);
});
