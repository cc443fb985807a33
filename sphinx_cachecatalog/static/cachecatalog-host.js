/* sphinx-cachecatalog: "Does it run on my machine?" narrows spec tables to a host, ?host=linux-ubuntu22.04-zen3 */
(() => {
/* archspec's targets of the catalog's families, with their parents; the names of the others */
const { parents = {}, others = [] } = window.CacheCatalogTargets || {};
const names = [...Object.keys(parents), ...others];

/* A target and every target whose binaries run on it */
const lines = new Map();
const line = (target) => lines.get(target) || lines.set(target, new Set([target, ...(parents[target] || []).flatMap((parent) => [...line(parent)])])).get(target);
/* x86_64, aarch64: the root of a known target's line */
const family = (target) => parents[target] && [...line(target)].find((t) => !parents[t].length);

/* As spack arch prints it: {platform, os, target, text}, or null */
const parseHost = (text) => {
  const [platform, os, ...rest] = text.trim().toLowerCase().split("-");
  const target = rest.join("-");
  return platform && os && target ? { platform, os, target, text: `${platform}-${os}-${target}` } : null;
};

/* Why a binary for `arch` does not run on `host` ("" when it does); a target unknown to archspec runs only on itself */
const why = (arch, host) => {
  const built = family(arch.target);
  const own = parents[host.target] ? family(host.target) : others.includes(host.target) ? "" : null;
  return arch.platform !== host.platform ? "for " + (arch.platform || "no platform")
    : built && own !== null && built !== own ? "for " + built
    : arch.os !== host.os ? "for another OS"
    : line(host.target).has(arch.target) ? ""
    : !built || !own ? "built for another target"
    : line(arch.target).has(host.target) ? "built for a newer target" : "built for another CPU line";
};

const distance = (a, b) => {
  const row = [...Array(b.length + 1).keys()];
  for (let i = 1; i <= a.length; i++) {
    let corner = row[0]++;
    for (let j = 1; j <= b.length; j++) [corner, row[j]] = [row[j], Math.min(row[j] + 1, row[j - 1] + 1, corner + (a[i - 1] !== b[j - 1]))];
  }
  return row[b.length];
};
/* Known names close to a typo, closest first */
const close = (word) => names.map((name) => [distance(word, name), name]).filter(([d]) => d <= Math.max(2, word.length / 3))
  .sort((a, b) => a[0] - b[0] || (a[1] < b[1] ? -1 : 1)).slice(0, 3).map(([, name]) => name);

const tables = (window.CacheCatalogFilter?.tables || []).filter((table) => table.arch >= 0 && table.noun === "specs");
if (!tables.length) return;
const arch = (table, i) => {
  const [platform, os, target] = table.raw(i).slice(table.width).map(([value]) => value.toLowerCase());
  return { platform, os, target };
};
const seen = { os: new Set(), target: new Set() };
tables.forEach((table) => table.rows.forEach((_, i) => {
  const { platform, os, target } = arch(table, i);
  if (target) seen.os.add(platform + "-" + os) && seen.target.add(target);
}));

/* above the first table's filter, and the variants said once above it */
const id = "cachecatalog-host";
let place = tables[0].input.parentNode;
if (place.previousElementSibling?.matches(".cachecatalog-shared")) place = place.previousElementSibling;
place.insertAdjacentHTML("beforebegin", `<fieldset class="${id}"><legend>Does it run on my machine?</legend>
<label for="${id}">Paste what <code>spack arch</code> prints</label> <input id="${id}" spellcheck="false" autocomplete="off"
placeholder="linux-ubuntu22.04-zen3" aria-describedby="${id}-status"> <span>or pick <span><label for="${id}-os">OS</label> <select id="${id}-os"></select></span>
<span><label for="${id}-target">Target</label> <select id="${id}-target"></select></span></span> <button type="button">Clear</button><p id="${id}-status" aria-live="polite"></p></fieldset>`);
const box = place.previousSibling;
const [input, clear, status] = ["input", "button", "p"].map((tag) => box.querySelector(tag));
const [os, target] = box.querySelectorAll("select");
const choices = (into, values) => into.append(...values.map((value) => new Option(value || "choose", value)));
choices(os, ["", ...[...seen.os].sort()]);
choices(target, [""]);
const groups = {};
for (const name of [...Object.keys(parents), ...seen.target]) (groups[family(name) || "~"] ||= new Set()).add(name);
for (const name of Object.keys(groups).sort()) {
  const label = name === "~" ? "unknown to archspec" : name;
  choices(target.appendChild(Object.assign(document.createElement("optgroup"), { label })), [...groups[name]].sort());
}

/* Narrow the tables to the host `text`; say what is wrong with it when `loud` */
const set = (text, loud) => {
  const host = parseHost(text);
  const known = host && (names.includes(host.target) || seen.target.has(host.target));
  const hidden = {};
  let [runs, all] = [0, 0];
  tables.forEach((table) => {
    table.keep = known && table.rows.map((_, i) => {
      const reason = why(arch(table, i), host);
      all++;
      reason ? (hidden[reason] = (hidden[reason] || 0) + 1) : runs++;
      return !reason;
    });
    table.render();
  });
  const near = host && close(host.target);
  const reasons = Object.entries(hidden).sort((a, b) => b[1] - a[1]).map(([reason, n]) => `${n} ${reason}`);
  status.textContent = known ? `${runs} of ${all} ${tables[0].noun} run on ${host.text}.` + (reasons.length ? ` Hidden: ${reasons.join(", ")}.` : "")
    : !loud || !text.trim() ? ""
    : !host ? "Paste the arch as spack arch prints it, platform-os-target: linux-ubuntu22.04-zen3."
    : `archspec knows no target ${host.target}${near.length ? ": did you mean " + near.join(", ") + "?" : "."} All specs are shown.`;
  clear.hidden = !text.trim();
  if (known) {
    for (const [select, value] of [[os, host.platform + "-" + host.os], [target, host.target]]) {
      if (![...select.options].some((option) => option.value === value)) choices(select, [value]);
      select.value = value;
    }
  }
  const params = new URLSearchParams(location.search);
  known ? params.set("host", host.text) : params.delete("host");
  const search = params.toString() ? "?" + params : "";
  if (search !== location.search) history.replaceState(history.state, "", location.pathname + search + location.hash);
};

input.oninput = (event) => set(input.value, event.inputType === "insertFromPaste");
input.onchange = () => set(input.value, true);
os.onchange = target.onchange = () => os.value && target.value && set((input.value = os.value + "-" + target.value), true);
clear.onclick = () => {
  set((input.value = os.value = target.value = ""), true);
  input.focus();
};
set((input.value = new URLSearchParams(location.search).get("host") || ""), true);
})();
