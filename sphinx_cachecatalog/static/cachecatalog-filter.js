/* sphinx-cachecatalog: the table script's pure helpers (no DOM), tested alone. */
(function (root) {
  "use strict";

  /* As the filter compares: lower case; gcc@=11.4.0 (older tags) is gcc@11.4.0. */
  function normalize(text) {
    return text.toLowerCase().split("@=").join("@");
  }

  var ALIASES = { versions: "version", compilers: "compiler", oss: "os", platforms: "platform",
    targets: "target", variants: "variant", stacks: "stack", packages: "package", name: "package" };

  /* The words of a query, each {value, column}: column is the index of the
     column a "column:value" word names, or -1 for the whole row (also when
     the table has no such column; os:, platform: and target: fall back to an
     "arch" column). */
  function parseQuery(query, keys) {
    return normalize(query).split(/\s+/).filter(Boolean).map(function (word) {
      var colon = word.indexOf(":");
      var key = word.slice(0, colon);
      var column = -1;
      if (colon > 0 && colon < word.length - 1 && /^[a-z]+$/.test(key)) {
        key = ALIASES[key] || key;
        column = keys.indexOf(key);
        if (column < 0 && /^(os|platform|target)$/.test(key)) column = keys.indexOf("arch");
        word = word.slice(colon + 1);
      }
      return { value: word, column: column };
    });
  }

  /* Whether `value` starts an item (items follow "\n") up to a boundary:
     4.0 finds 4.0 and 4.0.1, not 14.0 or 4.01; gcc@13 finds gcc@13.2.0. */
  function startsItem(items, value) {
    var open = !/[a-z0-9]$/.test(value);
    for (var at = items.indexOf("\n" + value); at >= 0; at = items.indexOf("\n" + value, at + 1)) {
      if (open || !/[a-z0-9]/.test(items.charAt(at + 1 + value.length))) return true;
    }
    return false;
  }

  /* Whether a row ({all, cells}: items one per line) passes every term:
     version and compiler columns by start, the others by substring. */
  function matches(row, terms, kinds) {
    return terms.every(function (term) {
      if (term.column < 0) return row.all.indexOf(term.value) >= 0;
      var kind = kinds[term.column];
      var cell = row.cells[term.column];
      return kind === "version" || kind === "compiler" ? startsItem(cell, term.value) : cell.indexOf(term.value) >= 0;
    });
  }

  /* Spack's version order, as sphinx_cachecatalog.catalog.versions: numbers
     as numbers (4.10 after 4.9) above words; 1.2rc1 < 1.2 < 1.2.1; develop,
     main and friends above all. */
  var INFINITY = ["develop", "main", "master", "head", "trunk", "stable"];
  var PRERELEASE = ["dev", "alpha", "a", "beta", "b", "pre", "rc"];

  function versionKey(version) {
    var parts = (version.match(/\d+|[A-Za-z]+/g) || []).map(function (part) {
      var word = part.toLowerCase();
      if (/^\d/.test(part)) return [3, parseInt(part, 10), ""];
      if (INFINITY.indexOf(word) >= 0) return [4, -INFINITY.indexOf(word), ""];
      if (PRERELEASE.indexOf(word) >= 0) return [0, PRERELEASE.indexOf(word), ""];
      return [2, 0, word];
    });
    parts.push([1, 0, ""]);
    return { parts: parts, text: version };
  }

  function compareText(a, b) {
    return a < b ? -1 : a > b ? 1 : 0;
  }

  function compareVersionKeys(a, b) {
    for (var i = 0; i < Math.min(a.parts.length, b.parts.length); i++) {
      var p = a.parts[i];
      var q = b.parts[i];
      var c = p[0] - q[0] || p[1] - q[1] || compareText(p[2], q[2]);
      if (c) return c;
    }
    return a.parts.length - b.parts.length || compareText(a.text, b.text);
  }

  /* What a cell sorts by: its data-value, or its first item; null for an
     empty or unknown value ("—"), which sorts last either way. */
  function sortKey(kind, text, value) {
    if (value) return Number(value);
    var first = normalize(text.trim()).split(/,\s*|\s+/)[0];
    if (!first || first === "\u2014") return null;
    if (kind === "version") return versionKey(first);
    if (kind === "compiler") {
      var at = first.indexOf("@");
      return { name: at < 0 ? first : first.slice(0, at), version: versionKey(at < 0 ? "" : first.slice(at + 1)) };
    }
    if (kind === "number" || kind === "bytes") return parseFloat(first) || 0;
    return text.trim().toLowerCase();
  }

  function compareKeys(kind, a, b) {
    if (kind === "version") return compareVersionKeys(a, b);
    if (kind === "compiler") return compareText(a.name, b.name) || compareVersionKeys(a.version, b.version);
    return typeof a === "number" ? a - b : compareText(a, b);
  }

  /* Row indexes in sorted order: stable, unknown values last both ways. */
  function sortOrder(kind, keys, descending) {
    return keys.map(function (_, i) { return i; }).sort(function (i, j) {
      var a = keys[i];
      var b = keys[j];
      var c = a === null || b === null ? (a === null) - (b === null) : compareKeys(kind, a, b) * (descending ? -1 : 1);
      return c || i - j;
    });
  }

  function countText(shown, total, noun) {
    return shown + " of " + total + " " + noun;
  }

  /* Table `index`'s view in a query string: {query, sort}, sort a column key,
     "-key" descending, or "". */
  function readState(search, index) {
    var params = new URLSearchParams(search);
    return { query: params.get("cc" + index) || "", sort: params.get("cc" + index + "s") || "" };
  }

  function writeState(search, index, state) {
    var params = new URLSearchParams(search);
    [["cc" + index, state.query], ["cc" + index + "s", state.sort]].forEach(function (pair) {
      if (pair[1]) params.set(pair[0], pair[1]);
      else params.delete(pair[0]);
    });
    var text = params.toString();
    return text ? "?" + text : "";
  }

  root.CacheCatalogFilter = {
    normalize: normalize, parseQuery: parseQuery, matches: matches, versionKey: versionKey,
    compareVersions: function (a, b) { return compareVersionKeys(versionKey(a), versionKey(b)); },
    sortKey: sortKey, sortOrder: sortOrder, countText: countText, readState: readState, writeState: writeState
  };
})(window);
