(function () {
  "use strict";
  var doc = document;
  var cards = Array.prototype.slice.call(doc.querySelectorAll("li.finding"));
  var current = -1;
  var status = doc.getElementById("status");

  // Highlights by finding number, indexed once (a highlight may belong to several findings).
  var byFinding = {};
  doc.querySelectorAll("mark.hl[data-f], .ref[data-f]").forEach(function (m) {
    m.getAttribute("data-f").split(" ").forEach(function (n) { (byFinding[n] = byFinding[n] || []).push(m); });
  });
  function marksOf(n) { return byFinding[String(n)] || []; }
  function visible() { return cards.filter(function (c) { return !c.hidden; }); }
  function evidenceOf(card) { return card.querySelector("details.evidence"); }

  // With the script running, the list is compact: each finding's evidence opens when it is chosen.
  cards.forEach(function (card) { var d = evidenceOf(card); if (d) { d.open = false; } });

  function select(card, scroll) {
    doc.querySelectorAll(".current").forEach(function (el) { el.classList.remove("current"); });
    var n = card.getAttribute("data-f");
    current = cards.indexOf(card);
    card.classList.add("current");
    var d = evidenceOf(card);
    if (d) { d.open = true; }
    var marks = marksOf(n).filter(function (m) { return m.tagName === "MARK"; });
    marks.forEach(function (m) { m.classList.add("current"); });
    card.focus({ preventScroll: true });
    if (scroll !== false) {
      if (marks.length) { marks[0].scrollIntoView({ block: "center" }); }
      card.scrollIntoView({ block: "nearest" });
    }
    var shown = visible();
    status.textContent = "Finding " + (shown.indexOf(card) + 1) + " of " + shown.length + ": " +
      card.getAttribute("data-code") + " " + card.querySelector(".msg").textContent;
  }
  function step(delta) {
    var shown = visible();
    if (!shown.length) { return; }
    var at = current >= 0 ? shown.indexOf(cards[current]) : -1;
    var next = at < 0 ? (delta > 0 ? 0 : shown.length - 1) : Math.min(Math.max(at + delta, 0), shown.length - 1);
    select(shown[next]);
  }

  doc.addEventListener("keydown", function (ev) {
    if (ev.altKey || ev.ctrlKey || ev.metaKey) { return; }
    var t = ev.target;
    var typing = t && t.tagName === "INPUT" && t.type !== "checkbox" && t.type !== "radio";
    if (t && (typing || t.tagName === "TEXTAREA" || t.tagName === "SELECT" || t.isContentEditable)) { return; }
    if (doc.querySelector("dialog[open]")) { return; }
    if (ev.key === "j" || ev.key === "ArrowDown") { step(1); ev.preventDefault(); }
    else if (ev.key === "k" || ev.key === "ArrowUp") { step(-1); ev.preventDefault(); }
  });

  doc.addEventListener("click", function (ev) {
    var t = ev.target;
    var rule = t.closest && t.closest("a[data-rule]");
    if (rule) { ev.preventDefault(); showRule(rule.getAttribute("data-rule")); return; }
    var hit = t.closest && t.closest("mark.hl[data-f], a.ref[data-f], .whole-note a[data-f]");
    if (hit && !hit.classList.contains("off")) {
      ev.preventDefault();
      var ids = hit.getAttribute("data-f").split(" ");
      var card = doc.getElementById("f-" + ids[0]);
      if (card) { select(card, false); card.scrollIntoView({ block: "nearest" }); }
      return;
    }
    var c = t.closest && t.closest("li.finding");
    if (c && !(t.closest("a") || t.closest("summary"))) { select(c); }
  });

  // The rule's explanation, one click away, without leaving the finding.
  var dialog = doc.getElementById("rule-dialog");
  function showRule(code) {
    var section = doc.getElementById("rule-" + code);
    if (!section || !dialog.showModal) { if (section) { section.scrollIntoView(); } return; }
    var body = doc.getElementById("rule-dialog-body");
    body.textContent = "";
    Array.prototype.forEach.call(section.childNodes, function (node) { body.appendChild(node.cloneNode(true)); });
    doc.getElementById("rule-dialog-title").textContent = code;
    dialog.showModal();
  }
  doc.getElementById("rule-dialog-close").addEventListener("click", function () { dialog.close(); });

  // Filters by severity and family.
  var form = doc.getElementById("filters");
  form.hidden = false;
  doc.getElementById("keys").hidden = false;
  function applyFilters() {
    var on = {};
    form.querySelectorAll("input").forEach(function (i) { on[i.name + ":" + i.value] = i.checked; });
    cards.forEach(function (card) {
      var show = on["severity:" + card.getAttribute("data-severity")] !== false &&
        on["family:" + card.getAttribute("data-family")] !== false;
      card.hidden = !show;
      marksOf(card.getAttribute("data-f")).forEach(function (m) { m.classList.toggle("off", !show); });
    });
    doc.getElementById("shown").textContent = "Showing " + visible().length + " of " + cards.length + " findings.";
  }
  form.addEventListener("change", applyFilters);
  applyFilters();

  // Printing shows everything, evidence open.
  var closed = [];
  window.addEventListener("beforeprint", function () {
    closed = Array.prototype.filter.call(doc.querySelectorAll("details.evidence"), function (d) { return !d.open; });
    closed.forEach(function (d) { d.open = true; });
  });
  window.addEventListener("afterprint", function () { closed.forEach(function (d) { d.open = false; }); });
})();
