/* sphinx-cachecatalog: filter and sort the spec and package tables, the view
   kept in the query string (?cc0=gcc%4013&cc0s=-version: keys per table, in
   page order). Without this script the page is complete. */
(function () {
  "use strict";
  var F = window.CacheCatalogFilter;
  if (!F || !window.URLSearchParams) return;
  /* Rows in the page at once: a browser lays a table row out in about
     0.25 ms, so a keystroke shows at most this many; more come as the
     reader scrolls near the end (or asks, or prints). */
  var PAGE = 50;
  var slice = Array.prototype.slice;

  function element(tag, className, text) {
    var node = document.createElement(tag);
    node.className = className;
    if (text) node.textContent = text;
    return node;
  }

  function Table(tbody, index) {
    var self = this;
    this.tbody = tbody;
    this.index = index;
    this.noun = tbody.getAttribute("data-noun");
    this.rows = slice.call(tbody.rows);
    this.order = this.rows.map(function (_, i) { return i; });
    var table = tbody.parentNode;
    this.heads = table.tHead ? slice.call(table.tHead.rows[0].cells) : [];
    this.keys = this.heads.map(function (th) { return th.getAttribute("data-key"); });
    this.kinds = this.heads.map(function (th) { return th.getAttribute("data-sort"); });
    this.query = this.sort = "";
    this.hits = null;
    this.limit = PAGE;
    this.sortKeys = {};

    var id = "cachecatalog-" + index;
    var controls = element("div", "cachecatalog-controls");
    var label = element("label", "", "Filter " + this.noun);
    var input = element("input", "cachecatalog-filter");
    var count = element("span", "cachecatalog-count");
    var reset = element("button", "cachecatalog-reset", "Reset");
    label.htmlFor = input.id = id;
    input.type = "search";
    input.autocomplete = "off";
    input.spellcheck = false;
    input.placeholder = this.noun === "specs" ? "gcc@13 os:ubuntu24.04 target:aarch64" : "py- compiler:gcc@13";
    input.setAttribute("aria-describedby", count.id = id + "-count");
    count.setAttribute("aria-live", "polite");
    reset.type = "button";
    reset.hidden = true;
    [label, input, count, reset].forEach(function (node) { controls.appendChild(node); });
    var more = element("button", "cachecatalog-more");
    more.type = "button";
    more.hidden = true;
    /* Above the table and its theme's wrapper; "more" below them. */
    var place = table;
    while (place.parentNode && !place.parentNode.classList.contains("cachecatalog")) place = place.parentNode;
    if (!place.parentNode) place = table;
    place.parentNode.insertBefore(controls, place);
    place.parentNode.insertBefore(more, place.nextSibling);
    this.input = input;
    this.count = count;
    this.reset = reset;
    this.more = more;

    input.addEventListener("input", function () { self.filter(input.value); self.save(); });
    reset.addEventListener("click", function () {
      input.value = "";
      self.filter("");
      self.save();
      input.focus();
    });
    more.addEventListener("click", function () { self.showMore(); });
    if (window.IntersectionObserver) {
      new IntersectionObserver(function (seen) {
        if (seen[0].isIntersecting && !more.hidden) self.showMore();
      }, { rootMargin: "600px" }).observe(more);
    }
    window.addEventListener("beforeprint", function () { self.limit = Infinity; self.render(); });
    this.heads.forEach(function (th, column) {
      var button = element("button", "cachecatalog-sort", th.textContent.trim());
      button.type = "button";
      var icon = element("span", "cachecatalog-sort-icon");
      icon.setAttribute("aria-hidden", "true");
      button.appendChild(icon);
      th.textContent = "";
      th.appendChild(button);
      button.addEventListener("click", function () {
        var key = self.keys[column];
        /* ascending, descending, then the page's own order */
        self.sortBy(self.sort === key ? "-" + key : self.sort === "-" + key ? "" : key);
        self.save();
      });
    });
  }

  /* Each row's values, read once: per cell, its items one per line. */
  Table.prototype.texts = function () {
    if (!this.rowTexts) {
      this.rowTexts = this.rows.map(function (tr) {
        var cells = slice.call(tr.cells).map(function (td) {
          var items = td.getElementsByClassName("cachecatalog-item");
          var values = items.length ? slice.call(items).map(function (i) { return i.textContent; }) : [td.textContent];
          return "\n" + F.normalize(values.join("\n").trim()) + "\n";
        });
        return { all: cells.join(""), cells: cells };
      });
    }
    return this.rowTexts;
  };

  Table.prototype.filter = function (query) {
    this.query = query;
    var terms = F.parseQuery(query, this.keys);
    var hits = null;
    if (terms.length) {
      var texts = this.texts();
      hits = new Uint8Array(texts.length);
      for (var i = 0; i < texts.length; i++) hits[i] = F.matches(texts[i], terms, this.kinds) ? 1 : 0;
    }
    this.hits = hits;
    this.limit = PAGE;
    this.render();
    this.reset.hidden = !query.trim();
  };

  /* Put the first `limit` matching rows, in the current order, in the table:
     rows not shown are kept out of the page, which stays light to lay out. */
  Table.prototype.render = function () {
    var shown = [];
    var matched = 0;
    for (var k = 0; k < this.order.length; k++) {
      var i = this.order[k];
      if (this.hits && !this.hits[i]) continue;
      if (matched++ < this.limit) shown.push(this.rows[i]);
    }
    var current = this.tbody.rows;
    var same = current.length === shown.length;
    shown.forEach(function (row, n) {
      var name = n % 2 ? "row-odd" : "row-even";
      if (row.className !== name) row.className = name;
      same = same && current[n] === row;
    });
    if (!same) {
      var fragment = document.createDocumentFragment();
      shown.forEach(function (row) { fragment.appendChild(row); });
      this.tbody.textContent = "";
      this.tbody.appendChild(fragment);
    }
    this.count.textContent = F.countText(matched, this.rows.length, this.noun);
    this.count.classList.toggle("cachecatalog-none", matched === 0);
    this.more.hidden = shown.length === matched;
    this.more.textContent = "Show more (" + (matched - shown.length) + " not shown)";
  };

  Table.prototype.showMore = function () {
    var self = this;
    this.limit += PAGE;
    this.render();
    /* still near the end (short rows): more, after this frame */
    if (!this.more.hidden && this.more.getBoundingClientRect().top < innerHeight + 600) {
      requestAnimationFrame(function () { self.showMore(); });
    }
  };

  Table.prototype.sortBy = function (sort) {
    var descending = sort.charAt(0) === "-";
    var column = this.keys.indexOf(descending ? sort.slice(1) : sort);
    if (column < 0) sort = "";
    this.sort = sort;
    var kind = this.kinds[column];
    if (sort && !this.sortKeys[column]) {
      this.sortKeys[column] = this.rows.map(function (tr) {
        var td = tr.cells[column];
        return F.sortKey(kind, td ? td.textContent : "", td && td.getAttribute("data-value"));
      });
    }
    this.order = sort
      ? F.sortOrder(kind, this.sortKeys[column], descending)
      : this.rows.map(function (_, i) { return i; });
    this.heads.forEach(function (th, i) {
      if (i === column && sort) th.setAttribute("aria-sort", descending ? "descending" : "ascending");
      else th.removeAttribute("aria-sort");
    });
    this.render();
  };

  Table.prototype.save = function () {
    var search = F.writeState(location.search, this.index, { query: this.query.trim(), sort: this.sort });
    if (search !== location.search) {
      history.replaceState(history.state, "", location.pathname + search + location.hash);
    }
  };

  var bodies = document.querySelectorAll("table > tbody[data-noun]");
  slice.call(bodies).forEach(function (tbody, index) {
    var table = new Table(tbody, index);
    var state = F.readState(location.search, index);
    if (state.sort) table.sortBy(state.sort);
    table.input.value = state.query;
    table.filter(state.query);
    /* Read the rows' values while the reader looks, not at the first keystroke. */
    (window.requestIdleCallback || setTimeout)(function () { table.texts(); });
  });
})();
