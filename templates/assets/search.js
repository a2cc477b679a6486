// opsbook search: lunr over prebuilt (or, without node at build time, browser-built) index shards.
// Works from file:// because every piece of data is a <script>, never fetch().
(function () {
  'use strict';
  var input = document.getElementById('q');
  var list = document.getElementById('results');
  var status = document.getElementById('search-status');
  var t0 = performance.now();
  var shards = (window.OPSBOOK_SHARDS || []).map(function (s) {
    var index = s.index ? lunr.Index.load(s.index) : lunr(function () {
      this.ref('r'); this.field('t', { boost: 10 }); this.field('s', { boost: 8 }); this.field('i', { boost: 5 });
      this.field('o', { boost: 4 }); this.field('h', { boost: 3 }); this.field('b');
      var b = this; s.src.forEach(function (d) { b.add(d); });
    });
    return { docs: s.docs, index: index };
  });
  var loadMs = performance.now() - t0;
  var docCount = shards.reduce(function (n, s) { return n + s.docs.length; }, 0);

  function esc(s) { return String(s).replace(/[&<>"']/g, function (c) { return { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' }[c]; }); }
  function tokens(q) { return lunr.tokenizer(q).map(function (t) { return t.toString(); }).filter(function (t) { return t.length > 0; }); }

  function query(q) {
    var start = performance.now();
    var terms = tokens(q), hits = [];
    if (terms.length) {
      shards.forEach(function (shard, si) {
        shard.index.query(function (qb) {
          terms.forEach(function (t) {
            qb.term(t, { boost: 10 });
            if (t.length > 1) qb.term(t, { usePipeline: false, wildcard: lunr.Query.wildcard.TRAILING, boost: 1 });
          });
        }).forEach(function (r) { hits.push({ shard: si, ref: +r.ref, score: r.score }); });
      });
      hits.sort(function (a, b) { return b.score - a.score; });
    }
    var ms = performance.now() - start;
    api.lastQueryMs = ms;
    return hits.map(function (h) { var d = shards[h.shard].docs[h.ref]; return { title: d[0], href: d[1], service: d[2], page: d[3], score: h.score }; });
  }

  function stems(q) { return tokens(q).map(function (t) { return lunr.stemmer(new lunr.Token(t.toLowerCase())).toString(); }).filter(function (s) { return s.length > 1; }); }
  function matches(word, ss) { var w = word.toLowerCase(); return ss.some(function (s) { return w.indexOf(s) === 0; }); }

  function snippet(parts, ss) {
    var best = null, bestCount = -1;
    parts.forEach(function (p) {
      var words = (p[0] + ' ' + p[2]).split(/[^A-Za-z0-9_\-]+/), count = 0;
      words.forEach(function (w) { if (matches(w, ss)) count++; });
      if (count > bestCount) { best = p; bestCount = count; }
    });
    if (!best) return null;
    var text = best[2], at = 0, re = /[A-Za-z0-9_\-]+/g, m;
    while ((m = re.exec(text))) { if (matches(m[0], ss)) { at = m.index; break; } }
    var from = Math.max(0, at - 70), to = Math.min(text.length, at + 170);
    var cut = (from > 0 ? '…' : '') + text.slice(from, to) + (to < text.length ? '…' : '');
    var html = esc(cut).replace(/[A-Za-z0-9_\-]+/g, function (w) { return matches(w, ss) ? '<mark>' + w + '</mark>' : w; });
    return { title: best[0], slug: best[1], html: html };
  }

  function loadText(page, done) {
    var have = window.OPSBOOK_TEXT && window.OPSBOOK_TEXT[page];
    if (have) { done(have); return; }
    var s = document.createElement('script');
    s.src = 'search/text/' + encodeURIComponent(page) + '.js';
    s.onload = function () { done((window.OPSBOOK_TEXT || {})[page] || []); };
    s.onerror = function () { done([]); };
    document.head.appendChild(s);
  }

  var shown = 0;
  function render(q) {
    var results = query(q), mine = ++shown, ss = stems(q);
    list.innerHTML = '';
    if (!q.trim()) { status.textContent = 'Search ' + docCount + ' runbooks by title, service, owner, step id or text.'; return results; }
    status.textContent = results.length === 0 ? 'No runbooks match “' + q + '”.' :
      results.length + ' runbook' + (results.length === 1 ? '' : 's') + ' match “' + q + '” (' + api.lastQueryMs.toFixed(1) + ' ms).';
    results.slice(0, 50).forEach(function (r, i) {
      var li = document.createElement('li');
      li.className = 'hit';
      li.setAttribute('data-page', r.page);
      li.innerHTML = '<a class="r-title" href="' + esc(r.href) + '">' + esc(r.title) + '</a>' +
        '<div class="r-where">' + esc(r.service) + '<span class="r-section"></span></div><p class="r-snippet muted">…</p>';
      list.appendChild(li);
      if (i < 20) loadText(r.page, function (parts) {
        if (mine !== shown) return;
        var s = snippet(parts, ss);
        if (!s) { li.querySelector('.r-snippet').textContent = ''; return; }
        if (s.title) li.querySelector('.r-section').innerHTML = ' · <a href="' + esc(r.href) + '#' + esc(s.slug) + '">' + esc(s.title) + '</a>';
        li.querySelector('.r-snippet').innerHTML = s.html;
        li.querySelector('.r-snippet').classList.remove('muted');
      });
    });
    return results;
  }

  var api = { ready: true, docs: docCount, loadMs: loadMs, lastQueryMs: 0, query: query, render: render };
  window.opsbookSearch = api;

  var initial = new URLSearchParams(location.search).get('q') || '';
  input.value = initial;
  var headerBox = document.getElementById('site-search');
  if (headerBox) headerBox.value = initial;
  render(initial);
  var timer = null;
  input.addEventListener('input', function () {
    clearTimeout(timer);
    timer = setTimeout(function () {
      render(input.value);
      try { history.replaceState(null, '', '?q=' + encodeURIComponent(input.value)); } catch (e) { /* file:// in some browsers */ }
    }, 60);
  });
})();
