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
