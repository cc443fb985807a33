/* sphinx-cachecatalog: filter and sort the tables, the view in the query
   string (?cc0=gcc%4013&cc0s=-version). The page is complete without it. */
(function () {
  "use strict";
  var F = window.CacheCatalogFilter;
  if (!F || !window.URLSearchParams) return;
  /* Rows in the page at once (~0.25 ms each); more on scroll or print */
  var PAGE = 50;
  var slice = Array.prototype.slice;
  var SUMMARY = { Versions: "version", Compilers: "compiler", OSs: "os", Platforms: "platform",
    Targets: "target", Stacks: "stack" };

  function element(tag, className, text) {
    var node = document.createElement(tag);
    node.className = className;
    node.textContent = text || "";
    if (tag === "button") node.type = "button";
    return node;
  }

  function words(query) {
    return query.split(/\s+/).filter(Boolean);
  }

  function Table(tbody, index) {
    var self = this;
    var table = tbody.parentNode;
    var id = "cachecatalog-" + index;
    this.tbody = tbody;
    this.index = index;
    this.noun = tbody.getAttribute("data-noun");
    this.rows = slice.call(tbody.rows);
    this.order = this.rows.map(function (_, i) { return i; });
    this.heads = table.tHead ? slice.call(table.tHead.rows[0].cells) : [];
    this.keys = this.heads.map(function (th) { return th.getAttribute("data-key"); });
    this.kinds = this.heads.map(function (th) { return th.getAttribute("data-sort"); });
    this.query = this.sort = "";
    this.hits = null;
    this.limit = PAGE;
    this.sortKeys = {};

    var controls = element("div", "cachecatalog-controls");
    var label = element("label", "", "Filter " + this.noun);
    var input = (this.input = element("input", "cachecatalog-filter"));
    this.count = element("span", "cachecatalog-count");
    this.reset = element("button", "cachecatalog-reset", "Reset");
    this.active = element("span", "cachecatalog-active");
    this.more = element("button", "cachecatalog-more");
    label.htmlFor = input.id = id;
    input.type = "search";
    input.placeholder = this.noun === "specs" ? "gcc@13 os:ubuntu24.04 target:aarch64" : "py- compiler:gcc@13";
    input.setAttribute("aria-describedby", (this.count.id = id + "-count"));
    this.count.setAttribute("aria-live", "polite");
    [label, input, this.count, this.reset, this.active].forEach(function (node) { controls.appendChild(node); });
    /* Above the table and the theme's wrapper around it; "more" below. */
    var box = tbody.closest(".cachecatalog") || table.parentNode;
    var place = table;
    while (place.parentNode !== box) place = place.parentNode;
    /* Variants every spec has, said once above: in each row too */
    var note = place.previousElementSibling;
    this.shared = note && note.classList.contains("cachecatalog-shared")
      ? note.textContent.replace(/^\s*All \d+ specs:/, "").trim().split(/\s+/) : [];
    box.insertBefore(controls, place);
    box.insertBefore(this.more, place.nextSibling);

    input.addEventListener("input", function () { self.filter(input.value); self.save(); });
    this.reset.addEventListener("click", function () { self.setQuery(""); input.focus(); });
    this.more.addEventListener("click", function () { self.showMore(); });
    if (window.IntersectionObserver) {
      new IntersectionObserver(function (seen) {
        if (seen[0].isIntersecting && !self.more.hidden) self.showMore();
      }, { rootMargin: "600px" }).observe(this.more);
    }
    window.addEventListener("beforeprint", function () { self.limit = Infinity; self.render(); });
    this.heads.forEach(function (th, column) {
      var button = element("button", "cachecatalog-sort", th.textContent.trim());
      var icon = button.appendChild(element("span", "cachecatalog-sort-icon"));
      icon.setAttribute("aria-hidden", "true");
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
    var self = this;
    if (!this.rowTexts) {
      this.rowTexts = this.rows.map(function (tr) {
        var cells = slice.call(tr.cells).map(function (td, i) {
          var items = td.getElementsByClassName("cachecatalog-item");
          var values = items.length ? slice.call(items).map(function (i) { return i.textContent; }) : [td.textContent];
          if (self.keys[i] === "variant") values = values.concat(self.shared);
          return "\n" + F.normalize(values.join("\n").trim()) + "\n";
        });
        return { all: cells.join(""), cells: cells };
      });
    }
    return this.rowTexts;
  };

  Table.prototype.filter = function (query) {
    var self = this;
    var terms = F.parseQuery(query, this.keys);
    var texts = terms.length && this.texts();
    this.query = query;
    this.hits = texts && texts.map(function (row) { return F.matches(row, terms, self.kinds); });
    this.limit = PAGE;
    this.render();
    this.reset.hidden = !terms.length;
    /* the query's words as chips that remove themselves */
    var list = words(query);
    this.active.textContent = "";
    list.forEach(function (word, n) {
      var chip = self.active.appendChild(element("button", "cachecatalog-chip", word));
      chip.setAttribute("aria-label", "Remove " + word + " from the filter");
      chip.addEventListener("click", function () {
        list.splice(n, 1);
        self.setQuery(list.join(" "));
        (self.active.firstChild || self.input).focus();
      });
    });
  };

  Table.prototype.setQuery = function (query) {
    this.input.value = query;
    this.filter(query);
    this.save();
  };

  /* Only the first `limit` matching rows, in order, are in the page. */
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
    this.count.textContent = matched + " of " + this.rows.length + " " + this.noun;
    this.more.hidden = shown.length === matched;
    this.more.textContent = "Show " + (matched - shown.length) + " more";
  };

  Table.prototype.showMore = function () {
    var self = this;
    this.limit += PAGE;
    this.render();
    if (!this.more.hidden && this.more.getBoundingClientRect().top < innerHeight + 600) {
      requestAnimationFrame(function () { self.showMore(); });
    }
  };

  Table.prototype.sortBy = function (sort) {
    var descending = sort.charAt(0) === "-";
    var column = this.keys.indexOf(descending ? sort.slice(1) : sort);
    var kind = this.kinds[column];
    this.sort = column < 0 ? "" : sort;
    if (column >= 0 && !this.sortKeys[column]) {
      this.sortKeys[column] = this.rows.map(function (tr) {
        var td = tr.cells[column];
        return F.sortKey(kind, td ? td.textContent : "", td && td.getAttribute("data-value"));
      });
    }
    this.order = this.sort
      ? F.sortOrder(kind, this.sortKeys[column], descending)
      : this.rows.map(function (_, i) { return i; });
    this.heads.forEach(function (th, i) {
      if (i === column) th.setAttribute("aria-sort", descending ? "descending" : "ascending");
      else th.removeAttribute("aria-sort");
    });
    this.render();
  };

  Table.prototype.save = function () {
    var search = F.writeState(location.search, this.index, { query: this.query.trim(), sort: this.sort });
    if (search !== location.search) history.replaceState(history.state, "", location.pathname + search + location.hash);
  };

  /* The summary's values become buttons that add "column:=value". */
  Table.prototype.chips = function (summary) {
    var self = this;
    slice.call(summary.rows).forEach(function (tr) {
      var key = SUMMARY[tr.cells[0].textContent.trim()];
      var td = tr.cells[1];
      if (!key || !td || !td.firstElementChild) return;
      var items = td.getElementsByClassName("cachecatalog-item");
      if (items.length) slice.call(items[0].parentNode.childNodes).forEach(function (node) {
        if (node.nodeType === 3) node.remove(); /* no commas between chips */
      });
      slice.call(items.length ? items : [td.firstElementChild]).forEach(function (item) {
        var value = item.textContent.replace(/ \(\d+\)$/, "");
        if (value === "\u2014") return;
        var chip = element("button", "cachecatalog-chip", item.textContent);
        chip.setAttribute("aria-label", "Filter " + self.noun + " by " + key + " " + item.textContent);
        chip.addEventListener("click", function () {
          var list = words(self.query);
          var word = key + ":=" + F.normalize(value);
          if (list.indexOf(word) < 0) self.setQuery(list.concat(word).join(" "));
        });
        item.textContent = "";
        item.appendChild(chip);
      });
    });
  };

  slice.call(document.querySelectorAll("table > tbody[data-noun]")).forEach(function (tbody, index) {
    var table = new Table(tbody, index);
    var summary = tbody.closest(".cachecatalog").querySelector("table.cachecatalog-summary, table.cachecatalog-stack-totals");
    var state = F.readState(location.search, index);
    if (summary) table.chips(summary);
    if (state.sort) table.sortBy(state.sort);
    table.input.value = state.query;
    table.filter(state.query);
    /* read the rows before the first keystroke */
    (window.requestIdleCallback || setTimeout)(function () { table.texts(); });
  });
})();
