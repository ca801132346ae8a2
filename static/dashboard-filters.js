// Dashboard filters that answer (issue 21), on the pages of datasette-dashboards (plugins/dashboard_filters.py):
// date inputs read and write ISO dates (YYYY-MM-DD, whatever the reader's locale); a filter value the charts cannot
// read is refused with a message that names the filter and what it accepts, and no chart is drawn from it; a chart
// whose query matches nothing shows a sentence saying so and which filters exclude everything, never an empty frame.
(function () {
  "use strict";
  const ISO = /^\d{4}-\d{2}-\d{2}$/;
  let problems = null;  // the refusals, worked out once the filter form is in the page

  function isoDate(text) {
    if (!ISO.test(text)) return false;
    const d = new Date(text + "T00:00:00Z");
    return !isNaN(d) && d.toISOString().slice(0, 10) === text;
  }

  function label(input) {
    const legend = input.closest("fieldset") && input.closest("fieldset").querySelector("legend");
    return legend ? legend.textContent.trim() : input.name;
  }

  function inputs() {
    return [...document.querySelectorAll(".dashboard-filters input[name], .dashboard-filters select[name]")]
      .filter((el) => el.type !== "submit" && el.type !== "hidden");
  }

  function isoInputs() {  // a native date input shows the reader's locale (mm/dd/yyyy): text, in ISO, instead
    const params = new URLSearchParams(location.search);
    for (const el of document.querySelectorAll(".dashboard-filters input[type=date]")) {
      el.type = "text";
      if (params.get(el.name) !== null) el.value = params.get(el.name);  // as typed: a date input drops what it cannot read
      el.dataset.date = "1";
      el.placeholder = "YYYY-MM-DD";
      el.pattern = "\\d{4}-\\d{2}-\\d{2}";
      el.title = "A date as YYYY-MM-DD, e.g. 2020-01-31";
      el.size = 12;
    }
  }

  function refusals() {
    const params = new URLSearchParams(location.search);
    const out = [];
    const dates = {};
    for (const el of inputs()) {
      const value = params.get(el.name);
      if (value === null || value === "") continue;
      if (el.dataset.date) {
        if (!isoDate(value)) out.push(`${label(el)} (${el.name}): "${value}" is not a date; write it as YYYY-MM-DD, e.g. 2020-01-31.`);
        else dates[el.name] = value;
      } else if (el.tagName === "SELECT") {
        const offered = [...el.options].map((o) => o.value).filter((v) => v !== "");
        if (!offered.includes(value)) {
          out.push(`${label(el)} (${el.name}): "${value}" is not one of the values these charts have: ${offered.join(", ")}.`);
        }
      }
    }
    for (const [name, from] of Object.entries(dates)) {
      const toName = name.replace(/_from$/, "_to");
      const to = dates[toName];
      if (name.endsWith("_from") && to !== undefined && to < from) {
        const toInput = inputs().find((el) => el.name === toName);
        out.push(`${label(toInput)} (${to}) is before ${label(inputs().find((el) => el.name === name))} (${from}): no date lies in that range; swap them.`);
      }
    }
    return out;
  }

  function inEffect() {
    const params = new URLSearchParams(location.search);
    return inputs().filter((el) => params.get(el.name)).map((el) => `${label(el)} = ${params.get(el.name)}`);
  }

  function say(el, cls, text) {
    el.innerHTML = "";
    const p = document.createElement("p");
    p.className = cls;
    p.textContent = text;
    el.appendChild(p);
  }

  function setUp() {
    if (problems !== null || !document.querySelector(".dashboard-grid")) return;
    isoInputs();
    problems = refusals();
    if (problems.length) {
      const box = document.createElement("div");
      box.className = "dashboard-problems";
      box.setAttribute("role", "alert");
      const list = document.createElement("ul");
      for (const text of problems) {
        const li = document.createElement("li");
        li.textContent = text;
        list.appendChild(li);
      }
      const intro = document.createElement("p");
      intro.textContent = "These filters cannot be read, so no chart is drawn from them:";
      box.append(intro, list);
      document.querySelector(".dashboard-grid").before(box);
    }
  }

  // vega-embed defines window.vegaEmbed when it loads (after this script): every chart is drawn through this wrapper
  let embed;
  Object.defineProperty(window, "vegaEmbed", {
    configurable: true,
    get() {
      return embed && function (el, spec, options) {
        setUp();
        const target = typeof el === "string" ? document.querySelector(el) : el;
        if (problems && problems.length) {
          say(target, "chart-refused", "Not drawn: a filter above cannot be read (see the message at the top).");
          return Promise.resolve(null);
        }
        const rows = spec && spec.data && Array.isArray(spec.data.values) ? spec.data.values : null;
        const filters = inEffect();
        const nothing = filters.length
          ? `Nothing matches ${filters.join(" and ")}: no row of this chart meets ${filters.length > 1 ? "them all" : "it"}. Clear or widen a filter to see its data.`
          : "Nothing to draw: this chart's query returns no rows.";
        if (rows && rows.length === 0) {
          say(target, "chart-empty", nothing);
          return Promise.resolve(null);
        }
        // a chart that draws its data as points or bars (the `mark` column of each row, site.yml's convention) and has
        // none left after the filters still draws its lines (the fits), under the sentence
        const layers = JSON.stringify(spec.layer || spec.encoding || {});
        const dataMarks = ["point", "bar"].filter((m) => layers.includes(`'${m}'`));
        if (rows && dataMarks.length && rows.every((r) => !dataMarks.includes(r.mark))) {
          const p = document.createElement("p");
          p.className = "chart-empty";
          p.textContent = nothing;
          target.before(p);
        }
        return embed(el, spec, options);
      };
    },
    set(value) { embed = value; },
  });
  document.addEventListener("DOMContentLoaded", setUp);
})();
