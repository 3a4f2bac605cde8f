(function () {
  "use strict";
  // The sample explorer: renders the page's JSON block with createElement/textContent only,
  // so a model's output is always text, never markup. No request leaves the page.
  var holder = document.getElementById("explorer-data");
  var root = document.getElementById("explorer-samples");
  var taskFilter = document.getElementById("filter-task");
  var statusFilter = document.getElementById("filter-status");
  var count = document.getElementById("filter-count");
  if (!holder || !root || !taskFilter || !statusFilter || !count) { return; }
  var data = JSON.parse(holder.textContent);
  var L = data.labels;
  var STATUSES = { ok: "ok", error: "error", unparsed: "unparsed" };

  function el(tag, cls, text) {
    var node = document.createElement(tag);
    if (cls) { node.className = cls; }
    if (text !== undefined && text !== null) { node.textContent = String(text); }
    return node;
  }
  function score(value) {
    return (value === null || value === undefined) ? "\u2014" : Number(value).toFixed(4);
  }
  function clipped(text) {
    if (text === null || text === undefined) { return "\u2205"; }
    text = String(text);
    return text.length > L.limit ? text.slice(0, L.limit) + L.truncated : text;
  }
  function kv(label, text, cls) {
    var box = el("div", "kv" + (cls ? " " + cls : ""));
    box.appendChild(el("span", "k", label));
    box.appendChild(el("pre", null, clipped(text)));
    return box;
  }
  function badge(status) {
    var known = STATUSES[status] || "error";
    return el("span", "badge " + known, status);
  }

  function variantBlock(doc, v, prompts) {
    var box = el("div", "variant");
    if (v.variant) {
      var h = el("h5", null, L.variant + " ");
      h.appendChild(el("code", null, v.variant));
      box.appendChild(h);
    }
    var prompt = el("details", "prompt");
    prompt.appendChild(el("summary", null, L.prompt));
    var messages = prompts && prompts[v.variant];
    if (messages && messages.length) {
      messages.forEach(function (m) {
        var msg = el("div", "msg");
        msg.appendChild(el("span", "role", m.role));
        msg.appendChild(el("pre", null, clipped(m.content)));
        prompt.appendChild(msg);
      });
    } else {
      prompt.appendChild(el("p", "sub", L.no_prompt));
    }
    box.appendChild(prompt);
    if (v.response_status !== "ok") {
      var err = el("p", "err");
      err.appendChild(el("span", "badge error", v.error_kind || L.error));
      err.appendChild(document.createTextNode(" " + (v.error_message || "")));
      box.appendChild(err);
    }
    if (v.reasoning) { box.appendChild(kv(L.reasoning, v.reasoning, "reasoning")); }
    box.appendChild(kv(L.raw_response, v.text, "raw"));
    var trace = el("div", "kv");
    trace.appendChild(el("span", "k", L.extraction));
    var steps = el("ol", "trace");
    (v.trace || []).forEach(function (step) {
      var li = el("li");
      li.appendChild(el("code", null, step[0]));
      li.appendChild(document.createTextNode(" \u2192 "));
      var out = step[1];
      li.appendChild(el("pre", null, clipped(typeof out === "string" || out === null ? out : JSON.stringify(out))));
      steps.appendChild(li);
    });
    var last = el("li", "final", L.extracted + ": ");
    if (v.unparsed) { last.appendChild(badge("unparsed")); } else { last.appendChild(el("pre", null, clipped(v.answer))); }
    steps.appendChild(last);
    trace.appendChild(steps);
    box.appendChild(trace);
    if (data.references) {
      var refs = doc.references || {};
      box.appendChild(kv(L.reference, Object.prototype.hasOwnProperty.call(refs, v.variant) ? refs[v.variant] : "\u2014", "ref"));
    }
    return box;
  }

  function body(doc) {
    var box = el("div", "sample-body");
    var chips = el("p", "scores");
    Object.keys(doc.scores || {}).forEach(function (metric) {
      var chip = el("span", "chip");
      chip.appendChild(el("code", null, metric));
      chip.appendChild(document.createTextNode(" " + score(doc.scores[metric])));
      chips.appendChild(chip);
    });
    box.appendChild(chips);
    var prompts = data.prompts[doc.track + "/" + doc.task + "/" + doc.sample_id];
    (doc.variants || []).forEach(function (v) { box.appendChild(variantBlock(doc, v, prompts)); });
    return box;
  }

  function card(doc, primary) {
    var node = el("details", "sample");
    node.setAttribute("data-task", doc.track + "/" + doc.task);
    node.setAttribute("data-status", doc.status);
    node.setAttribute("data-sample", doc.sample_id);
    var summary = el("summary");
    summary.appendChild(badge(doc.status));
    summary.appendChild(el("code", "sid", doc.sample_id));
    var metric = el("span", "metric", primary + " = ");
    metric.appendChild(el("strong", null, score((doc.scores || {})[primary])));
    summary.appendChild(metric);
    var first = (doc.variants || [])[0] || {};
    summary.appendChild(el("span", "answer", "\u2192 " + (first.answer === null || first.answer === undefined ? "\u2205" : first.answer)));
    node.appendChild(summary);
    var built = false;
    function build() { if (!built) { built = true; node.appendChild(body(doc)); } }
    node.addEventListener("toggle", function () { if (node.open) { build(); } });
    node.buildNow = build;
    return node;
  }

  var sections = {};
  data.tasks.forEach(function (task) {
    var section = el("section", "task-samples");
    section.setAttribute("data-task", task.key);
    var h = el("h3", null, task.label + " ");
    h.appendChild(el("code", null, task.key));
    h.appendChild(el("span", "sub", " " + task.shown + " / " + task.total));
    section.appendChild(h);
    root.appendChild(section);
    sections[task.key] = { node: section, primary: task.primary };
  });
  data.samples.forEach(function (doc) {
    var section = sections[doc.track + "/" + doc.task];
    if (section) { section.node.appendChild(card(doc, section.primary)); }
  });
  var firstCard = root.querySelector("details.sample");
  if (firstCard) { firstCard.buildNow(); firstCard.open = true; }

  function apply() {
    var shown = 0;
    Object.keys(sections).forEach(function (key) {
      var section = sections[key].node;
      var visible = !taskFilter.value || key === taskFilter.value;
      section.hidden = !visible;
      section.querySelectorAll("details.sample").forEach(function (node) {
        var keep = visible && (!statusFilter.value || node.getAttribute("data-status") === statusFilter.value);
        node.hidden = !keep;
        if (keep) { shown += 1; }
      });
    });
    count.textContent = String(shown);
  }
  taskFilter.addEventListener("change", apply);
  statusFilter.addEventListener("change", apply);
  apply();
}());
