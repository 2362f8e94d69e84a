// The eda-drill phase countdown (anywidget front end).
// The deadline comes from the kernel's stored state; the ticking happens here.

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

function render({ model, el: host }) {
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
  buttons.append(startBtn, nextBtn, pauseBtn);
  const note = el("div", "note");
  host.append(row, bar, buttons, note);

  let waiting = false;
  let noAnswer = null;  // a click the kernel has not answered yet
  // deadline (epoch seconds) of the running phase, from the stored state
  const deadline = () => {
    const st = model.get("state") || {};
    return st.remaining == null ? null : st.now + st.remaining;
  };

  function send(action) {
    const st = model.get("state") || {};
    waiting = true;
    update();
    model.send({ action, expected: st.current });
    clearTimeout(noAnswer);
    noAnswer = setTimeout(() => {
      // e.g. the kernel was restarted: this widget has lost its kernel side
      waiting = false;
      note.textContent = "The kernel did not answer: run this cell again (the clock keeps its stored deadline).";
      update();
    }, 10000);
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
    pauseBtn.textContent = st.paused ? "Resume" : "Pause";
    nextBtn.textContent = st.started && st.current === phases.length - 1 ? "Finish drill" : "Next phase";
    for (const b of [startBtn, nextBtn, pauseBtn]) b.disabled = waiting;
  }

  startBtn.addEventListener("click", () => send("start"));
  pauseBtn.addEventListener("click", () => send((model.get("state") || {}).paused ? "resume" : "pause"));
  nextBtn.addEventListener("click", () => {
    // save first: the seal (after phase 1) and the reflection (at the end) are read from the saved notebook
    requestSave(host);
    waiting = true;
    update();
    setTimeout(() => send("next"), 1200);
  });
  const onState = () => update();
  const onReply = () => { clearTimeout(noAnswer); waiting = false; update(); };
  const onMessage = () => { note.textContent = model.get("message") || ""; };
  model.on("change:state", onState);
  model.on("change:message", onMessage);
  model.on("change:replies", onReply);
  onMessage();
  update();
  model.send({ action: "read" });  // a reloaded page asks for the stored clock
  const interval = setInterval(update, 250);
  return () => {
    clearInterval(interval);
    clearTimeout(noAnswer);
    model.off("change:state", onState);
    model.off("change:message", onMessage);
    model.off("change:replies", onReply);
  };
}

export default { render };
