// 直播带岗 viewer: Server-Sent Events keep the pinned post, presenter, announcement and counters current;
// polling takes over when EventSource is unavailable or keeps failing. Everything from the server is set
// with textContent (never as HTML) except the post details, which the server renders and escapes.
(function () {
  const room = document.getElementById("live-room");
  if (!room) return;
  const $ = (id) => document.getElementById(id);
  const csrf = (document.querySelector('meta[name="csrf-token"]') || {}).content || "";
  let version = Number(room.dataset.version || 0);
  let pinnedId = $("apply-btn").dataset.post || "";
  let pollTimer = null;
  let failures = 0;
  let onLive = () => {}; // set once the player section below has run

  function setText(id, text) { const el = $(id); if (el) el.textContent = text == null ? "" : text; }

  function renderState(state) {
    if (state.version < version) return; // an older snapshot arriving late
    version = state.version;
    setText("live-status", state.status_label);
    setText("presenting", state.presenting ? state.presenting.enterprise : "—");
    const ann = $("announcement");
    ann.hidden = !state.announcement;
    ann.textContent = state.announcement || "";
    const post = state.pinned_post;
    const card = $("pinned");
    card.hidden = !post;
    $("no-pin").hidden = !!post;
    if (post) {
      if (String(post.id) !== pinnedId) { setText("apply-result", ""); $("pin-details").textContent = ""; }
      pinnedId = String(post.id);
      $("apply-btn").dataset.post = pinnedId;
      setText("pin-title", post.title);
      setText("pin-pay", post.pay);
      setText("pin-meta", [post.place, post.experience, post.education, "招" + post.headcount].join(" · "));
      setText("pin-ent", post.enterprise);
    } else {
      pinnedId = "";
    }
    const list = $("schedule");
    list.textContent = "";
    (state.schedule || []).forEach((s) => {
      const li = document.createElement("li");
      li.dataset.segment = s.segment_id;
      li.textContent = s.enterprise + " ";
      const span = document.createElement("span");
      span.className = "muted";
      span.textContent = s.minutes + " 分钟";
      li.appendChild(span);
      if (state.presenting && state.presenting.segment_id === s.segment_id) li.classList.add("now");
      if (s.done) li.classList.add("done");
      list.appendChild(li);
    });
    if (state.status === "ended") setText("player-note", "直播已结束" + (state.replay_url ? "，可观看回放" : ""));
    if (state.status === "live") onLive();
  }

  function renderCounters(c) {
    setText("c-online", c.online);
    setText("c-peak", c.peak);
    setText("c-apps", c.applications);
  }

  function renderQuestion(q) {
    const list = $("questions");
    const old = list.querySelector('[data-q="' + q.id + '"]');
    if (old) old.remove();
    if (!q.visible) return;
    const li = document.createElement("li");
    li.dataset.q = q.id;
    const who = document.createElement("strong");
    who.textContent = q.author;
    li.append(who, "：" + q.text);
    if (q.answer) {
      const a = document.createElement("p");
      a.className = "answer";
      a.textContent = "答：" + q.answer;
      li.appendChild(a);
    }
    list.prepend(li);
  }

  function poll() {
    fetch(room.dataset.poll, { headers: { Accept: "application/json" }, credentials: "same-origin" })
      .then((r) => r.json())
      .then((data) => { renderState(data); renderCounters(data.counters); })
      .catch(() => {});
  }

  function startPolling() {
    if (pollTimer) return;
    poll();
    pollTimer = setInterval(poll, 3000);
  }

  function connect() {
    if (!window.EventSource) { startPolling(); return; }
    const source = new EventSource(room.dataset.events);
    source.addEventListener("state", (e) => { failures = 0; renderState(JSON.parse(e.data).state); });
    source.addEventListener("counters", (e) => renderCounters(JSON.parse(e.data).counters));
    source.addEventListener("question", (e) => renderQuestion(JSON.parse(e.data).question));
    source.onerror = () => {
      failures += 1;
      if (failures >= 3) { source.close(); startPolling(); }
    };
  }

  function apply(consent) {
    if (!pinnedId) return;
    if (!room.dataset.role) { window.location = room.dataset.login; return; }
    if (room.dataset.role !== "seeker") { setText("apply-result", "请使用求职者账号投递"); return; }
    if (!consent && !room.dataset.consented) { $("consent-dialog").showModal(); return; }
    const body = new URLSearchParams({ post_id: pinnedId });
    if (consent) body.set("consent", "y");
    $("apply-btn").disabled = true;
    fetch(room.dataset.apply, {
      method: "POST",
      body,
      credentials: "same-origin",
      headers: { "X-CSRFToken": csrf, Accept: "application/json" },
    })
      .then((r) => r.json().then((data) => ({ status: r.status, data })))
      .then(({ data }) => {
        if (data.code === "consent_required") { $("consent-dialog").showModal(); return; }
        if (data.ok) room.dataset.consented = "1";
        setText("apply-result", data.message);
      })
      .catch(() => setText("apply-result", "网络异常，请重试"))
      .finally(() => { $("apply-btn").disabled = false; });
  }

  $("apply-btn").addEventListener("click", () => apply(false));
  $("consent-dialog").addEventListener("close", (e) => { if (e.target.returnValue === "yes") apply(true); });
  $("details-btn").addEventListener("click", () => {
    if (!pinnedId) return;
    fetch(room.dataset.postBase + pinnedId, { credentials: "same-origin" })
      .then((r) => (r.ok ? r.text() : ""))
      .then((html) => { $("pin-details").innerHTML = html; });
  });

  const ask = $("ask-form");
  if (ask) {
    ask.addEventListener("submit", (e) => {
      e.preventDefault();
      fetch(room.dataset.ask, {
        method: "POST",
        body: new URLSearchParams(new FormData(ask)),
        credentials: "same-origin",
        headers: { "X-CSRFToken": csrf, Accept: "application/json" },
      })
        .then((r) => r.json())
        .then((data) => { setText("ask-result", data.message); if (data.ok) ask.reset(); })
        .catch(() => setText("ask-result", "网络异常，请重试"));
    });
  }

  // Before the start the room shows a countdown, not a player error: the stream exists only once the host
  // goes live. The player is attached when the status turns live (renderState) or at once when it is.
  const video = $("video");
  let playerStarted = false;
  function startPlayer() {
    if (playerStarted || !video || !video.dataset.src) return;
    playerStarted = true;
    const src = video.dataset.src;
    if (video.canPlayType("application/vnd.apple.mpegurl") || !/\.m3u8(\?|$)/.test(src)) {
      video.src = src;
      video.addEventListener("error", () => setText("player-note", "画面暂时无法播放，请稍后刷新"));
    } else if (window.Hls && window.Hls.isSupported()) {
      const hls = new window.Hls({ liveDurationInfinity: true });
      hls.on(window.Hls.Events.ERROR, (_event, data) => {
        if (data.fatal) setText("player-note", "直播画面暂时无法播放，请稍后刷新；岗位和投递不受影响");
      });
      hls.loadSource(src);
      hls.attachMedia(video);
    } else {
      setText("player-note", "您的浏览器无法播放直播流，请更换浏览器");
    }
  }
  const startsAt = Date.parse(room.dataset.startsAt || "");
  let countdownTimer = null;
  function countdown() {
    const left = Math.round((startsAt - Date.now()) / 1000);
    if (left <= 0) { setText("player-note", "主播即将开播，请稍候"); clearInterval(countdownTimer); return; }
    const pad = (n) => String(n).padStart(2, "0");
    const days = Math.floor(left / 86400);
    const clock = pad(Math.floor((left % 86400) / 3600)) + ":" + pad(Math.floor((left % 3600) / 60)) + ":" + pad(left % 60);
    setText("countdown", (days ? days + " 天 " : "") + clock);
  }
  if (room.dataset.status === "scheduled" && !Number.isNaN(startsAt)) {
    countdown();
    countdownTimer = setInterval(countdown, 1000);
  } else {
    startPlayer();
  }
  onLive = () => { clearInterval(countdownTimer); setText("player-note", ""); startPlayer(); };

  connect();
})();
