/* sphinx-cachecatalog: filter, sort, chips, downloads; views in ?cc0=gcc%4013 */
(() => {
/* gcc@=11.4.0 (older tags) is gcc@11.4.0 */
const normalize = (text) => text.toLowerCase().split("@=").join("@");

/* Per word: {value, column (-1: any; "os:"), exact ("os:=")} */
const parseQuery = (query, keys) =>
  normalize(query).split(/\s+/).filter(Boolean).map((word) => {
    const colon = word.indexOf(":");
    const key = word.slice(0, colon);
    let column = -1;
    if (colon > 0 && colon < word.length && /^[a-z]+$/.test(key)) {
      column = keys.indexOf(key) < 0 ? keys.indexOf(key.replace(/s$/, "")) : keys.indexOf(key);
      word = word.slice(colon + 1);
    }
    const exact = column >= 0 && word[0] === "=" && word.length > 1;
    return { value: exact ? word.slice(1) : word, column, exact };
  });

/* 4.0 starts 4.0.1, not 4.01 */
const startsItem = (items, value) => {
  const open = !/[a-z0-9]$/.test(value);
  for (let at = items.indexOf("\n" + value); at >= 0; at = items.indexOf("\n" + value, at + 1)) {
    if (open || !/[a-z0-9]/.test(items.charAt(at + 1 + value.length))) return true;
  }
  return false;
};

const matches = (row, terms, kinds) =>
  terms.every(({ value, column, exact }) => {
    if (column < 0) return row.all.includes(value);
    const cell = row.cells[column];
    if (exact) return cell.includes("\n" + value + "\n");
    return /^(version|compiler)$/.test(kinds[column]) ? startsItem(cell, value) : cell.includes(value);
  });

/* Spack's version order, as catalog/versions.py */
const INFINITY = ["develop", "main", "master", "head", "trunk", "stable"];
const PRERELEASE = ["dev", "alpha", "a", "beta", "b", "pre", "rc"];
const versionKey = (text) => {
  const parts = (text.match(/\d+|[A-Za-z]+/g) || []).map((part) => {
    const word = part.toLowerCase();
    if (/^\d/.test(part)) return [3, parseInt(part, 10), ""];
    if (INFINITY.includes(word)) return [4, -INFINITY.indexOf(word), ""];
    if (PRERELEASE.includes(word)) return [0, PRERELEASE.indexOf(word), ""];
    return [2, 0, word];
  });
  parts.push([1, 0, ""]);
  return { parts, text };
};
const compareText = (a, b) => (a < b ? -1 : a > b ? 1 : 0);
const compareVersionKeys = (a, b) => {
  for (let i = 0; i < Math.min(a.parts.length, b.parts.length); i++) {
    const [p, q] = [a.parts[i], b.parts[i]];
    const c = p[0] - q[0] || p[1] - q[1] || compareText(p[2], q[2]);
    if (c) return c;
  }
  return a.parts.length - b.parts.length || compareText(a.text, b.text);
};

const sortKey = (kind, text, value) => {
  if (value) return Number(value);
  const first = normalize(text);
  if (!first || first === "\u2014") return null;
  if (kind === "version") return versionKey(first);
  if (kind === "compiler") {
    const at = (first + "@").indexOf("@");
    const key = versionKey(first.slice(at + 1));
    key.parts.unshift([2, 0, first.slice(0, at)]);
    return key;
  }
  if (kind === "number") return parseFloat(first) || 0;
  return first;
};
const compareKeys = (a, b) => (a.parts ? compareVersionKeys(a, b) : typeof a === "number" ? a - b : compareText(a, b));

/* stable, unknown last */
const sortOrder = (kind, keys, descending) =>
  keys.map((_, i) => i).sort((i, j) => {
    const [a, b] = [keys[i], keys[j]];
    const c = a === null || b === null ? (a === null) - (b === null) : compareKeys(a, b) * (descending ? -1 : 1);
    return c || i - j;
  });

const readState = (search, index) => {
  const params = new URLSearchParams(search);
  return { query: params.get("cc" + index) || "", sort: params.get("cc" + index + "s") || "" };
};
const writeState = (search, index, state) => {
  const params = new URLSearchParams(search);
  [["cc" + index, state.query], ["cc" + index + "s", state.sort]].forEach(([name, value]) =>
    value ? params.set(name, value) : params.delete(name));
  return params.toString() ? "?" + params : "";
};
window.CacheCatalogFilter = { normalize, parseQuery, matches, versionKey, sortKey, sortOrder, readState, writeState };

const PAGE = 30; /* rows in the page at once; more on scroll */
const SHOW = 3; /* variants in a cell before "+N more" */
const ARCH = ["platform", "os", "target"];
const CHIPS = [...ARCH, "compiler", "stack", "variant"];

const element = (tag, className = "", textContent = "") =>
  Object.assign(document.createElement(tag), { className, textContent }, tag === "button" && { type: "button" });
const idle = window.requestIdleCallback || setTimeout;
const words = (query) => query.split(/\s+/).filter(Boolean);
const label = (node, text) => node.setAttribute("aria-label", text);

class Table {
  constructor(tbody, index) {
    const table = tbody.parentNode;
    const id = "cachecatalog-" + index;
    const heads = table.tHead ? [...table.tHead.rows[0].cells] : [];
    const data = (name) => heads.map((th) => th.getAttribute("data-" + name));
    Object.assign(this, { tbody, index, heads, noun: tbody.dataset.noun, rows: [...tbody.rows], raws: [], texts: [] });
    Object.assign(this, { keys: data("key"), kinds: data("sort"), seps: data("sep"), width: heads.length });
    Object.assign(this, { query: "", sort: "", limit: PAGE, sortKeys: {} });
    this.order = this.rows.map((_, i) => i);
    /* the arch's parts as columns of their own */
    this.arch = this.keys.indexOf("arch");
    if (this.arch >= 0) ARCH.forEach((key) => this.keys.push(key) && this.kinds.push("text"));

    const box = tbody.closest(".cachecatalog");
    let place = table;
    while (place.parentNode !== box) place = place.parentNode;
    /* variants said once above the table are every row's */
    const note = place.previousElementSibling;
    this.shared = note && note.matches(".cachecatalog-shared")
      ? note.textContent.replace(/^\s*All \d+ specs:/, "").trim().split(/\s+/) : [];

    const noun = this.noun;
    const button = (name, text, more = "") => `<button type="button" class="cachecatalog-${name}"${more}>${text}</button>`;
    const download = (type) => button("download", type, ` aria-label="Download the ${noun} shown as ${type}"`);
    place.insertAdjacentHTML("beforebegin", `<div class="cachecatalog-controls"><label for="${id}">Filter ${noun}</label>
<input type="search" class="cachecatalog-filter" id="${id}" aria-describedby="${id}-count" placeholder="${noun === "specs"
  ? "gcc@13 os:ubuntu24.04 target:aarch64" : "py- compiler:gcc@13"}"><span class="cachecatalog-count" id="${id}-count" aria-live="polite">
</span>${button("reset", "Reset")}${download("CSV")}${download("JSON")}<span class="cachecatalog-active"></span></div>`);
    place.insertAdjacentHTML("afterend", button("more", ""));
    const [input, count, reset, csv, json, active] = place.previousSibling.querySelectorAll("input, span, button");
    Object.assign(this, { input, count, reset, active, more: place.nextSibling });
    input.oninput = () => this.setQuery(input.value, true);
    reset.onclick = () => this.setQuery("") || input.focus();
    for (const button of [csv, json]) button.onclick = () => this.download(button.textContent);
    this.more.onclick = () => this.showMore();
    table.onclick = (event) => this.click(event.target);
    new IntersectionObserver((seen) => seen[0].isIntersecting && this.showMore(), { rootMargin: "600px" }).observe(this.more);
    addEventListener("beforeprint", () => (this.limit = Infinity) && this.render());
    heads.forEach((th, column) => {
      th.innerHTML = button("sort", th.innerHTML + '<span class="cachecatalog-sort-icon" aria-hidden="true"></span>');
      th.firstChild.onclick = () => {
        const key = this.keys[column];
        this.sortBy(this.sort === key ? "-" + key : this.sort === "-" + key ? "" : key);
        this.save();
      };
    });
  }

  /* Row i's values as written, per column */
  raw(i) {
    if (!this.raws[i]) {
      const values = [...this.rows[i].cells].map((td, c) => {
        const text = td.querySelector(".external")?.href || td.textContent.trim();
        return !text || text === "\u2014" ? [] : this.seps[c] ? text.split(this.seps[c]) : [text];
      });
      if (this.arch >= 0) {
        const parts = (values[this.arch][0] || "").split("-");
        values.push([parts[0]], [parts[1] || ""], [parts.slice(2).join("-")]);
      }
      this.raws[i] = values;
    }
    return this.raws[i];
  }

  /* ... with the shared variants */
  values(i) {
    return this.raw(i).map((values, c) => (this.keys[c] === "variant" ? [...values, ...this.shared] : values));
  }

  /* ... for the filter: one per line */
  text(i) {
    if (!this.texts[i]) {
      const cells = this.values(i).map((values) => "\n" + normalize(values.join("\n")) + "\n");
      this.texts[i] = { all: cells.join(""), cells };
    }
    return this.texts[i];
  }

  setQuery(query, typed) {
    const terms = parseQuery(query, this.keys);
    if (!typed) this.input.value = query;
    this.query = query;
    this.hits = terms.length ? this.rows.map((_, i) => matches(this.text(i), terms, this.kinds)) : null;
    this.limit = PAGE;
    this.render();
    this.reset.hidden = !terms.length;
    const list = words(query);
    this.active.replaceChildren(...list.map((word, n) => {
      const button = element("button", "cachecatalog-chip", word);
      label(button, `Remove ${word} from the filter`);
      button.onclick = () => {
        list.splice(n, 1);
        this.setQuery(list.join(" "));
        (this.active.firstChild || this.input).focus();
      };
      return button;
    }));
    this.save();
  }

  /* hits: the filter's; keep: the host's (cachecatalog-host.js) */
  shown() {
    return this.order.filter((i) => (!this.hits || this.hits[i]) && (!this.keep || this.keep[i]));
  }

  /* Only the first `limit` matching rows are in the page */
  render() {
    const matched = this.shown();
    const shown = matched.slice(0, this.limit);
    const rows = this.tbody.rows;
    let same = rows.length === shown.length;
    shown.forEach((i, n) => (same = same && rows[n] === this.rows[i]));
    if (!same) this.tbody.replaceChildren(...shown.map((i) => this.rows[i]));
    /* chips later: a keystroke lays out text */
    idle(() => shown.forEach((i) => this.enhance(i)));
    this.count.textContent = `${matched.length} of ${this.rows.length} ${this.noun}`;
    this.more.hidden = shown.length === matched.length;
    this.more.textContent = `Show more (${matched.length - shown.length} left)`;
  }

  /* Values as buttons that add "key:=value"; after SHOW variants, "+N more" */
  chips(into, key, values, sep) {
    into.replaceChildren();
    values.forEach((text, n) => {
      if (n === SHOW && key === "variant" && values.length > SHOW + 1) {
        const more = into.appendChild(element("button", "cachecatalog-expand", `+${values.length - n} more`));
        into = more.insertAdjacentElement("beforebegin", element("span", ""));
        into.hidden = true;
      }
      const part = key === "arch" ? ARCH[n] : key;
      const button = element("button", "cachecatalog-chip", text);
      const at = text.search(/[@=]/) + 1; /* intel-oneapi-compilers@<wbr>2025.1.0 */
      if (text.length > 16 && at) button.replaceChildren(text.slice(0, at), element("wbr"), text.slice(at));
      button.value = part + ":=" + normalize(text.replace(/ \(\d+\)$/, ""));
      label(button, `Filter ${this.noun} by ${part} ${text}`);
      if (values.length < 2) return into.append(button);
      const whole = into.appendChild(element("span", ""));
      whole.append(button);
      if (n === values.length - 1) return;
      whole.append(sep.trim());
      into.append(sep === "-" ? "" : " ");
    });
  }

  enhance(i) {
    const row = this.rows[i];
    if (row.enhanced) return;
    row.enhanced = true;
    const raw = this.raw(i);
    [...row.cells].forEach((td, c) => {
      const key = this.keys[c];
      const values = key === "arch" && raw[c].length ? raw.slice(this.width).map((v) => v[0]) : raw[c];
      if (!values.length) return;
      if (key === "hash") {
        const copy = td.appendChild(element("button", "cachecatalog-copy", "copy"));
        copy.value = values[0];
        label(copy, "Copy the full hash " + values[0]);
      } else if (key === "arch" || CHIPS.includes(key)) this.chips(td, key, values, key === "arch" ? "-" : this.seps[c] || "");
    });
  }

  click(target) {
    const is = (name) => target.classList.contains("cachecatalog-" + name);
    if (is("chip")) {
      const list = words(this.query);
      if (!list.includes(target.value)) this.setQuery([...list, target.value].join(" "));
    } else if (is("expand")) {
      target.hidden = !(target.previousSibling.hidden = false);
      target.previousSibling.querySelector("button").focus();
    } else if (is("copy")) {
      /* no clipboard over http: select it */
      if (!navigator.clipboard) return getSelection().selectAllChildren(target.previousSibling);
      navigator.clipboard.writeText(target.value).then(() => {
        target.textContent = "copied";
        setTimeout(() => (target.textContent = "copy"), 1500);
      });
    }
  }

  showMore() {
    if (this.more.hidden) return;
    this.limit += PAGE;
    this.render();
    if (this.more.getBoundingClientRect().top < innerHeight + 600) requestAnimationFrame(() => this.showMore());
  }

  sortBy(sort) {
    const descending = sort[0] === "-";
    const column = this.keys.indexOf(descending ? sort.slice(1) : sort);
    const kind = this.kinds[column];
    this.sort = column < 0 ? "" : sort;
    this.sortKeys[column] ||= this.rows.map((tr, i) => sortKey(kind, this.raw(i)[column]?.[0] || "", tr.cells[column]?.dataset.value));
    this.order = this.sort ? sortOrder(kind, this.sortKeys[column], descending) : this.rows.map((_, i) => i);
    this.heads.forEach((th, i) =>
      i === column ? th.setAttribute("aria-sort", descending ? "descending" : "ascending") : th.removeAttribute("aria-sort"));
    this.render();
  }

  save() {
    const search = writeState(location.search, this.index, { query: this.query.trim(), sort: this.sort });
    if (search !== location.search) history.replaceState(history.state, "", location.pathname + search + location.hash);
  }

  /* The rows shown as a file */
  download(type) {
    const columns = this.heads.flatMap((th, c) => (c === this.arch ? ["Platform", "OS", "Target"].map((key, n) => [key, this.width + n]) : [[th.textContent, c]]));
    const records = this.shown().map((i) => {
      const values = this.values(i);
      return columns.map(([, c]) => {
        const [first = null] = values[c];
        const number = this.rows[i].cells[c]?.dataset.value || (this.kinds[c] === "number" && first);
        return number ? Number(number) : this.seps[c] ? values[c] : first;
      });
    });
    const csv = (value, n) => {
      value = value === null ? "" : [].concat(value).join(this.seps[columns[n][1]]);
      return /[",\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
    };
    const text = type === "JSON"
      ? JSON.stringify(records.map((record) => Object.fromEntries(columns.map(([name], n) => [name.toLowerCase(), record[n]]))), null, 1)
      : [columns.map(([name]) => name), ...records].map((record) => record.map(csv).join(",") + "\r\n").join("");
    const link = element("a", "");
    link.href = URL.createObjectURL(new Blob([text], { type: type === "JSON" ? "application/json" : "text/csv" }));
    link.download = `${location.pathname.split("/").pop().replace(/\.html$/, "") || "index"}-${this.noun}.${type.toLowerCase()}`;
    link.click();
    URL.revokeObjectURL(link.href);
  }
}

const tables = (window.CacheCatalogFilter.tables = []);
document.querySelectorAll(".cachecatalog table > tbody[data-noun]").forEach((tbody, index) => {
  const table = new Table(tbody, index);
  tables.push(table);
  const state = readState(location.search, index);
  const summary = tbody.closest(".cachecatalog").querySelector("table:is(.cachecatalog-summary, .cachecatalog-stack-totals)");
  for (const tr of summary?.rows || []) {
    const key = tr.cells[0].textContent.trim().toLowerCase().replace(/s$/, "");
    const p = tr.cells[1]?.firstElementChild;
    if ([...CHIPS, "version"].includes(key) && table.keys.includes(key) && p && p.textContent !== "\u2014") table.chips(p.firstElementChild || p, key, p.textContent.split(", "), ", ");
    summary.onclick = (event) => table.click(event.target);
  }
  if (state.sort) table.sortBy(state.sort);
  table.setQuery(state.query);
  /* read the rows before a keystroke */
  idle(() => table.rows.forEach((_, i) => table.text(i)));
});
})();
