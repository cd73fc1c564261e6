// Small DOM helpers shared by the pages. Article-derived text only ever becomes a text node
// (never innerHTML), and only http(s) or same-site links become hrefs.
"use strict";

function el(tag, attrs, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs || {})) {
    if (value === null || value === undefined || value === false) continue;
    if (key === "href") {
      const safe = safeHref(value);
      if (safe) node.setAttribute("href", safe);
    } else if (key === "style") {
      Object.assign(node.style, value);
    } else if (key.startsWith("on")) {
      throw new Error("event handlers are attached with addEventListener");
    } else {
      node.setAttribute(key, String(value));
    }
  }
  for (const child of children.flat()) {
    if (child === null || child === undefined || child === false) continue;
    node.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return node;
}

// Same-site paths, or absolute http(s) URLs; anything else (javascript:, data:) is dropped.
function safeHref(value) {
  const text = String(value);
  if (text.startsWith("/") && !text.startsWith("//")) return text;
  try {
    const url = new URL(text);
    return url.protocol === "http:" || url.protocol === "https:" ? url.href : null;
  } catch (error) {
    return null;
  }
}

async function getJSON(path, params) {
  const query = params && params.toString() ? "?" + params.toString() : "";
  const response = await fetch(path + query, { headers: { Accept: "application/json" } });
  if (!response.ok) {
    let detail = response.statusText;
    try { detail = (await response.json()).detail; } catch (error) { /* not JSON */ }
    throw new Error(`${path}: ${response.status} ${detail}`);
  }
  return response.json();
}

function entityName(names, id, fallback) {
  if (!id) return fallback || "?";
  return (names[id] && names[id].name) || id;
}

function entityLinks(names, ids, fallback) {
  if (!ids || !ids.length) return [fallback || "—"];
  const parts = [];
  ids.forEach((id, i) => {
    if (i) parts.push(", ");
    parts.push(el("a", { class: "entity", href: "/entity/" + encodeURIComponent(id).replace(/%2F/g, "/") },
      entityName(names, id)));
  });
  return parts;
}
