// The page of --report: style, markup and the script that draws the data. The
// data arrives as JSON in <script type="application/json"> (its "<" escaped), and
// the script shows every text with textContent and draws with SVG elements made
// by createElementNS: nothing from a URL or a server becomes markup.

#include <string>

#include "report/html_report.hpp"

namespace cofetch::report {

namespace {

constexpr const char* k_head = R"html(<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>cofetch report</title>
<style>
  :root { --fg: #1d2330; --muted: #667085; --line: #d0d5dd; --bg: #ffffff; --panel: #f8f9fb;
          --dns: #7c3aed; --connect: #f59e0b; --tls: #db2777; --wait: #60a5fa; --receive: #16a34a;
          --queued: #cbd5e1; --bad: #dc2626; }
  body { font: 14px/1.45 system-ui, -apple-system, "Segoe UI", sans-serif; color: var(--fg);
         background: var(--bg); margin: 0 auto; max-width: 1180px; padding: 24px; }
  h1 { font-size: 22px; margin: 0 0 4px; } h2 { font-size: 17px; margin: 28px 0 8px; }
  .muted { color: var(--muted); } code { font-size: 12px; }
  .cards { display: flex; flex-wrap: wrap; gap: 12px; margin-top: 16px; }
  .card { background: var(--panel); border: 1px solid var(--line); border-radius: 8px;
          padding: 10px 14px; min-width: 120px; }
  .card .value { font-size: 20px; font-weight: 600; } .card .label { color: var(--muted); font-size: 12px; }
  table { border-collapse: collapse; } td, th { padding: 3px 10px; border-bottom: 1px solid var(--line);
          text-align: left; vertical-align: top; } th { font-weight: 600; }
  td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; }
  .url { font-family: ui-monospace, monospace; font-size: 12px; word-break: break-all; }
  svg text { font-size: 11px; fill: var(--fg); }
  .bar { fill: #3b82f6; } .axis { stroke: var(--line); }
  .phase-queued { fill: var(--queued); } .phase-dns { fill: var(--dns); } .phase-connect { fill: var(--connect); }
  .phase-tls { fill: var(--tls); } .phase-wait { fill: var(--wait); } .phase-receive { fill: var(--receive); }
  .legend span { display: inline-block; margin-right: 14px; font-size: 12px; }
  .legend i { display: inline-block; width: 10px; height: 10px; margin-right: 4px; border-radius: 2px; }
  .sweep-line { fill: none; stroke: #3b82f6; stroke-width: 2; } .sweep-point { fill: #3b82f6; }
  .sweep-point.chosen { fill: var(--receive); } .knee { stroke: var(--bad); stroke-dasharray: 4 3; }
  .bad { color: var(--bad); }
  .waterfall { width: 100%; max-width: 1100px; height: auto; }
</style>
</head>
<body>
<h1>cofetch report</h1>
<div class="muted" id="generated"></div>
<section id="sweep-section" hidden><h2>What concurrency buys</h2><div id="recommendation"></div>
  <svg id="sweep" width="720" height="260"></svg><table id="sweep-table"></table></section>
<h2 id="shown" hidden></h2>
<div class="cards" id="cards"></div>
<section id="compare-section" hidden><h2>One at a time, then concurrently</h2><table id="compare"></table></section>
<section id="status-section"><h2>Statuses and errors</h2><table id="statuses"></table></section>
<section id="histogram-section"><h2>Latency</h2><div class="muted" id="latency-line"></div>
  <svg id="histogram" width="720" height="240"></svg></section>
<section id="waterfall-section"><h2>Where the time went</h2>
  <div class="legend" id="legend"></div>
  <h3>The slowest URLs</h3><svg id="waterfall-slowest" class="waterfall" width="1100"></svg>
  <h3>The first URLs</h3><svg id="waterfall-first" class="waterfall" width="1100"></svg></section>
<section id="failures-section"><h2>Failed URLs</h2><table id="failures"></table><div id="failures-more" class="muted"></div></section>
<script id="data" type="application/json">)html";

constexpr const char* k_tail = R"html(</script>
<script>
"use strict";
window.addEventListener("error", (event) => {
  document.body.dataset.errors = (document.body.dataset.errors || "") + event.message + ";";
});
const data = JSON.parse(document.getElementById("data").textContent);
const SVG = "http://www.w3.org/2000/svg";
const PHASES = ["queued", "dns", "connect", "tls", "wait", "receive"];

function el(tag, attributes, text) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes || {})) node.setAttribute(name, value);
  if (text !== undefined) node.textContent = String(text);
  return node;
}
function svg(tag, attributes, text) {
  const node = document.createElementNS(SVG, tag);
  for (const [name, value] of Object.entries(attributes || {})) node.setAttribute(name, value);
  if (text !== undefined) node.textContent = String(text);
  return node;
}
function ms(value) {
  if (value === null || value === undefined) return "-";
  return value < 10000 ? value.toFixed(1) + " ms" : (value / 1000).toFixed(2) + " s";
}
function row(cells, attributes) {
  const tr = el("tr", attributes);
  for (const cell of cells) tr.appendChild(cell);
  return tr;
}
function cell(text, field, numeric) {
  const attributes = numeric ? { class: "num" } : {};
  if (field) attributes["data-field"] = field;
  return el("td", attributes, text);
}

function drawCards(summary) {
  const cards = document.getElementById("cards");
  const items = [["URLs", summary.count, "count"], ["2xx", summary.ok, "ok"],
                 ["wall", ms(summary.wall_ms), "wall_ms"], ["req/s", summary.req_per_s.toFixed(1), "req_per_s"],
                 ["p50", ms(summary.latency_ms.p50), "p50"], ["p99", ms(summary.latency_ms.p99), "p99"],
                 ["errors", Object.values(summary.errors).reduce((a, b) => a + b, 0), "errors"]];
  if (summary.concurrency) items.push(["concurrency", summary.concurrency, "concurrency"]);
  const hosts = summary.hosts || {};
  if (hosts.refusals) items.push(["429/503 received", hosts.refusals, "refusals"]);
  if (hosts.slowed) items.push(["hosts slowed", hosts.slowed, "hosts-slowed"]);
  if (hosts.given_up) items.push(["hosts given up", hosts.given_up, "hosts-given-up"]);
  if (hosts.unresolved) items.push(["names unresolved", hosts.unresolved, "hosts-unresolved"]);
  for (const [label, value, field] of items) {
    const card = el("div", { class: "card" });
    card.appendChild(el("div", { class: "value", "data-field": field }, value));
    card.appendChild(el("div", { class: "label" }, label));
    cards.appendChild(card);
  }
}

function drawStatuses(summary) {
  const table = document.getElementById("statuses");
  table.appendChild(row([el("th", {}, "status or error"), el("th", { class: "num" }, "URLs")]));
  for (const [status, count] of Object.entries(summary.by_status))
    table.appendChild(row([cell(status), cell(count, "status-" + status, true)], { class: "status-row" }));
  for (const [kind, count] of Object.entries(summary.errors))
    table.appendChild(row([cell(kind), cell(count, "error-" + kind, true)], { class: "status-row bad" }));
}

function drawHistogram(summary, rows) {
  const line = document.getElementById("latency-line");
  const l = summary.latency_ms;
  line.textContent = `min ${ms(l.min)}  p50 ${ms(l.p50)}  p90 ${ms(l.p90)}  p99 ${ms(l.p99)}  max ${ms(l.max)}`;
  const chart = document.getElementById("histogram");
  const most = Math.max(1, ...rows.map((r) => r.count));
  const width = 720, left = 150, barHeight = Math.max(8, Math.min(20, 220 / Math.max(1, rows.length)));
  chart.setAttribute("height", String(rows.length * (barHeight + 2) + 10));
  rows.forEach((r, i) => {
    const y = 4 + i * (barHeight + 2);
    chart.appendChild(svg("text", { x: 0, y: y + barHeight - 3 }, `${ms(r.from_ms)} - ${ms(r.to_ms)}`));
    const bar = svg("rect", { class: "bar", x: left, y: y, height: barHeight,
                              width: Math.max(1, (width - left - 60) * r.count / most) });
    bar.appendChild(svg("title", {}, `${r.count} URLs between ${ms(r.from_ms)} and ${ms(r.to_ms)}`));
    chart.appendChild(bar);
    chart.appendChild(svg("text", { x: left + 6 + (width - left - 60) * r.count / most, y: y + barHeight - 3 },
                          r.count));
  });
}

function drawWaterfall(id, rows) {
  const chart = document.getElementById(id);
  const end = Math.max(1, ...rows.map((r) => r.start_ms + r.total));
  const left = 250, width = 1100 - left - 110, height = 16;
  const drawn = rows.length * (height + 3) + 6;
  chart.setAttribute("height", String(drawn));
  chart.setAttribute("viewBox", `0 0 1100 ${drawn}`);  // scaled to the window's width (CSS)
  rows.forEach((r, i) => {
    const g = svg("g", { class: "wf-row" });
    g.appendChild(svg("title", {}, r.url));
    const y = 3 + i * (height + 3);
    const label = r.url.length > 32 ? "…" + r.url.slice(-31) : r.url;  // fits left of the bars
    g.appendChild(svg("text", { x: 0, y: y + height - 4, class: "url" }, label));
    let x = r.start_ms - r.queued_ms;
    const scale = width / end;
    for (const phase of PHASES) {
      const length = phase === "queued" ? r.queued_ms : r[phase];
      if (length > 0) {
        g.appendChild(svg("rect", { class: "phase phase-" + phase, x: left + Math.max(0, x) * scale, y: y,
                                    width: Math.max(1, length * scale), height: height }));
      }
      x += length;
    }
    const outcome = r.error ? r.error : String(r.status);
    g.appendChild(svg("text", { x: left + width + 6, y: y + height - 4 }, `${outcome} ${ms(r.total)}`));
    chart.appendChild(g);
  });
}

function drawLegend() {
  const legend = document.getElementById("legend");
  for (const phase of PHASES) {
    const item = el("span");
    const swatch = el("i");
    swatch.style.background = `var(--${phase})`;
    item.appendChild(swatch);
    item.appendChild(document.createTextNode(phase));
    legend.appendChild(item);
  }
}

function drawFailures(failures, notListed) {
  const table = document.getElementById("failures");
  if (failures.length === 0) {
    document.getElementById("failures-more").textContent = "none";
    return;
  }
  table.appendChild(row([el("th", {}, "#"), el("th", {}, "URL"), el("th", {}, "kind"), el("th", {}, "message")]));
  for (const f of failures) {
    table.appendChild(row([cell(f.index, null, true), el("td", { class: "url" }, f.url), cell(f.kind),
                           cell(f.message)], { class: "failure" }));
  }
  if (notListed > 0) document.getElementById("failures-more").textContent = `and ${notListed} more`;
}

function drawCompare(sequential, concurrent) {
  document.getElementById("compare-section").hidden = false;
  const table = document.getElementById("compare");
  table.appendChild(row([el("th"), el("th", { class: "num" }, "one at a time"),
                         el("th", { class: "num" }, "-j " + concurrent.concurrency)]));
  const lines = [["wall", (s) => ms(s.wall_ms)], ["own times", (s) => ms(s.sum_ms)],
                 ["req/s", (s) => s.req_per_s.toFixed(1)], ["p50", (s) => ms(s.latency_ms.p50)],
                 ["p99", (s) => ms(s.latency_ms.p99)],
                 ["errors", (s) => Object.values(s.errors).reduce((a, b) => a + b, 0)]];
  for (const [name, value] of lines)
    table.appendChild(row([cell(name), cell(value(sequential), "sequential-" + name, true),
                           cell(value(concurrent), "concurrent-" + name, true)]));
  const speedup = concurrent.speedup === null ? "-" : concurrent.speedup.toFixed(1) + "x";
  table.appendChild(row([cell("speed-up"), cell(""), cell(speedup, "speedup", true)]));
  if (concurrent.unfair) table.appendChild(row([el("td", { colspan: 3 }, "no fair comparison: " + concurrent.unfair)]));
}

function drawSweep(sweep) {
  document.getElementById("sweep-section").hidden = false;
  const recommendation = document.getElementById("recommendation");
  recommendation.textContent = sweep.recommended === null
      ? `Recommended: ${sweep.why ?? "none, no level ran"}`
      : `Recommended: -j ${sweep.recommended}: ${sweep.why}`;
  recommendation.dataset.level = String(sweep.recommended);
  const chart = document.getElementById("sweep");
  const levels = sweep.levels;
  const width = 720, height = 260, left = 60, bottom = 30, top = 12;
  const most = Math.max(1, ...levels.map((l) => l.req_per_s));
  const x = (i) => left + (levels.length === 1 ? 0 : i * (width - left - 20) / (levels.length - 1));
  const y = (rate) => top + (height - top - bottom) * (1 - rate / most);
  chart.appendChild(svg("line", { class: "axis", x1: left, y1: height - bottom, x2: width, y2: height - bottom }));
  chart.appendChild(svg("text", { x: 0, y: top + 8 }, most.toFixed(0) + " req/s"));
  chart.appendChild(svg("polyline", { class: "sweep-line",
                                      points: levels.map((l, i) => `${x(i)},${y(l.req_per_s)}`).join(" ") }));
  levels.forEach((l, i) => {
    const chosen = l.level === sweep.recommended ? " chosen" : "";
    const point = svg("circle", { class: "sweep-point" + chosen, cx: x(i), cy: y(l.req_per_s), r: 5 });
    point.appendChild(svg("title", {}, `-j ${l.level}: ${l.req_per_s.toFixed(1)} req/s, p99 ${ms(l.latency_ms.p99)}`));
    chart.appendChild(point);
    chart.appendChild(svg("text", { x: x(i) - 8, y: height - bottom + 16 }, "-j " + l.level));
    if (l.level === sweep.knee)
      chart.appendChild(svg("line", { class: "knee", x1: x(i), y1: top, x2: x(i), y2: height - bottom }));
  });
  const table = document.getElementById("sweep-table");
  table.appendChild(row(["-j", "wall", "req/s", "p50", "p90", "p99", "speed-up", "trouble"]
                        .map((h) => el("th", { class: "num" }, h))));
  for (const l of levels) {
    table.appendChild(row([cell(l.level, null, true), cell(ms(l.wall_ms), null, true),
                           cell(l.req_per_s.toFixed(1), "level-" + l.level + "-req_per_s", true),
                           cell(ms(l.latency_ms.p50), null, true), cell(ms(l.latency_ms.p90), null, true),
                           cell(ms(l.latency_ms.p99), null, true), cell(l.speedup.toFixed(1) + "x", null, true),
                           cell(l.trouble, null, true)], { class: "sweep-row" }));
  }
}

document.getElementById("generated").textContent =
    `${data.generator}, ${data.generated_at}` + (data.command ? `: ${data.command}` : "");
if (data.shown) {
  const shown = document.getElementById("shown");
  shown.textContent = "The URLs at " + data.shown;
  shown.hidden = false;
}
if (data.summary) {
  drawCards(data.summary);
  drawStatuses(data.summary);
  drawHistogram(data.summary, data.histogram);
  if (data.sequential) drawCompare(data.sequential, data.summary);
} else {
  for (const id of ["status-section", "histogram-section"]) document.getElementById(id).hidden = true;
}
drawLegend();
drawWaterfall("waterfall-slowest", data.slowest);
drawWaterfall("waterfall-first", data.first);
drawFailures(data.failures, data.failures_not_listed);
if (data.sweep) drawSweep(data.sweep);
document.body.dataset.rendered = "yes";
</script>
</body>
</html>
)html";

}  // namespace

std::string html_page(const std::string& data_json) {
  std::string page = k_head;
  page += data_json;
  page += k_tail;
  return page;
}

}  // namespace cofetch::report
