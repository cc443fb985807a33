/* sphinx-cachecatalog: the table script's pure helpers. */
(function (root) {
  "use strict";

  /* Lower case; gcc@=11.4.0 (older tags) is gcc@11.4.0. */
  function normalize(text) {
    return text.toLowerCase().split("@=").join("@");
  }

  /* A query's words {value, column, exact}: column indexes "column:value"
     (plurals too), -1 is the whole row; "column:=value" is exact. */
  function parseQuery(query, keys) {
    return normalize(query).split(/\s+/).filter(Boolean).map(function (word) {
      var colon = word.indexOf(":");
      var key = word.slice(0, colon);
      var column = -1;
      if (colon > 0 && colon < word.length - 1 && /^[a-z]+$/.test(key)) {
        column = keys.indexOf(key) < 0 ? keys.indexOf(key.replace(/s$/, "")) : keys.indexOf(key);
        word = word.slice(colon + 1);
      }
      var exact = column >= 0 && word.charAt(0) === "=" && word.length > 1;
      return { value: exact ? word.slice(1) : word, column: column, exact: exact };
    });
  }

  /* Whether `value` starts an item (after "\n") up to a boundary: 4.0 finds
     4.0.1, not 14.0 or 4.01; gcc@13 finds gcc@13.2.0. */
  function startsItem(items, value) {
    var open = !/[a-z0-9]$/.test(value);
    for (var at = items.indexOf("\n" + value); at >= 0; at = items.indexOf("\n" + value, at + 1)) {
      if (open || !/[a-z0-9]/.test(items.charAt(at + 1 + value.length))) return true;
    }
    return false;
  }

  /* Whether a row ({all, cells}, items one per line) passes every term. */
  function matches(row, terms, kinds) {
    return terms.every(function (term) {
      if (term.column < 0) return row.all.indexOf(term.value) >= 0;
      var kind = kinds[term.column];
      var cell = row.cells[term.column];
      if (term.exact) return cell.indexOf("\n" + term.value + "\n") >= 0;
      return kind === "version" || kind === "compiler" ? startsItem(cell, term.value) : cell.indexOf(term.value) >= 0;
    });
  }

  /* Spack's version order, as catalog/versions.py: 4.9 < 4.10;
     1.2rc1 < 1.2 < 1.2.1 < develop. */
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

  /* A cell's sort key: its data-value, or its first item; null if unknown. */
  function sortKey(kind, text, value) {
    if (value) return Number(value);
    var first = normalize(text.trim()).split(/,\s*|\s+/)[0];
    if (!first || first === "\u2014") return null;
    if (kind === "version") return versionKey(first);
    if (kind === "compiler") {
      var at = (first + "@").indexOf("@");
      var key = versionKey(first.slice(at + 1));
      key.parts.unshift([2, 0, first.slice(0, at)]); /* by name, then version */
      return key;
    }
    if (kind === "number" || kind === "bytes") return parseFloat(first) || 0;
    return text.trim().toLowerCase();
  }

  function compareKeys(a, b) {
    return a.parts ? compareVersionKeys(a, b) : typeof a === "number" ? a - b : compareText(a, b);
  }

  /* Row indexes sorted, stably, unknown values last both ways. */
  function sortOrder(kind, keys, descending) {
    return keys.map(function (_, i) { return i; }).sort(function (i, j) {
      var a = keys[i];
      var b = keys[j];
      var c = a === null || b === null ? (a === null) - (b === null) : compareKeys(a, b) * (descending ? -1 : 1);
      return c || i - j;
    });
  }

  /* Table `index`'s view in a query string: {query, sort: "key", "-key" or ""}. */
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
    return params.toString() ? "?" + params : "";
  }

  root.CacheCatalogFilter = {
    normalize: normalize, parseQuery: parseQuery, matches: matches, versionKey: versionKey,
    compareVersions: function (a, b) { return compareVersionKeys(versionKey(a), versionKey(b)); },
    sortKey: sortKey, sortOrder: sortOrder, readState: readState, writeState: writeState
  };
})(window);
