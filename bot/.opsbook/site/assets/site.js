// opsbook site: copy buttons, table filters and graph highlighting. No network access.
(function () {
  'use strict';
  function copyText(text, button) {
    function done() { button.classList.add('done'); var old = button.textContent; button.textContent = 'Copied'; setTimeout(function () { button.textContent = old; button.classList.remove('done'); }, 1400); }
    if (navigator.clipboard && window.isSecureContext) { navigator.clipboard.writeText(text).then(done, fallback); } else { fallback(); }
    function fallback() { var t = document.createElement('textarea'); t.value = text; t.setAttribute('readonly', ''); t.style.position = 'fixed'; t.style.opacity = '0'; document.body.appendChild(t); t.select(); try { document.execCommand('copy'); done(); } catch (e) { /* nothing to do */ } document.body.removeChild(t); }
  }
  document.addEventListener('click', function (ev) {
    var b = ev.target.closest && ev.target.closest('button.copy');
    if (!b) return;
    var kind = b.getAttribute('data-copy'), source = null;
    if (kind === 'code') source = b.parentElement.querySelector('pre code');
    else if (kind === 'chat') source = b.parentElement.querySelector('code');
    else if (kind === 'prev') source = b.previousElementSibling;
    if (source) copyText(source.textContent, b);
  });
  document.querySelectorAll('input[data-filter]').forEach(function (input) {
    var table = document.getElementById(input.getAttribute('data-filter'));
    input.addEventListener('input', function () {
      var q = input.value.toLowerCase().trim();
      table.querySelectorAll('tbody tr').forEach(function (tr) { tr.hidden = q !== '' && tr.textContent.toLowerCase().indexOf(q) < 0; });
    });
  });
  var svg = document.querySelector('svg.depgraph');
  if (svg) {
    var edges = Array.prototype.slice.call(svg.querySelectorAll('.edge'));
    var nodes = Array.prototype.slice.call(svg.querySelectorAll('.node'));
    function clear() { svg.classList.remove('focus'); svg.querySelectorAll('.hl').forEach(function (e) { e.classList.remove('hl'); }); }
    function focus(ids) {
      clear(); if (!ids.length) return;
      svg.classList.add('focus');
      var set = {}; ids.forEach(function (i) { set[i] = true; });
      var near = Object.assign({}, set);
      edges.forEach(function (e) { var f = e.getAttribute('data-from'), t = e.getAttribute('data-to'); if (set[f] || set[t]) { e.classList.add('hl'); near[f] = near[t] = true; } });
      nodes.forEach(function (n) { if (near[n.getAttribute('data-node')]) n.classList.add('hl'); });
    }
    svg.addEventListener('mouseover', function (ev) { var n = ev.target.closest('.node'); if (n) focus([n.getAttribute('data-node')]); });
    svg.addEventListener('mouseleave', clear);
    var filter = document.getElementById('graph-filter');
    if (filter) filter.addEventListener('input', function () {
      var q = filter.value.toLowerCase().trim();
      if (!q) { clear(); return; }
      var hits = nodes.filter(function (n) { return n.getAttribute('data-name').toLowerCase().indexOf(q) >= 0; });
      focus(hits.map(function (n) { return n.getAttribute('data-node'); }));
      if (hits[0]) hits[0].scrollIntoView({ block: 'center', inline: 'center' });
    });
  }
})();
