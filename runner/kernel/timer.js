// The eda-drill phase countdown (anywidget front end).
// The deadline comes from the kernel's stored state; the ticking happens here.
//
// A click is only ever shown as done once the kernel answers.  When the kernel is restarted
// (or shut down) this widget's kernel side is gone: the widget says so in its alert box,
// refuses clicks with the reason, and offers Reconnect (which re-creates the drill's timer in
// the kernel).  Running the setup cells again reconnects every timer of the notebook too: a
// new kernel-side timer announces itself (initialize) and dead views of the same drill
// rebind to it.

const REPLY_TIMEOUT_MS = 10000;
const LOST = "This timer lost its kernel (restarted or shut down): the clock shown is the stored deadline, " +
  "but no button reaches the drill. Click Reconnect, or run the notebook's first code cells again (parameters, " +
  "then setup).";
const RERUN = "run the notebook's first code cells again (parameters, then setup)";
const NAMES = { start: "Start drill", next: "Next phase", pause: "Pause", resume: "Resume" };
// live timer models by drill id, shared by every view on the page
const LIVE = (globalThis.__edaDrillTimers ??= { models: new Map(), events: new EventTarget() });

function fmt(seconds) {
  const s = Math.abs(Math.round(seconds));
  const m = Math.floor(s / 60);
  return `${m}:${String(s % 60).padStart(2, "0")}`;
}

function el(tag, cls, text) {
  const node = document.createElement(tag);
  if (cls) node.className = cls;
  if (text !== undefined) node.textContent = text;
  return node;
}

// Ask JupyterLab to save the notebook (Accel+S) so the seal reads what is on screen.
function requestSave(from) {
  const opts = { key: "s", code: "KeyS", keyCode: 83, which: 83, ctrlKey: true, bubbles: true, cancelable: true };
  (from || document.body).dispatchEvent(new KeyboardEvent("keydown", opts));
}

const drillOf = (model) => (model.get("state") || {}).drill_id;

// A timer created by a (new) kernel: dead views of the same drill rebind to it.
function announce(model) {
  const id = drillOf(model);
  if (!id) return false;
  LIVE.models.set(id, model);
  LIVE.events.dispatchEvent(new CustomEvent("live", { detail: { id, model } }));
  return true;
}

function initialize({ model }) {
  if (announce(model)) return undefined;
  const onState = () => { if (announce(model)) model.off("change:state", onState); };
  model.on("change:state", onState);
  return () => model.off("change:state", onState);
}

function render({ model: first, el: host }) {
  host.classList.add("eda-drill-timer");
  const row = el("div", "row");
  const phase = el("div", "phase");
  const clock = el("div", "clock");
  row.append(phase, clock);
  const bar = el("div", "bar");
  const fill = el("div");
  bar.append(fill);
  const buttons = el("div", "buttons");
  const startBtn = el("button", "start", "Start drill");
  const nextBtn = el("button", "next", "Next phase");
  const pauseBtn = el("button", "pause", "Pause");
  const reconnectBtn = el("button", "reconnect", "Reconnect");
  buttons.append(startBtn, nextBtn, pauseBtn, reconnectBtn);
  const alert = el("div", "alert");
  alert.setAttribute("role", "alert");
  const note = el("div", "note");
  host.append(row, bar, buttons, alert, note);

  let model = first;
  let connected = true;
  let waiting = false;
  let noAnswer = null; // a click the kernel has not answered yet
  let local = ""; // what this view says about the connection (shown in the alert box)
  const drillId = () => drillOf(model);
  // deadline (epoch seconds) of the running phase, from the stored state
  const deadline = () => {
    const st = model.get("state") || {};
    return st.remaining == null ? null : st.now + st.remaining;
  };

  function say(text) {
    local = text;
    update();
  }

  function lose() {
    connected = false;
    waiting = false;
    clearTimeout(noAnswer);
    say(LOST);
  }

  function send(action) {
    const name = NAMES[action] || action;
    if (!connected) {
      waiting = false;
      return say(`${name} was not sent, nothing changed. ${LOST}`);
    }
    const st = model.get("state") || {};
    try {
      model.send({ action, expected: st.current });
    } catch (err) { // "Cannot send": the kernel side is gone
      lose();
      return say(`${name} was not sent, nothing changed. ${LOST}`);
    }
    waiting = true;
    local = "";
    update();
    clearTimeout(noAnswer);
    noAnswer = setTimeout(() => {
      waiting = false;
      say(`No answer from the kernel after ${REPLY_TIMEOUT_MS / 1000} s: ${name} has not been applied yet. If the ` +
        `kernel is only slow, it will be (and this box clears); if it was restarted or stopped, ${RERUN}.`);
    }, REPLY_TIMEOUT_MS);
  }

  function update() {
    const st = model.get("state") || {};
    const phases = st.phases || [];
    let remaining = null;
    let planned = 0;
    if (!st.started) {
      phase.textContent = phases.length ? `Ready: ${phases[0].title}` : "Ready";
      remaining = phases.length ? phases[0].planned_minutes * 60 : 0;
      planned = remaining;
    } else if (st.finished) {
      phase.textContent = `Drill complete: ${Math.round((st.total_seconds || 0) / 60)} minutes`;
    } else {
      const cur = phases[st.current];
      planned = cur.planned_minutes * 60;
      remaining = st.paused ? st.remaining : deadline() - Date.now() / 1000;
      const n = (st.pauses || []).filter((p) => p.position === st.current).length;
      const label = st.paused ? " · paused: press Resume" : (n ? ` (paused ${n}×)` : "");
      phase.textContent = `Phase ${st.current + 1}/${phases.length}: ${cur.title}${label}`;
    }
    if (!connected) phase.textContent += " · not connected";
    const over = remaining !== null && remaining < 0;
    clock.textContent = remaining === null ? "" : (over ? `+${fmt(remaining)} over` : fmt(remaining));
    clock.classList.toggle("overrun", over);
    clock.classList.toggle("paused", !!st.paused);
    bar.classList.toggle("overrun", over);
    const done = planned ? Math.min(1, Math.max(0, 1 - remaining / planned)) : (st.finished ? 1 : 0);
    fill.style.width = `${(done * 100).toFixed(1)}%`;
    startBtn.style.display = st.started ? "none" : "";
    nextBtn.style.display = st.started && !st.finished ? "" : "none";
    pauseBtn.style.display = st.started && !st.finished ? "" : "none";
    reconnectBtn.style.display = connected ? "none" : "";
    pauseBtn.textContent = st.paused ? "Resume" : "Pause";
    nextBtn.textContent = st.started && st.current === phases.length - 1 ? "Finish drill" : "Next phase";
    for (const b of [startBtn, nextBtn, pauseBtn]) b.disabled = waiting;
    host.classList.toggle("disconnected", !connected);
    const text = local || model.get("alert") || "";
    alert.textContent = text;
    alert.style.display = text ? "" : "none";
    note.textContent = model.get("message") || "";
  }

  const onState = () => update();
  const onNews = () => update();
  const onReply = () => { clearTimeout(noAnswer); waiting = false; local = ""; update(); };
  const listen = (m, on) => {
    const verb = on ? "on" : "off";
    m[verb]("change:state", onState);
    m[verb]("change:message", onNews);
    m[verb]("change:alert", onNews);
    m[verb]("change:replies", onReply);
    m[verb]("comm_live_update", lose); // the widget manager marks every model dead when the kernel restarts
  };

  function rebind(next) {
    listen(model, false);
    model = next;
    listen(model, true);
    connected = true;
    waiting = false;
    local = "";
    clearTimeout(noAnswer);
    update();
  }

  const onLive = (event) => {
    const { id, model: next } = event.detail;
    if (!connected && id === drillId() && next.get("instance") !== model.get("instance")) rebind(next);
  };
  LIVE.events.addEventListener("live", onLive);

  function reconnect() {
    const known = LIVE.models.get(drillId());
    if (known && known.get("instance") !== model.get("instance")) return rebind(known); // the setup cell ran
    const kernel = model.widget_manager && model.widget_manager.kernel;
    const code = model.get("reconnect");
    if (!kernel || kernel.isDisposed || !code) {
      return say(`Cannot reach a kernel from this timer: ${RERUN}.`);
    }
    say("Reconnecting: starting this drill's timer in the kernel...");
    try {
      kernel.requestExecute({ code, silent: false, store_history: false, stop_on_error: true });
    } catch (err) {
      return say(`Could not reconnect (${err.message || err}): ${RERUN}.`);
    }
    setTimeout(() => { if (!connected) say(`Could not reconnect yet. ${LOST}`); }, REPLY_TIMEOUT_MS);
  }

  startBtn.addEventListener("click", () => send("start"));
  pauseBtn.addEventListener("click", () => send((model.get("state") || {}).paused ? "resume" : "pause"));
  nextBtn.addEventListener("click", () => {
    if (!connected) return send("next");
    // save first: the seal (after phase 1) and the reflection (at the end) are read from the saved notebook
    requestSave(host);
    waiting = true;
    update();
    setTimeout(() => send("next"), 1200);
  });
  reconnectBtn.addEventListener("click", reconnect);
  listen(model, true);
  update();
  try {
    model.send({ action: "read" }); // a reloaded page asks for the stored clock
  } catch (err) {
    lose();
  }
  const interval = setInterval(update, 250);
  return () => {
    clearInterval(interval);
    clearTimeout(noAnswer);
    LIVE.events.removeEventListener("live", onLive);
    listen(model, false);
  };
}

export default { initialize, render };
