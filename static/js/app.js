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

// Inline handlers are not allowed by the Content-Security-Policy: forms and buttons say what they need.
// <select data-autosubmit> sends its form on change; data-confirm on a form or its submit button asks first.
document.addEventListener("change", (event) => {
  const field = event.target.closest("[data-autosubmit]");
  if (field && field.form) field.form.requestSubmit();
});
document.addEventListener("submit", (event) => {
  const message = (event.submitter && event.submitter.dataset.confirm) || event.target.dataset.confirm;
  if (message && !window.confirm(message)) event.preventDefault();
}, true);

// <input type=checkbox data-check-all="name"> ticks every checkbox named "name" in its form (a cohort page).
document.addEventListener("change", (event) => {
  const all = event.target.closest("[data-check-all]");
  if (!all || !all.form) return;
  all.form.querySelectorAll(`input[type=checkbox][name="${all.dataset.checkAll}"]`).forEach((box) => {
    box.checked = all.checked;
  });
});

// Fair check-in: devices with the Barcode Detection API scan the QR code with the camera; scanner guns type.
document.addEventListener("DOMContentLoaded", () => {
  const button = document.getElementById("camera-btn"), video = document.getElementById("camera");
  if (!button || !video || !("BarcodeDetector" in window) || !navigator.mediaDevices) return;
  button.hidden = false;
  button.addEventListener("click", async () => {
    const detector = new BarcodeDetector({ formats: ["qr_code"] });
    video.srcObject = await navigator.mediaDevices.getUserMedia({ video: { facingMode: "environment" } });
    video.hidden = false;
    await video.play();
    const tick = async () => {
      const codes = await detector.detect(video).catch(() => []);
      if (codes.length) {
        document.getElementById("code").value = codes[0].rawValue;
        video.srcObject.getTracks().forEach((t) => t.stop());
        document.getElementById("checkin-form").submit();
      } else requestAnimationFrame(tick);
    };
    tick();
  });
});

// Live console: the counters refresh every 3 s.
document.addEventListener("DOMContentLoaded", () => {
  const box = document.getElementById("console-counters");
  if (!box || !box.dataset.poll) return;
  setInterval(() => {
    fetch(box.dataset.poll, { headers: { Accept: "application/json" }, credentials: "same-origin" })
      .then((r) => r.json())
      .then((d) => {
        document.getElementById("c-online").textContent = d.counters.online;
        document.getElementById("c-peak").textContent = d.counters.peak;
        document.getElementById("c-apps").textContent = d.counters.applications;
      })
      .catch(() => {});
  }, 3000);
});

// New notices while the page is open: the unread badge follows a Server-Sent-Event stream (the live broker;
// Redis across workers) and a short message says one arrived. The browser reconnects by itself.
document.addEventListener("DOMContentLoaded", () => {
  const url = document.body.dataset.noticeStream;
  const badge = document.getElementById("notice-count");
  if (!url || !badge || !("EventSource" in window)) return;
  const source = new EventSource(url);
  source.addEventListener("unread", (event) => {
    const data = JSON.parse(event.data);
    badge.textContent = data.unread;
    badge.setAttribute("aria-label", `${data.unread} 条未读`);
    badge.hidden = !data.unread;
    const list = document.getElementById("messages");
    if (data.new && list && list.dataset.fragment) {  // a conversation page: fetch its messages again
      fetch(list.dataset.fragment, { credentials: "same-origin" })
        .then((r) => (r.ok ? r.text() : null))
        .then((html) => { if (html !== null) list.innerHTML = html; });
    }
    if (data.new && data.title) {
      let toast = document.getElementById("notice-toast");
      if (!toast) {
        toast = document.createElement("a");
        toast.id = "notice-toast";
        toast.className = "toast";
        toast.setAttribute("role", "status");
        toast.href = document.getElementById("notice-link").href;
        document.body.appendChild(toast);
      }
      toast.textContent = `新通知：${data.title}`;
      toast.hidden = false;
      clearTimeout(toast.timer);
      toast.timer = setTimeout(() => { toast.hidden = true; }, 8000);
    }
  });
  window.addEventListener("pagehide", () => source.close());
});
