/* ddkg graph page: reads the JSON data block, draws it with vis-network, filters it.
 * Text from articles reaches the DOM only through textContent and createElement:
 * never innerHTML. Links are made only for http(s) URLs and Wikidata ids. */
(function () {
  'use strict';

  const data = JSON.parse(document.getElementById('ddkg-data').textContent);
  const meta = data.meta;
  const nodes = data.nodes;
  const edges = data.edges;
  const N = nodes.length;
  const E = edges.length;
  const big = N > 1500 || E > 3000;
  const classes = Object.fromEntries(meta.classes.map((c) => [c.key, c]));
  const relations = Object.fromEntries(meta.relations.map((r) => [r.key, r]));
  const present = meta.relations.filter((r) => r.count > 0);
  const nodeIndex = new Map(nodes.map((n, i) => [n.iri, i]));
  const adjacent = Array.from({ length: N }, () => []);
  edges.forEach((e, k) => { adjacent[e.f].push(k); adjacent[e.t].push(k); });

  // --- small DOM helpers (text only) ---------------------------------------------------
  const $ = (id) => document.getElementById(id);
  function el(tag, className, text) {
    const e = document.createElement(tag);
    if (className) e.className = className;
    if (text !== undefined && text !== null) e.textContent = String(text);
    return e;
  }
  function safeUrl(url) {
    return typeof url === 'string' && /^https?:\/\/\S+$/i.test(url) ? url : null;
  }
  function link(url, text) {
    const href = safeUrl(url);
    if (!href) return el('span', null, text);
    const a = el('a', null, text);
    a.href = href;
    a.target = '_blank';
    a.rel = 'noopener noreferrer';
    return a;
  }
  function nodeButton(i) {
    const b = el('button', 'linklike', nodes[i].l);
    b.type = 'button';
    b.addEventListener('click', () => selectNode(i, true));
    return b;
  }
  const SVG = 'http://www.w3.org/2000/svg';
  const SHAPES = {
    diamond: '7,1 13,7 7,13 1,7', triangle: '7,1.5 13,12.5 1,12.5',
    triangleDown: '1,1.5 13,1.5 7,12.5', hexagon: '4,1.5 10,1.5 13,7 10,12.5 4,12.5 1,7',
    star: '7,0.8 8.8,5 13.3,5.2 9.8,8.1 11,12.6 7,10.1 3,12.6 4.2,8.1 0.7,5.2 5.2,5',
  };
  function svgEl(tag, attrs) {
    const e = document.createElementNS(SVG, tag);
    for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, String(v));
    return e;
  }
  function nodeSwatch(cls) {
    const svg = svgEl('svg', { width: 14, height: 14, viewBox: '0 0 14 14', class: 'swatch' });
    const paint = { fill: cls.color, stroke: shade(cls.color), 'stroke-width': 1 };
    if (SHAPES[cls.shape]) svg.append(svgEl('polygon', { points: SHAPES[cls.shape], ...paint }));
    else if (cls.shape === 'square') svg.append(svgEl('rect', { x: 2, y: 2, width: 10, height: 10, ...paint }));
    else svg.append(svgEl('circle', { cx: 7, cy: 7, r: 5.5, ...paint }));
    return svg;
  }
  function edgeSwatch(rel) {
    const svg = svgEl('svg', { width: 22, height: 10, viewBox: '0 0 22 10', class: 'swatch' });
    const line = { x1: 1, y1: 5, x2: rel.directed ? 16 : 21, y2: 5, stroke: rel.color, 'stroke-width': 2 };
    if (rel.dashes) line['stroke-dasharray'] = '3 2';
    svg.append(svgEl('line', line));
    if (rel.directed) svg.append(svgEl('polygon', { points: '15,1.5 21,5 15,8.5', fill: rel.color }));
    return svg;
  }
  function shade(hex) {
    const v = parseInt(hex.slice(1), 16);
    const part = (s) => Math.round(((v >> s) & 255) * 0.72);
    return 'rgb(' + part(16) + ',' + part(8) + ',' + part(0) + ')';
  }
  function fold(s) {
    return s.toLowerCase().normalize('NFD').replace(/[\u0300-\u036f]/g, '').replace(/\u00df/g, 'ss');
  }
  function foldGerman(s) {
    return s.toLowerCase().replace(/\u00e4/g, 'ae').replace(/\u00f6/g, 'oe')
      .replace(/\u00fc/g, 'ue').replace(/\u00df/g, 'ss');
  }
  const searchText = nodes.map((n) => {
    const names = [n.l].concat(n.alt || []);
    return names.map(fold).concat(names.map(foldGerman)).join('\n');
  });

  // --- the network -----------------------------------------------------------------------
  const LABEL_THRESHOLD = 6; // on-screen px below which vis-network skips a label
  function nodeSize(n) { return Math.min(42, 9 + 4.2 * Math.sqrt(n.deg || 0)); }
  function fontSize(n) { return Math.min(24, 13 + 1.5 * Math.sqrt(n.deg || 0)); }
  const visNodes = new vis.DataSet(nodes.map((n, i) => {
    const cls = classes[n.c] || classes.other;
    const border = shade(cls.color);
    return {
      id: i, label: n.l, x: n.x, y: n.y, shape: cls.shape, size: nodeSize(n),
      font: { size: fontSize(n) },
      color: {
        background: cls.color, border: border,
        highlight: { background: cls.color, border: '#111827' },
        hover: { background: cls.color, border: '#111827' },
      },
    };
  }));
  function sources(e) {
    let k = (e.sp || []).length;
    for (const v of e.ev || []) k += Math.max(1, (data.events[v].sp || []).length);
    return k;
  }
  const visEdges = new vis.DataSet(edges.map((e, k) => {
    const rel = relations[e.r];
    const bend = e.k ? { enabled: true, type: e.k % 2 ? 'curvedCW' : 'curvedCCW',
      roundness: 0.2 * Math.ceil(e.k / 2) } : false;
    return {
      id: k, from: e.f, to: e.t, label: e.l || rel.label, dashes: rel.dashes, smooth: bend,
      arrows: rel.directed ? 'to' : '', width: Math.min(6, 1.5 + 0.7 * Math.max(0, sources(e) - 1)),
      color: { color: rel.color, highlight: rel.color, hover: rel.color, opacity: big ? 0.55 : 0.85 },
    };
  }));
  let nodeOk = new Uint8Array(N).fill(1);
  let edgeOk = new Uint8Array(E).fill(1);
  const font = 'system-ui, -apple-system, "Segoe UI", Roboto, Arial, sans-serif';
  const network = new vis.Network($('graph'), { nodes: visNodes, edges: visEdges }, {
    autoResize: true,
    physics: false, // positions come precomputed: the picture is at rest at once
    layout: { improvedLayout: false },
    interaction: {
      hover: !big, hideEdgesOnDrag: big, hideEdgesOnZoom: big, tooltipDelay: 300,
      multiselect: false, keyboard: false, navigationButtons: false,
    },
    nodes: {
      borderWidth: 1.5, borderWidthSelected: 3,
      font: { face: font, color: '#1d2433', strokeWidth: 4, strokeColor: '#ffffff' },
      scaling: { label: { drawThreshold: LABEL_THRESHOLD } },
    },
    edges: {
      width: 1.5, selectionWidth: 1.5, hoverWidth: 0.5, smooth: false,
      arrows: { to: { scaleFactor: 0.5 } },
      font: { face: font, size: 10.5, color: '#4a5160', strokeWidth: 3, strokeColor: '#ffffff', align: 'horizontal' },
    },
  });

  // --- filters -----------------------------------------------------------------------------
  const allRelations = new Set(meta.relations.map((r) => r.key));
  // Entities only mentioned, never related, would fill the picture with a grid of dots:
  // hidden until asked for (or searched for).
  const loners = nodes.filter((n) => !n.deg).length;
  const state = {
    query: '', rels: new Set(allRelations), country: -1, from: '', to: '', focus: -1,
    loners: loners === N,
  };

  function dateOk(e) {
    if (!state.from && !state.to) return true;
    const lo = state.from || '0000-01-01';
    const hi = state.to || '9999-12-31';
    return (e.dt || []).some((d) => d[0] <= hi && d[1] >= lo);
  }
  function matches(query) {
    const q = fold(query.trim());
    const found = [];
    if (!q) return found;
    for (let i = 0; i < N; i++) if (searchText[i].includes(q)) found.push(i);
    return found;
  }
  function grow(seeds, keep, passing) {
    const out = new Uint8Array(N);
    for (const i of seeds) {
      if (!keep[i]) continue;
      out[i] = 1;
      for (const k of adjacent[i]) {
        const other = edges[k].f === i ? edges[k].t : edges[k].f;
        if (passing[k] && keep[other]) out[other] = 1;
      }
    }
    return out;
  }
  function countryMembers(c, passing) {
    const out = grow([c], new Uint8Array(N).fill(1), passing);
    nodes.forEach((n, i) => { if (n.co === c) out[i] = 1; });
    return out;
  }
  function compute() {
    const passing = new Uint8Array(E);
    edges.forEach((e, k) => { passing[k] = state.rels.has(e.r) && dateOk(e) ? 1 : 0; });
    const narrowed = state.rels.size < allRelations.size || state.from || state.to;
    let keep = new Uint8Array(N).fill(1);
    if (!state.loners && !state.query.trim()) nodes.forEach((n, i) => { if (!n.deg) keep[i] = 0; });
    if (narrowed) {
      keep.fill(0);
      edges.forEach((e, k) => { if (passing[k]) { keep[e.f] = 1; keep[e.t] = 1; } });
    }
    if (state.focus >= 0) {
      keep = grow([state.focus], new Uint8Array(N).fill(1), passing);
    } else {
      if (state.country >= 0) {
        const members = countryMembers(state.country, passing);
        keep = keep.map((v, i) => v & members[i]);
      }
      if (state.query.trim()) keep = grow(matches(state.query), keep, passing);
    }
    nodeOk = keep;
    edgeOk = passing.map((v, k) => v & keep[edges[k].f] & keep[edges[k].t]);
    restorePositions();
    if (state.focus >= 0) ringsAround(state.focus);
    applyVisibility();
    showStats();
    fitShown();
    $('focus').disabled = selected < 0;
  }
  // Hiding through the DataSets makes vis-network rebuild every node it shows again
  // (2 s for 5,000 nodes). Its own visibility flags plus one index update take
  // milliseconds; the public (slow) way remains for any vis-network without them.
  const fastHide = typeof network._updateVisibleIndices === 'function'
    && network.body && network.body.nodes && network.body.edges;
  let shownNodeFlags = new Uint8Array(N).fill(1);
  let shownEdgeFlags = new Uint8Array(E).fill(1);
  function applyVisibility() {
    const nodeChanges = [];
    const edgeChanges = [];
    for (let i = 0; i < N; i++) if (shownNodeFlags[i] !== nodeOk[i]) nodeChanges.push(i);
    for (let k = 0; k < E; k++) if (shownEdgeFlags[k] !== edgeOk[k]) edgeChanges.push(k);
    if (fastHide) {
      for (const i of nodeChanges) network.body.nodes[i].options.hidden = !nodeOk[i];
      for (const k of edgeChanges) network.body.edges[k].options.hidden = !edgeOk[k];
      network._updateVisibleIndices();
    } else {
      visNodes.update(nodeChanges.map((i) => ({ id: i, hidden: !nodeOk[i] })));
      visEdges.update(edgeChanges.map((k) => ({ id: k, hidden: !edgeOk[k] })));
    }
    shownNodeFlags = nodeOk.slice();
    shownEdgeFlags = edgeOk.slice();
  }
  function shownNodes() {
    const out = [];
    for (let i = 0; i < N; i++) if (nodeOk[i]) out.push(i);
    return out;
  }
  function shownEdgeCount() {
    let count = 0;
    for (let k = 0; k < E; k++) count += edgeOk[k];
    return count;
  }
  // vis-network's own fit() measures nodes as last drawn; nodes just moved into rings
  // have not been drawn there yet, so the view is computed from positions instead.
  function fitShown() {
    const visible = shownNodes();
    if (!visible.length) { network.redraw(); return; }
    const at = network.getPositions(visible);
    let [left, top, right, bottom] = [Infinity, Infinity, -Infinity, -Infinity];
    for (const i of visible) {
      left = Math.min(left, at[i].x); right = Math.max(right, at[i].x);
      top = Math.min(top, at[i].y); bottom = Math.max(bottom, at[i].y);
    }
    const width = $('graph').clientWidth - (panel.hidden ? 0 : panel.offsetWidth);
    const height = $('graph').clientHeight;
    const margin = 120; // room for labels around the outermost nodes
    const scale = Math.min(1.3, (width - 20) / (right - left + 2 * margin),
      (height - 20) / (bottom - top + 2 * margin));
    network.moveTo({ position: { x: (left + right) / 2, y: (top + bottom) / 2 }, scale: scale,
      offset: panelOffset(), animation: false });
  }

  // Focus mode: the node in the middle, its neighbours on rings around it grouped by
  // relation, so a neighbourhood reads at once wherever the global layout put them.
  let moved = [];
  function restorePositions() {
    for (const i of moved) network.moveNode(i, nodes[i].x, nodes[i].y);
    moved = [];
  }
  function ringsAround(c) {
    const rank = new Map();
    for (const k of adjacent[c]) {
      const other = edges[k].f === c ? edges[k].t : edges[k].f;
      const r = present.findIndex((rel) => rel.key === edges[k].r);
      if (nodeOk[other] && other !== c && (!rank.has(other) || r < rank.get(other))) rank.set(other, r);
    }
    const around = [...rank.keys()].sort((a, b) => (rank.get(a) - rank.get(b))
      || nodes[a].l.localeCompare(nodes[b].l, 'de'));
    let radius = 230;
    let placed = 0;
    while (placed < around.length) {
      const ring = around.slice(placed, placed + Math.max(6, Math.floor((2 * Math.PI * radius) / 95)));
      ring.forEach((j, k) => {
        const angle = (2 * Math.PI * k) / ring.length - Math.PI / 2 + (placed ? 0.3 : 0);
        network.moveNode(j, nodes[c].x + radius * Math.cos(angle), nodes[c].y + radius * Math.sin(angle));
        moved.push(j);
      });
      placed += ring.length;
      radius += 150;
    }
  }
  function showStats() {
    const n = shownNodes().length;
    const e = shownEdgeCount();
    $('stats').textContent = (n === N && e === E)
      ? N + ' nodes \u00b7 ' + E + ' edges \u00b7 ' + data.docs.length + ' articles'
      : 'Showing ' + n + ' of ' + N + ' nodes \u00b7 ' + e + ' of ' + E + ' edges';
  }

  // --- controls ----------------------------------------------------------------------------
  const searchBox = $('search');
  const results = $('results');
  function setQuery(q) {
    state.query = q;
    state.focus = -1;
    compute();
    showResults();
  }
  function showResults() {
    results.replaceChildren();
    if (!state.query.trim()) return;
    const q = fold(state.query.trim());
    const found = matches(state.query).filter((i) => nodeOk[i]);
    const starts = (i) => (searchText[i].startsWith(q) ? 1 : 0); // the label comes first
    found.sort((a, b) => (starts(b) - starts(a))
      || ((nodes[b].deg || 0) - (nodes[a].deg || 0)) || nodes[a].l.localeCompare(nodes[b].l, 'de'));
    for (const i of found.slice(0, 20)) {
      const li = el('li');
      li.append(nodeButton(i));
      results.append(li);
    }
    if (found.length > 20) results.append(el('li', 'more', '\u2026 and ' + (found.length - 20) + ' more'));
    if (!found.length) results.append(el('li', 'more', 'No match.'));
  }
  searchBox.addEventListener('input', () => setQuery(searchBox.value));
  searchBox.addEventListener('keydown', (ev) => {
    if (ev.key !== 'Enter') return;
    const first = results.querySelector('button');
    if (first) first.click();
  });

  const relBox = $('relations');
  for (const rel of present) {
    const label = el('label', 'check');
    const box = el('input');
    box.type = 'checkbox';
    box.checked = true;
    box.value = rel.key;
    box.dataset.relation = rel.key;
    box.addEventListener('change', () => {
      if (box.checked) state.rels.add(rel.key); else state.rels.delete(rel.key);
      compute();
    });
    label.append(box, edgeSwatch(rel), el('span', null, rel.label), el('span', 'count', rel.count));
    relBox.append(label);
  }
  const lonerBox = el('input');
  if (loners && loners < N) {
    const label = el('label', 'check');
    lonerBox.type = 'checkbox';
    lonerBox.id = 'loners';
    lonerBox.checked = state.loners;
    lonerBox.addEventListener('change', () => { state.loners = lonerBox.checked; compute(); });
    label.append(lonerBox, el('span', 'muted', 'entities without relations'), el('span', 'count', loners));
    relBox.append(label);
  }

  const countryBox = $('country');
  nodes.map((n, i) => i).filter((i) => nodes[i].c === 'country')
    .sort((a, b) => nodes[a].l.localeCompare(nodes[b].l, 'de'))
    .forEach((i) => {
      const option = el('option', null, nodes[i].l);
      option.value = String(i);
      countryBox.append(option);
    });
  countryBox.addEventListener('change', () => {
    state.country = countryBox.value === '' ? -1 : Number(countryBox.value);
    state.focus = -1;
    compute();
  });

  const fromBox = $('date-from');
  const toBox = $('date-to');
  if (meta.dates.length) {
    for (const box of [fromBox, toBox]) { box.min = meta.dates[0]; box.max = meta.dates[1]; }
  }
  function onDates() { state.from = fromBox.value; state.to = toBox.value; compute(); }
  fromBox.addEventListener('change', onDates);
  toBox.addEventListener('change', onDates);

  const legend = $('legend-classes');
  for (const cls of meta.classes.filter((c) => c.count > 0)) {
    const li = el('li');
    li.append(nodeSwatch(cls), el('span', null, cls.label), el('span', 'count', cls.count));
    legend.append(li);
  }

  $('focus').addEventListener('click', () => { if (selected >= 0) focusOn(selected); });
  $('reset').addEventListener('click', () => showAll());
  $('close').addEventListener('click', () => hideDetails());
  document.addEventListener('keydown', (ev) => { if (ev.key === 'Escape') hideDetails(); });

  function focusOn(i) {
    state.focus = i;
    selected = i;
    showNode(i); // first, so that the picture is fitted beside the open panel
    compute();
    network.selectNodes([i]);
    $('focus').disabled = false;
  }
  function showAll() {
    state.query = ''; state.rels = new Set(allRelations); state.country = -1;
    state.from = ''; state.to = ''; state.focus = -1; state.loners = loners === N;
    lonerBox.checked = state.loners;
    searchBox.value = ''; countryBox.value = ''; fromBox.value = ''; toBox.value = '';
    relBox.querySelectorAll('input[data-relation]').forEach((b) => { b.checked = true; });
    results.replaceChildren();
    compute();
  }

  // --- details panel -----------------------------------------------------------------------
  let selected = -1;
  const panel = $('details');
  const body = $('details-body');
  function hideDetails() {
    panel.hidden = true;
    selected = -1;
    $('focus').disabled = true;
    network.unselectAll();
  }
  function openPanel() {
    body.replaceChildren();
    panel.scrollTop = 0;
    panel.hidden = false;
  }
  // The panel lies over the right of the canvas: centre things in the part left visible.
  function panelOffset() { return { x: panel.hidden ? 0 : -panel.offsetWidth / 2, y: 0 }; }
  function keepInView(i) {
    const at = network.canvasToDOM(network.getPosition(i));
    const right = $('graph').clientWidth - (panel.hidden ? 0 : panel.offsetWidth);
    if (at.x < 40 || at.y < 40 || at.x > right - 40 || at.y > $('graph').clientHeight - 40) {
      network.moveTo({ position: network.getPosition(i), offset: panelOffset(), animation: false });
    }
  }
  function facts(rows) {
    const dl = el('dl', 'facts');
    for (const [name, value] of rows) {
      dl.append(el('dt', null, name));
      const dd = el('dd');
      dd.append(value);
      dl.append(dd);
    }
    return dl;
  }
  function selectNode(i, move) {
    if (!nodeOk[i]) showAll(); // a link to a node the filters hide: drop the filters
    if (!nodeOk[i]) { state.loners = true; lonerBox.checked = true; compute(); }
    selected = i;
    network.selectNodes([i]);
    showNode(i);
    if (move) network.focus(i, { scale: Math.max(network.getScale(), 0.9), offset: panelOffset(), animation: false });
    else keepInView(i);
    $('focus').disabled = false;
  }
  function showNode(i) {
    const n = nodes[i];
    const cls = classes[n.c] || classes.other;
    openPanel();
    body.append(el('h2', null, n.l));
    const kind = el('p', 'kind');
    kind.append(nodeSwatch(cls), el('span', null, cls.label));
    body.append(kind);
    const rows = [];
    if (n.wd) rows.push(['Wikidata', link('https://www.wikidata.org/wiki/' + encodeURIComponent(n.wd), n.wd)]);
    if (n.alt && n.alt.length) rows.push(['Also', document.createTextNode(n.alt.join(' \u00b7 '))]);
    if (n.co !== undefined) rows.push(['Country', nodeButton(n.co)]);
    rows.push(['Relations', document.createTextNode(String(adjacent[i].length))]);
    body.append(facts(rows));
    const actions = el('div', 'actions');
    const only = el('button', null, 'Only its neighbours');
    only.type = 'button';
    only.addEventListener('click', () => focusOn(i));
    actions.append(only);
    body.append(actions);
    showRelations(i);
    showMentions(n);
  }
  function showRelations(i) {
    if (!adjacent[i].length) return;
    body.append(el('h3', null, 'Relations and sources'));
    for (const rel of meta.relations) {
      const mine = adjacent[i].filter((k) => edges[k].r === rel.key);
      if (!mine.length) continue;
      const h = el('h4');
      h.append(edgeSwatch(rel), el('span', null, rel.label + ' (' + mine.length + ')'));
      body.append(h);
      const ul = el('ul', 'rel-list');
      mine.sort((a, b) => otherLabel(i, a).localeCompare(otherLabel(i, b), 'de'));
      for (const k of mine) ul.append(relationItem(i, k));
      body.append(ul);
    }
  }
  function otherLabel(i, k) { return nodes[edges[k].f === i ? edges[k].t : edges[k].f].l; }
  function relationItem(i, k) {
    const e = edges[k];
    const other = e.f === i ? e.t : e.f;
    const li = el('li');
    const details = el('details');
    const summary = el('summary');
    const rel = relations[e.r];
    if (rel.directed) summary.append(el('span', 'muted', e.f === i ? '\u2192 ' : '\u2190 '));
    summary.append(el('span', 'other', nodes[other].l));
    if (e.l) summary.append(el('span', null, ' as ' + e.l));
    const n = sources(e);
    if (n) summary.append(el('span', 'count', ' \u00b7 ' + n + (n === 1 ? ' source' : ' sources')));
    details.append(summary);
    details.addEventListener('toggle', () => {
      if (!details.open || details.children.length > 1) return;
      const go = el('div', 'actions');
      go.append(nodeButton(other));
      go.firstChild.textContent = 'Go to ' + nodes[other].l;
      details.append(evidenceList(e), go);
    });
    li.append(details);
    return li;
  }
  function showMentions(n) {
    const docs = n.m || [];
    if (!docs.length) return;
    body.append(el('h3', null, 'Mentioned in ' + docs.length + (docs.length === 1 ? ' article' : ' articles')));
    const ol = el('ul', 'docs');
    const sorted = docs.slice().sort((a, b) => (data.docs[b].d || '').localeCompare(data.docs[a].d || ''));
    for (const d of sorted.slice(0, 15)) ol.append(docItem(d));
    if (docs.length > 15) ol.append(el('li', 'muted', '\u2026 and ' + (docs.length - 15) + ' more'));
    body.append(ol);
  }
  function docItem(d) {
    const doc = data.docs[d];
    const li = el('li');
    li.append(link(doc.u, doc.ti || doc.id));
    if (doc.d) li.append(el('span', 'muted', ' \u00b7 ' + doc.d));
    return li;
  }
  function showEdge(k) {
    const e = edges[k];
    const rel = relations[e.r];
    selected = -1;
    $('focus').disabled = true;
    openPanel();
    body.append(el('h2', null, nodes[e.f].l + ' ' + (e.l ? '\u2013 ' + e.l + ' \u2013' : rel.label) + ' ' + nodes[e.t].l));
    const kind = el('p', 'kind');
    kind.append(edgeSwatch(rel), el('span', null, rel.label));
    body.append(kind);
    const rows = [[rel.directed ? 'From' : 'Between', nodeButton(e.f)], [rel.directed ? 'To' : 'and', nodeButton(e.t)]];
    if (e.l) rows.push(['Role', document.createTextNode(e.l)]);
    if (e.dt && e.dt.length) rows.push(['Dates', document.createTextNode(e.dt.map(dateText).join(', '))]);
    body.append(facts(rows));
    body.append(el('h3', null, 'Sources'));
    body.append(evidenceList(e));
  }
  function dateText(d) { return d[0] === d[1] ? d[0] : d[0] + ' \u2013 ' + d[1]; }
  function evidenceList(e) {
    const ul = el('ul', 'evidence');
    const seen = new Set();
    for (const v of e.ev || []) {
      const ev = data.events[v];
      if (!(ev.sp || []).length) ul.append(eventWithoutSentence(ev));
      for (const s of ev.sp || []) {
        if (!seen.has(s)) { seen.add(s); ul.append(spanItem(data.spans[s], ev)); }
      }
    }
    for (const s of e.sp || []) if (!seen.has(s)) { seen.add(s); ul.append(spanItem(data.spans[s], null)); }
    if (!ul.children.length) ul.append(el('li', 'muted', 'No source sentence recorded.'));
    return ul;
  }
  function highlighted(text, trigger) {
    const q = el('blockquote');
    const at = trigger ? text.toLowerCase().indexOf(trigger.toLowerCase()) : -1;
    if (at < 0) { q.textContent = text; return q; }
    q.append(document.createTextNode(text.slice(0, at)), el('mark', null, text.slice(at, at + trigger.length)),
      document.createTextNode(text.slice(at + trigger.length)));
    return q;
  }
  function eventMeta(box, ev) {
    if (!ev) return;
    box.append(el('span', 'badge', ev.t));
    if (ev.s && ev.s !== 'occurred') {
      box.append(el('span', ev.s === 'planned' || ev.s === 'negated' ? 'badge ' + ev.s : 'badge', ev.s));
    }
    if (ev.d) box.append(el('span', null, 'event date ' + ev.d));
  }
  function spanItem(span, ev) {
    const li = el('li');
    li.append(highlighted(span.x || '', span.tr || ''));
    const box = el('div', 'meta');
    const doc = data.docs[span.doc];
    if (doc) {
      box.append(link(doc.u, doc.ti || doc.id));
      if (doc.d) box.append(el('span', null, doc.d));
    }
    eventMeta(box, ev);
    if (span.cf !== undefined) box.append(el('span', null, 'confidence ' + span.cf));
    li.append(box);
    return li;
  }
  function eventWithoutSentence(ev) {
    const li = el('li');
    const box = el('div', 'meta');
    eventMeta(box, ev);
    for (const d of ev.doc || []) box.append(docItem(d));
    li.append(box);
    return li;
  }

  // Zoomed out, vis-network drops labels that would be too small to read. The busiest
  // visible nodes keep theirs at a readable size, so the overview still has place names.
  const hubs = nodes.map((n, i) => i).filter((i) => nodes[i].deg > 1)
    .sort((a, b) => nodes[b].deg - nodes[a].deg || a - b).slice(0, 500);
  network.on('afterDrawing', (ctx) => {
    const scale = network.getScale();
    if (13 * scale >= LABEL_THRESHOLD) return; // vis-network draws every label itself
    ctx.save();
    ctx.font = '600 ' + (12.5 / scale) + 'px ' + font;
    ctx.textAlign = 'center';
    ctx.textBaseline = 'top';
    ctx.lineJoin = 'round';
    ctx.lineWidth = 4 / scale;
    ctx.strokeStyle = 'rgba(255, 255, 255, 0.92)';
    ctx.fillStyle = '#1d2433';
    const taken = [];
    for (const i of hubs) {
      if (taken.length >= 14) break;
      if (!nodeOk[i] || fontSize(nodes[i]) * scale >= LABEL_THRESHOLD) continue; // vis draws it
      const at = network.getPosition(i);
      const y = at.y + nodeSize(nodes[i]) + 3 / scale;
      if (taken.some((t) => Math.abs(t.x - at.x) * scale < 110 && Math.abs(t.y - y) * scale < 22)) continue;
      taken.push({ x: at.x, y: y });
      ctx.strokeText(nodes[i].l, at.x, y);
      ctx.fillText(nodes[i].l, at.x, y);
    }
    ctx.restore();
  });

  network.on('click', (p) => {
    if (p.nodes.length) selectNode(p.nodes[0], false);
    else if (p.edges.length) showEdge(p.edges[0]);
    else hideDetails();
  });
  network.on('doubleClick', (p) => { if (p.nodes.length) focusOn(p.nodes[0]); });

  // --- a small API for people and tests ----------------------------------------------------
  function indexOf(iri) {
    if (!nodeIndex.has(iri)) throw new Error('no node ' + iri);
    return nodeIndex.get(iri);
  }
  const api = {
    ready: false,
    readyMs: null,
    data: data,
    network: network,
    // What vis-network will draw, read back from it (not from our own flags).
    visibleNodeIds: () => (fastHide ? network.body.nodeIndices.slice()
      : visNodes.getIds({ filter: (n) => !n.hidden })).sort((a, b) => a - b).map((i) => nodes[i].iri),
    visibleEdgeCount: () => (fastHide ? network.body.edgeIndices.length
      : visEdges.getIds({ filter: (e) => !e.hidden }).length),
    search: (q) => { searchBox.value = q; setQuery(q); },
    setRelations: (keys) => {
      state.rels = new Set(keys);
      relBox.querySelectorAll('input[data-relation]').forEach((b) => { b.checked = state.rels.has(b.value); });
      compute();
    },
    setCountry: (iri) => { countryBox.value = iri ? String(indexOf(iri)) : ''; countryBox.dispatchEvent(new Event('change')); },
    setDateRange: (from, to) => { fromBox.value = from || ''; toBox.value = to || ''; onDates(); },
    focus: (iri) => focusOn(indexOf(iri)),
    select: (iri) => selectNode(indexOf(iri), true),
    selectEdge: (k) => showEdge(k),
    showAll: showAll,
  };
  window.ddkg = api;
  compute();
  // Physics is off: once drawn, the picture is at rest.
  network.once('afterDrawing', () => {
    api.ready = true;
    api.readyMs = performance.now();
    document.documentElement.dataset.ready = 'true';
  });
}());
