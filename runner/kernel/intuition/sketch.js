// The eda-drill sketch pad (anywidget front end): drag to draw a distribution's shape.
function render({ model, el }) {
  el.classList.add("eda-drill-sketch");
  const canvas = document.createElement("canvas");
  canvas.width = 320;
  canvas.height = 120;
  canvas.setAttribute("aria-label", "Sketch the distribution: drag from left (low values) to right (high values)");
  const row = document.createElement("div");
  row.className = "row";
  const label = document.createElement("span");
  label.textContent = "low values → high values (drag to draw; optional)";
  const clear = document.createElement("button");
  clear.textContent = "Clear";
  clear.className = "clear";
  row.append(label, clear);
  el.append(canvas, row);
  const ctx = canvas.getContext("2d");
  let heights = (model.get("heights") || []).slice();
  let drawing = false;
  let last = null;

  function draw() {
    const n = heights.length;
    const w = canvas.width / n;
    ctx.clearRect(0, 0, canvas.width, canvas.height);
    ctx.fillStyle = "#f6f8fa";
    ctx.fillRect(0, 0, canvas.width, canvas.height);
    ctx.fillStyle = "#bf8700";
    heights.forEach((h, i) => ctx.fillRect(i * w + 1, canvas.height * (1 - h), w - 2, canvas.height * h));
  }

  function point(event) {
    const box = canvas.getBoundingClientRect();
    const n = heights.length;
    const i = Math.min(n - 1, Math.max(0, Math.floor(((event.clientX - box.left) / box.width) * n)));
    const h = Math.min(1, Math.max(0, 1 - (event.clientY - box.top) / box.height));
    return [i, h];
  }

  function paint(event) {
    const [i, h] = point(event);
    if (last) {  // fill the columns skipped by a fast drag
      const [j, g] = last;
      const step = i > j ? 1 : -1;
      for (let k = j; k !== i; k += step) heights[k] = g + ((h - g) * (k - j)) / (i - j);
    }
    heights[i] = h;
    last = [i, h];
    draw();
  }

  function save() {
    model.set("heights", heights.slice());
    model.save_changes();
  }

  canvas.addEventListener("pointerdown", (e) => {
    if (model.get("locked")) return;
    drawing = true;
    last = null;
    canvas.setPointerCapture(e.pointerId);
    paint(e);
  });
  canvas.addEventListener("pointermove", (e) => { if (drawing) paint(e); });
  canvas.addEventListener("pointerup", () => { if (drawing) { drawing = false; save(); } });
  clear.addEventListener("click", () => {
    if (model.get("locked")) return;
    heights = heights.map(() => 0);
    draw();
    save();
  });
  const onChange = () => { heights = (model.get("heights") || []).slice(); draw(); };
  const onLock = () => { clear.disabled = !!model.get("locked"); };
  model.on("change:heights", onChange);
  model.on("change:locked", onLock);
  onLock();
  draw();
  return () => {
    model.off("change:heights", onChange);
    model.off("change:locked", onLock);
  };
}

export default { render };
