// The article page: hovering (or focusing) a highlight shows the records behind it in the
// side card. Records come from a JSON block; their text is only ever set as text nodes.
"use strict";

const RECORDS = JSON.parse(document.getElementById("records").textContent);
const card = document.getElementById("card");
const HIDDEN = new Set(["kind"]);

function recordCard(record) {
  const rows = [];
  for (const [key, value] of Object.entries(record)) {
    if (HIDDEN.has(key) || value === null || value === undefined || value === "") continue;
    rows.push(el("dt", {}, key.replace(/_/g, " ")), el("dd", {}, String(value)));
  }
  const title = record.kind === "event" && record.mode === "claimed" ? "event (a claim)" : record.kind;
  return [el("h4", {}, title), el("dl", {}, rows)];
}

let active = null;
function show(span) {
  if (active) active.classList.remove("active");
  active = span;
  span.classList.add("active");
  const indices = (span.dataset.r || "").split(" ").filter(Boolean).map(Number);
  card.replaceChildren(...indices.flatMap((i) => recordCard(RECORDS[i])));
}

const text = document.getElementById("text");
for (const type of ["mouseover", "focusin"]) {
  text.addEventListener(type, (event) => {
    const span = event.target.closest(".hl[data-r]");
    if (span) show(span);
  });
}

const focus = document.querySelector(".hl.k-focus");
if (focus) {
  focus.id = "focus";
  focus.scrollIntoView({ block: "center" });
}
