// opsbook search: lunr over index shards prebuilt by the site generator.
// Works from file:// because every piece of data is a <script>, never fetch().
(function () {
  'use strict';
  var input = document.getElementById('q');
  var list = document.getElementById('results');
  var status = document.getElementById('search-status');
  // Terms are split on whitespace only, so ids like orders-db stay whole (the indexer does the same).
  lunr.tokenizer.separator = /\s+/;
  var K1 = 1.2, B = 0.75;
  var t0 = performance.now();

  // Turns a shard's compact prebuilt index (see ShardIndexer.java) into a lunr.Index with BM25 vectors.
  function load(shard) {
    var x = shard.index, fields = x.fields, n = shard.docs.length, terms = new Array(x.terms.length), prev = '';
    for (var i = 0; i < x.terms.length; i++) {  // front-coded: shared-prefix length as a char from '0', then the rest
      prev = terms[i] = prev.slice(0, x.terms[i].charCodeAt(0) - 48) + x.terms[i].slice(1);
    }
    var lengths = x.lengths.map(function (l) { return l === '' ? [] : l.split(',').map(function (v) { return parseInt(v, 36); }); });
    var avg = lengths.map(function (l) { var s = 0; for (var i = 0; i < l.length; i++) s += l[i]; return l.length ? s / l.length : 1; });
    var inverted = {}, vectors = {}, EMPTY = Object.freeze({});
    for (var t = 0; t < x.terms.length; t++) {
      var posting = { _index: t }, groups = x.postings[t].split(';'), entries = [], df = 0;
      for (var f = 0; f < fields.length; f++) posting[fields[f]] = EMPTY;
      for (var g = 0; g < groups.length; g++) {
        var colon = groups[g].indexOf(':'), fi = +groups[g].slice(0, colon), items = groups[g].slice(colon + 1).split(','), doc = 0;
        for (var k = 0; k < items.length; k++) {
          var dot = items[k].indexOf('.');
          doc += parseInt(dot < 0 ? items[k] : items[k].slice(0, dot), 36);
          entries.push(fi, doc, dot < 0 ? 1 : parseInt(items[k].slice(dot + 1), 36));
          if (posting[fields[fi]] === EMPTY) posting[fields[fi]] = {};
          posting[fields[fi]][doc] = EMPTY;
          df++;
        }
      }
      var idf = Math.log(1 + Math.abs((n - df + 0.5) / (df + 0.5)));
      for (var e = 0; e < entries.length; e += 3) {
        var fj = entries[e], d = entries[e + 1], tf = entries[e + 2];
        var score = idf * ((K1 + 1) * tf) / (K1 * (1 - B + B * (lengths[fj][d] / avg[fj])) + tf) * x.boosts[fj];
        var key = fields[fj] + '/' + d;
        (vectors[key] || (vectors[key] = [])).push(t, Math.round(score * 1000) / 1000);
      }
      inverted[terms[t]] = posting;
    }
    var fieldVectors = {};
    for (var v in vectors) fieldVectors[v] = new lunr.Vector(vectors[v]);
    var pipeline = new lunr.Pipeline();
    pipeline.add(lunr.trimmer, lunr.stopWordFilter);
    return new lunr.Index({ invertedIndex: inverted, fieldVectors: fieldVectors, tokenSet: lunr.TokenSet.fromArray(terms),
      fields: fields, pipeline: pipeline });
  }
  var shards = (window.OPSBOOK_SHARDS || []).map(function (s) { return { docs: s.docs, index: load(s) }; });
  var loadMs = performance.now() - t0;
  var docCount = shards.reduce(function (n, s) { return n + s.docs.length; }, 0);

  function esc(s) { return String(s).replace(/[&<>"']/g, function (c) { return { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' }[c]; }); }
  function tokens(q) { return lunr.tokenizer(q).map(function (t) { return t.toString().replace(/^\W+/, '').replace(/\W+$/, ''); }).filter(function (t) { return t.length > 0; }); }

  function query(q) {
    var start = performance.now();
    var terms = tokens(q), hits = [];
    if (terms.length) {
      shards.forEach(function (shard, si) {
        shard.index.query(function (qb) {
          // One clause per word: the word itself or any term it starts (restore → restored, restore-db).
          terms.forEach(function (t) {
            if (lunr.stopWordFilter(t) === undefined) return;
            qb.term(t, { usePipeline: false, wildcard: t.length > 1 ? lunr.Query.wildcard.TRAILING : lunr.Query.wildcard.NONE });
          });
        }).forEach(function (r) { hits.push({ shard: si, ref: +r.ref, score: r.score }); });
      });
      hits.sort(function (a, b) { return b.score - a.score; });
    }
    var ms = performance.now() - start;
    api.lastQueryMs = ms;
    return hits.map(function (h) { var d = shards[h.shard].docs[h.ref]; return { title: d[0], href: 'runbooks/' + encodeURIComponent(d[2]) + '.html', service: d[1], page: d[2], score: h.score }; });
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
