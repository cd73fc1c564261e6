// The dashboard: filters kept in the URL, an offline map of clustered markers, a brushable
// timeline, the list of events and the contested claims. Data comes from /api/; every piece
// of article text is put in the page as a text node (common.js `el`), never as HTML.
"use strict";

const FILTERS = ["type", "mode", "actor", "place", "status", "since", "until"];
const COLOURS = JSON.parse(document.getElementById("colours").textContent);
const SPAN = JSON.parse(document.getElementById("span").textContent);
const WIDE_FEATURES = new Set(["country", "continent", "region", "sea", "ocean"]);
const DAY_MS = 86400000;
const PAGE = 50;

const form = document.getElementById("filters");
document.body.classList.add("js");

const state = { eventsOffset: 0, place: null, fitted: false, refreshing: 0 };

function colourOf(type) {
  return (type && COLOURS.types[type]) || COLOURS.other;
}

// --- filters and the URL ---------------------------------------------------------------

function filterParams(overrides) {
  const params = new URLSearchParams();
  for (const name of FILTERS) {
    const value = overrides && name in overrides ? overrides[name] : form.elements[name].value;
    if (value) params.append(name, value);
  }
  return params;
}

function formFromURL() {
  const params = new URLSearchParams(location.search);
  for (const name of FILTERS) form.elements[name].value = params.get(name) || "";
}

function filtersChanged() {
  const params = filterParams();
  const url = location.pathname + (params.toString() ? "?" + params.toString() : "");
  history.pushState(null, "", url);
  refresh();
}

form.addEventListener("change", filtersChanged);
form.addEventListener("submit", (event) => { event.preventDefault(); filtersChanged(); });
window.addEventListener("popstate", () => { formFromURL(); refresh(); });

// --- map -------------------------------------------------------------------------------

const map = L.map("map", { minZoom: 2, maxZoom: 12, worldCopyJump: true });
map.attributionControl.setPrefix(false);
map.attributionControl.addAttribution("Borders: Natural Earth (public domain)");
map.createPane("basemap").style.zIndex = 250;
map.setView([50, 30], 4);
getJSON("/static/basemap/countries-50m.geojson").then((countries) => {
  L.geoJSON(countries, {
    pane: "basemap",
    interactive: false,
    style: { color: "#8795a1", weight: 0.7, fillColor: "#f3f0e8", fillOpacity: 1 },
  }).addTo(map);
});

// Towns and cities cluster; countries and regions are drawn apart, as faint rings at their
// centres, so a capital never disappears into its own country's marker.
const markers = L.markerClusterGroup({
  maxClusterRadius: 30,
  disableClusteringAtZoom: 6,  // a region the size of the build-up in Belarus shows every town
  showCoverageOnHover: false,
});
const wideMarkers = L.layerGroup();
map.addLayer(wideMarkers);
map.addLayer(markers);

function markerLabel(p) {
  const parts = [];
  if (p.events) parts.push(`${p.events} events`);
  if (p.forces) parts.push(`${p.forces} force reports`);
  if (p.mentions) parts.push(`${p.mentions} mentions`);
  parts.push(`${p.sources} sources`);
  return el("div", { class: "place-label" }, el("strong", {}, p.name || String(p.geonameid)),
    el("br"), parts.join(", "));
}

function markerFor(feature) {
  const p = feature.properties;
  const [lon, lat] = feature.geometry.coordinates;
  const colour = colourOf(p.top_type);
  const wide = WIDE_FEATURES.has(p.feature);
  const marker = L.circleMarker([lat, lon], {
    radius: 5 + 3 * Math.sqrt(p.sources),
    color: wide ? colour : "#222",
    weight: wide ? 2 : 1,
    fillColor: colour,
    fillOpacity: wide ? 0.15 : 0.85,
    className: `ww-marker ww-place-${p.geonameid}`,
  });
  marker.bindTooltip(markerLabel(p));
  marker.on("click", () => showPlace(p));
  return marker;
}

async function loadMap(params) {
  const collection = await getJSON("/api/map", params);
  markers.clearLayers();
  wideMarkers.clearLayers();
  const isWide = (f) => WIDE_FEATURES.has(f.properties.feature);
  markers.addLayers(collection.features.filter((f) => !isWide(f)).map(markerFor));
  collection.features.filter(isWide).forEach((f) => wideMarkers.addLayer(markerFor(f)));
  if (!state.fitted && collection.features.length) {
    fitTo(collection.features);
    state.fitted = true;
  }
  return collection;
}

// Frame where most things happen: the towns and cities (a country's marker sits at its
// centre, which may be far away) near the median of them all, so one far-off capital does
// not zoom the map out until everything else is clustered together.
function fitTo(features) {
  const points = features.filter((f) => !WIDE_FEATURES.has(f.properties.feature))
    .map((f) => [f.geometry.coordinates[1], f.geometry.coordinates[0]]);
  if (!points.length) return;
  const median = (values) => values.slice().sort((a, b) => a - b)[Math.floor(values.length / 2)];
  const centre = [median(points.map((p) => p[0])), median(points.map((p) => p[1]))];
  const near = points.filter((p) => Math.abs(p[0] - centre[0]) <= 6 && Math.abs(p[1] - centre[1]) <= 9);
  map.fitBounds(L.latLngBounds(near.length ? near : points).pad(0.3), { maxZoom: 8 });
}

// --- the place panel ---------------------------------------------------------------------

async function showPlace(p) {
  state.place = p;
  document.getElementById("place-title").textContent = p.name || String(p.geonameid);
  document.getElementById("place-hint").textContent =
    `${p.country || ""} ${p.feature || ""} · GeoNames ${p.geonameid} · ${p.sources} independent sources`;
  const body = document.getElementById("place-body");
  body.replaceChildren(el("p", { class: "hint" }, "Loading…"));
  const here = filterParams({ place: String(p.geonameid) });
  const plain = new URLSearchParams({ geonameid: String(p.geonameid), limit: String(PAGE) });
  const forceParams = new URLSearchParams({ place: String(p.geonameid), limit: String(PAGE) });
  const [events, forces, mentions] = await Promise.all([
    getJSON("/api/events", withLimit(here, PAGE)),
    getJSON("/api/forces", forceParams),
    getJSON("/api/places", plain),
  ]);
  if (state.place !== p) return;  // another marker was clicked meanwhile
  const parts = [
    el("h3", {}, `Events (${events.items.length}${events.next_offset ? "+" : ""})`),
    events.items.length
      ? el("ol", { class: "events place-events" }, events.items.map((e) => eventItem(e, events.entities)))
      : el("p", { class: "hint" }, "No event located here under these filters."),
    forces.items.length ? el("h3", {}, `Forces (${forces.items.length})`) : null,
    forces.items.length ? el("ul", { class: "forces" }, forces.items.map((f) => forceItem(f, forces.entities))) : null,
    el("h3", {}, `Mentioned in (${mentions.items.length}${mentions.next_offset ? "+" : ""})`),
    el("ul", { class: "mentions" }, mentions.items.map(mentionItem)),
  ];
  body.replaceChildren(...parts.filter((part) => part !== null));
}

function withLimit(params, limit, offset) {
  const copy = new URLSearchParams(params);
  copy.set("limit", String(limit));
  if (offset) copy.set("offset", String(offset));
  return copy;
}

function mentionItem(m) {
  return el("li", { class: "mention" },
    el("blockquote", {}, m.sentence),
    el("a", { class: "source", href: `/article/${encodeURIComponent(m.article_id)}?start=${m.start}&end=${m.end}#focus` },
      `“${m.text}” in ${m.published || "an undated article"}`));
}

// As views.count_text: a lower bound alone is "more than", an upper bound alone "fewer".
function countText(f) {
  const fmt = (n) => n.toLocaleString("en");
  const approx = f.approx ? "~" : "";
  const low = f.count_low, high = f.count_high;
  if (low !== null && high === null) return "> " + fmt(low);
  if (high !== null && low === null) return "< " + fmt(high);
  if (low !== null && high !== null && low !== high) return `${approx}${fmt(low)}–${fmt(high)}`;
  if (f.count !== null) return approx + fmt(f.count);
  if (low !== null) return approx + fmt(low);
  return "present";
}

function forceItem(f, names) {
  return el("li", { class: "force" },
    el("strong", {}, `${countText(f)} ${f.kind}`),
    f.system ? ` (${entityName(names, f.system)})` : "",
    f.owner ? ` · ${entityName(names, f.owner)}` : "",
    f.claimed_by ? ` · according to ${entityName(names, f.claimed_by)}` : "",
    " ",
    el("a", { class: "source", href: `/article/${encodeURIComponent(f.article_id)}?start=${f.start}&end=${f.end}#focus` }, "source"));
}

// --- events and contested claims ----------------------------------------------------------

function modeBadge(e, names) {
  if (e.mode === "claimed") {
    const by = e.claimed_by ? " by " + entityName(names, e.claimed_by) : "";
    return el("span", { class: "badge mode claimed", title: "a claim, not an established fact" }, "claim" + by);
  }
  if (e.mode !== "asserted") return el("span", { class: `badge mode ${e.mode}` }, e.mode);
  return null;
}

function eventItem(e, names) {
  const when = e.first ? (e.last && e.last !== e.first ? `${e.first} – ${e.last}` : e.first) : "";
  return el("li", { class: `event mode-${e.mode}`, "data-event": e.id },
    el("div", { class: "line" },
      el("span", { class: "badge type", style: { background: colourOf(e.type) } }, e.type),
      modeBadge(e, names),
      el("span", { class: "who" }, entityLinks(names, e.actors, e.actor_text), " → ",
        entityLinks(names, e.recipients, e.recipient_text)),
      el("span", { class: "when" }, when),
      e.place_name || e.place_text ? el("span", { class: "where" }, e.place_name || e.place_text) : null,
      el("span", { class: `status ${e.status}` }, e.status.replace("_", " ") +
        (e.sources > 1 ? ` · ${e.sources} sources` : ""))),
    el("blockquote", { class: "sentence" }, e.sentence),
    el("a", { class: "source", href: `/article/${encodeURIComponent(e.article_id)}?event=${encodeURIComponent(e.id)}#focus` },
      "source sentence"));
}

async function loadEvents(params, append) {
  const list = document.getElementById("events");
  const page = await getJSON("/api/events", withLimit(params, PAGE, state.eventsOffset));
  const items = page.items.map((e) => eventItem(e, page.entities));
  if (append) list.append(...items); else list.replaceChildren(...items);
  if (!list.children.length) list.append(el("li", { class: "hint" }, "No events under these filters."));
  const more = document.getElementById("events-more");
  more.hidden = page.next_offset === null;
  state.eventsOffset = page.next_offset || 0;
  document.getElementById("events-count").textContent =
    `${list.querySelectorAll("li.event").length}${page.next_offset ? "+" : ""}`;
}

document.getElementById("events-more").addEventListener("click", () => loadEvents(filterParams(), true));

function contestedSide(kind, e, names) {
  return el("section", { class: `side ${kind}` },
    el("h4", {}, kind === "claim" ? "Claim · " : "Denial · ", entityLinks(names, e.actors, e.actor_text), " ",
      el("span", { class: "badge type", style: { background: colourOf(e.type) } }, e.type), " ", modeBadge(e, names)),
    el("blockquote", {}, e.sentence),
    el("a", { class: "source", href: `/article/${encodeURIComponent(e.article_id)}?event=${encodeURIComponent(e.id)}#focus` }, "source"),
    " ", el("span", { class: "when" }, e.first || e.published || ""));
}

async function loadContested(params) {
  const data = await getJSON("/api/contested", params);
  const box = document.getElementById("contested");
  box.replaceChildren(...data.items.map((pair) => el("div", { class: "pair" },
    contestedSide("claim", pair.claim, data.entities),
    el("div", { class: "denials" }, pair.denials.map((d) => contestedSide("denial", d, data.entities))))));
  if (!data.items.length) box.append(el("p", { class: "hint" }, "No claim answered by a denial under these filters."));
}

// --- timeline ------------------------------------------------------------------------------

const svg = document.getElementById("timeline");
const SVG_NS = "http://www.w3.org/2000/svg";
const timeline = { bins: [], x: null };

function svgEl(tag, attrs) {
  const node = document.createElementNS(SVG_NS, tag);
  for (const [key, value] of Object.entries(attrs)) node.setAttribute(key, String(value));
  return node;
}

const toDay = (iso) => Math.floor(Date.parse(iso + "T00:00:00Z") / DAY_MS);
const toISO = (day) => new Date(day * DAY_MS).toISOString().slice(0, 10);

// Background events (an annexation years before) would squash the weeks that matter: the
// chart spans the articles' dates with a month's margin, and earlier or later days gather in
// its first or last bin, which then stands for everything before or after.
const MARGIN_DAYS = 30;

function binDays(days) {
  let first = days.length ? toDay(days[0].day) : toDay(SPAN.first || "2000-01-01");
  let last = days.length ? toDay(days[days.length - 1].day) : first;
  const clampedFirst = SPAN.first && first < toDay(SPAN.first) - MARGIN_DAYS;
  const clampedLast = SPAN.last && last > toDay(SPAN.last) + MARGIN_DAYS;
  if (clampedFirst) first = toDay(SPAN.first) - MARGIN_DAYS;
  if (clampedLast) last = toDay(SPAN.last) + MARGIN_DAYS;
  if (last < first) last = first;
  const span = last - first + 1;
  const size = span <= 92 ? 1 : span <= 730 ? 7 : 30;
  const bins = [];
  for (let start = first; start <= last; start += size) {
    bins.push({ start, end: Math.min(start + size - 1, last), events: 0, forces: 0, articles: 0 });
  }
  if (clampedFirst) bins[0].openStart = true;
  if (clampedLast) bins[bins.length - 1].openEnd = true;
  for (const d of days) {
    const index = Math.min(Math.max(Math.floor((toDay(d.day) - first) / size), 0), bins.length - 1);
    for (const key of ["events", "forces", "articles"]) bins[index][key] += d[key];
  }
  return bins;
}

function binLabel(bin) {
  if (bin.openStart) return `before ${toISO(bin.end + 1)}`;
  if (bin.openEnd) return `after ${toISO(bin.start - 1)}`;
  return toISO(bin.start) + (bin.end !== bin.start ? " – " + toISO(bin.end) : "");
}

function drawTimeline(days) {
  const bins = binDays(days);
  const width = svg.clientWidth || 800, height = svg.clientHeight || 150;
  const left = 4, bottom = 16, top = 6, plotH = height - bottom - top;
  const step = (width - 2 * left) / Math.max(bins.length, 1);
  const maxFg = Math.max(1, ...bins.map((b) => Math.max(b.events, b.forces)));
  const maxBg = Math.max(1, ...bins.map((b) => b.articles));
  svg.replaceChildren();
  bins.forEach((b, i) => {
    const x = left + i * step;
    const bg = (b.articles / maxBg) * plotH;
    if (b.articles) svg.append(svgEl("rect", { class: "bar-articles", x, y: top + plotH - bg, width: Math.max(step - 1, 1), height: bg }));
    const half = Math.max(step / 2 - 1, 1);
    const ev = (b.events / maxFg) * plotH, fo = (b.forces / maxFg) * plotH;
    if (b.events) svg.append(svgEl("rect", { class: "bar-events", x, y: top + plotH - ev, width: half, height: ev }));
    if (b.forces) svg.append(svgEl("rect", { class: "bar-forces", x: x + half, y: top + plotH - fo, width: half, height: fo }));
    const title = svgEl("title", {});
    title.textContent = `${binLabel(b)}: ` +
      `${b.events} event clusters, ${b.forces} force reports, ${b.articles} articles`;
    const hit = svgEl("rect", { x, y: top, width: step, height: plotH, fill: "transparent", "data-bin": i });
    hit.append(title);
    svg.append(hit);
  });
  svg.append(svgEl("line", { class: "axis", x1: left, x2: width - left, y1: top + plotH, y2: top + plotH }));
  const labels = bins.length > 1 ? [0, Math.floor(bins.length / 2), bins.length - 1] : [0];
  for (const i of labels) {
    if (!bins[i]) continue;
    const text = svgEl("text", { x: left + i * step, y: height - 3 });
    if (i === bins.length - 1 && i) text.setAttribute("text-anchor", "end");
    if (i === bins.length - 1 && i) text.setAttribute("x", width - left);
    text.textContent = bins[i].openStart ? "earlier" : bins[i].openEnd ? "later" : toISO(bins[i].start);
    svg.append(text);
  }
  timeline.bins = bins;
  timeline.step = step;
  timeline.left = left;
  timeline.top = top;
  timeline.plotH = plotH;
  drawSelection();
}

function binAt(clientX) {
  const box = svg.getBoundingClientRect();
  const i = Math.floor((clientX - box.left - timeline.left) / timeline.step);
  return Math.min(Math.max(i, 0), timeline.bins.length - 1);
}

function drawSelection(fromBin, toBin) {
  svg.querySelectorAll(".brush").forEach((node) => node.remove());
  let a = fromBin, b = toBin;
  if (a === undefined) {
    const since = form.elements.since.value, until = form.elements.until.value;
    if (!since && !until) return;
    const s = since ? toDay(since) : -Infinity, u = until ? toDay(until) : Infinity;
    const inside = timeline.bins.map((bin, i) => (bin.end >= s && bin.start <= u ? i : -1)).filter((i) => i >= 0);
    if (!inside.length) return;
    a = inside[0]; b = inside[inside.length - 1];
  }
  const [lo, hi] = a <= b ? [a, b] : [b, a];
  svg.append(svgEl("rect", { class: "brush", x: timeline.left + lo * timeline.step, y: timeline.top,
    width: (hi - lo + 1) * timeline.step, height: timeline.plotH, "pointer-events": "none" }));
}

let brushFrom = null;
svg.addEventListener("pointerdown", (event) => {
  if (!timeline.bins.length) return;
  brushFrom = binAt(event.clientX);
  svg.setPointerCapture(event.pointerId);
  drawSelection(brushFrom, brushFrom);
});
svg.addEventListener("pointermove", (event) => {
  if (brushFrom !== null) drawSelection(brushFrom, binAt(event.clientX));
});
svg.addEventListener("pointerup", (event) => {
  if (brushFrom === null) return;
  const to = binAt(event.clientX);
  const [lo, hi] = brushFrom <= to ? [brushFrom, to] : [to, brushFrom];
  brushFrom = null;
  // A first or last bin that gathers everything earlier or later leaves that end open.
  form.elements.since.value = timeline.bins[lo].openStart ? "" : toISO(timeline.bins[lo].start);
  form.elements.until.value = timeline.bins[hi].openEnd ? "" : toISO(timeline.bins[hi].end);
  filtersChanged();
});
document.getElementById("timeline-clear").addEventListener("click", () => {
  form.elements.since.value = "";
  form.elements.until.value = "";
  filtersChanged();
});

async function loadTimeline(params) {
  const undated = new URLSearchParams(params);
  undated.delete("since");
  undated.delete("until");
  drawTimeline(await getJSON("/api/timeline", undated));
}

// --- everything ----------------------------------------------------------------------------

async function refresh() {
  const run = ++state.refreshing;
  const params = filterParams();
  state.eventsOffset = 0;
  document.body.classList.add("loading");
  try {
    await Promise.all([loadMap(params), loadEvents(params, false), loadContested(params), loadTimeline(params)]);
    if (state.place) await showPlace(state.place);
  } catch (error) {
    document.getElementById("events").replaceChildren(el("li", { class: "error" }, String(error.message)));
  } finally {
    if (run === state.refreshing) {
      document.body.classList.remove("loading");
      document.body.dataset.ready = String(run);
    }
  }
}

window.addEventListener("resize", () => loadTimeline(filterParams()));
refresh();
