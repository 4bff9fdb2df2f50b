/*
 * VisuTility live dashboard: plain ES2020, no framework. Reads the REST API (with the token from the
 * header, when set), polls the per-second telemetry series of the selected model, and follows the
 * journal's events over SSE read with fetch() so that the Authorization header can be sent.
 */
(() => {
  'use strict';

  const TOKEN_KEY = 'visutility.token';
  const POLL_MS = 1500;
  const VISIBLE_MS = 10 * 60 * 1000;
  const MAX_EVENTS = 200;
  const RELEVANT = new Set(['model_version_registered', 'alias_moved', 'version_deprecated', 'model_created',
    'retrain_queued', 'retrain_merged', 'retrain_started', 'retrain_finished', 'study_recorded',
    'promotion_decided', 'retrain_config_set', 'detection_raised']);
  const PALETTE = ['#2f6fde', '#d64545', '#1e9e5a', '#d99100', '#8e44ad', '#16a2b8', '#7f8c8d', '#e67e22',
    '#34495e', '#c0392b', '#27ae60', '#2980b9', '#f39c12', '#9b59b6', '#1abc9c', '#95a5a6'];

  const $ = (id) => document.getElementById(id);
  const state = {
    token: localStorage.getItem(TOKEN_KEY) || '',
    models: [],
    versions: {},          // model -> [version JSON]
    selected: null,
    points: [],            // series points of the selected model, oldest first
    detections: new Map(), // key -> detection
    charts: {},
    pollTimer: null,
    seriesGeneration: 0,
    lastEventId: null,
    stream: null,
    refreshTimer: null,
  };

  // ---------- API ----------

  class ApiError extends Error {
    constructor(status, message) { super(message); this.status = status; }
  }

  function headers(extra) {
    const h = Object.assign({}, extra || {});
    if (state.token) h['Authorization'] = 'Bearer ' + state.token;
    return h;
  }

  async function api(path, options) {
    const opts = Object.assign({}, options || {});
    opts.headers = headers(opts.headers);
    const res = await fetch(path, opts);
    if (!res.ok) throw await problem(res);
    authOk();
    if (res.status === 204) return null;
    return res.json();
  }

  async function problem(res) {
    let detail = res.statusText || ('HTTP ' + res.status);
    try {
      const body = await res.json();
      if (body && body.detail) detail = body.detail;
    } catch (e) { /* not a problem document */ }
    if (res.status === 401 || res.status === 403) authFailed(res.status, detail);
    return new ApiError(res.status, detail);
  }

  function authFailed(status, detail) {
    const box = $('auth-message');
    box.hidden = false;
    box.textContent = status === 401
      ? 'The server needs an API token: paste one into "API token" above (create it with "visutility token create --role read"). Server said: ' + detail
      : 'Your token is not allowed to do this: ' + detail;
  }

  function authOk() {
    const box = $('auth-message');
    if (!box.hidden && box.dataset.sticky !== 'true') box.hidden = true;
  }

  const enc = encodeURIComponent;

  // ---------- helpers ----------

  function el(tag, attrs, ...children) {
    const e = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs || {})) {
      if (v === undefined || v === null || v === false) continue;
      if (k === 'class') e.className = v;
      else if (k === 'text') e.textContent = v;
      else if (k.startsWith('on')) e.addEventListener(k.slice(2), v);
      else e.setAttribute(k, v === true ? '' : v);
    }
    for (const c of children.flat()) {
      if (c === null || c === undefined || c === false) continue;
      e.append(c instanceof Node ? c : document.createTextNode(String(c)));
    }
    return e;
  }

  function compareSemver(a, b) {
    const parse = (v) => {
      const [core, pre] = String(v).split('+')[0].split(/-(.*)/s);
      return { nums: core.split('.').map((n) => parseInt(n, 10) || 0), pre: pre === undefined ? null : pre.split('.') };
    };
    const x = parse(a), y = parse(b);
    for (let i = 0; i < 3; i++) if (x.nums[i] !== y.nums[i]) return x.nums[i] - y.nums[i];
    if (x.pre === null || y.pre === null) return x.pre === null ? (y.pre === null ? 0 : 1) : -1;
    for (let i = 0; i < Math.max(x.pre.length, y.pre.length); i++) {
      if (x.pre[i] === undefined) return -1;
      if (y.pre[i] === undefined) return 1;
      const nx = /^\d+$/.test(x.pre[i]), ny = /^\d+$/.test(y.pre[i]);
      if (nx && ny && x.pre[i] !== y.pre[i]) return parseInt(x.pre[i], 10) - parseInt(y.pre[i], 10);
      if (nx !== ny) return nx ? -1 : 1;
      if (x.pre[i] !== y.pre[i]) return x.pre[i] < y.pre[i] ? -1 : 1;
    }
    return 0;
  }

  function fmt(n, digits) {
    if (n === null || n === undefined || Number.isNaN(n)) return '–';
    if (typeof n !== 'number') return String(n);
    return Math.abs(n) >= 1000 ? n.toFixed(0) : n.toFixed(digits === undefined ? 3 : digits).replace(/\.?0+$/, '');
  }

  function time(iso) {
    if (!iso) return '';
    const d = new Date(iso);
    return Number.isNaN(d.getTime()) ? String(iso) : d.toLocaleString();
  }

  function showMessage(text, ok) {
    const box = $('action-message');
    box.hidden = false;
    box.className = ok ? 'banner info' : 'banner';
    box.textContent = text;
    clearTimeout(showMessage.timer);
    showMessage.timer = setTimeout(() => { box.hidden = true; }, ok ? 5000 : 12000);
  }

  // ---------- models ----------

  async function loadModels() {
    let models;
    try {
      models = await api('/api/v1/models');
    } catch (e) {
      $('model-list').replaceChildren(el('li', { class: 'empty', text: 'cannot list models: ' + e.message }));
      return;
    }
    const versions = {};
    await Promise.all(models.map(async (m) => {
      try {
        versions[m.name] = (await api('/api/v1/models/' + enc(m.name) + '/versions'))
          .sort((a, b) => compareSemver(a.version, b.version));
      } catch (e) {
        versions[m.name] = [];
      }
    }));
    state.models = models;
    state.versions = versions;
    renderModels();
    if (!state.selected && models.length > 0) {
      const wanted = new URLSearchParams(location.search).get('model');
      select(models.some((m) => m.name === wanted) ? wanted : models[0].name);
    } else {
      renderHead();
    }
  }

  function keyMetrics(model) {
    const vs = state.versions[model.name] || [];
    const prod = model.aliases && model.aliases.production;
    const v = vs.find((x) => x.version === prod) || vs.find((x) => x.version === model.latest_version);
    if (!v || !v.metrics) return '';
    return Object.entries(v.metrics).filter(([, x]) => typeof x === 'number').slice(0, 3)
      .map(([k, x]) => k + ' ' + fmt(x)).join(' · ');
  }

  function renderModels() {
    const list = $('model-list');
    if (state.models.length === 0) {
      list.replaceChildren(el('li', { class: 'empty', text: 'no models registered yet' }));
      return;
    }
    list.replaceChildren(...state.models.map((m) => {
      const vs = state.versions[m.name] || [];
      const items = vs.slice().reverse().map((v) => el('li', { class: v.deprecated ? 'deprecated' : '' },
        el('span', { class: 'v', text: v.version }),
        (v.aliases || []).map((a) => el('span', { class: 'badge' + (a === 'production' ? ' production' : ''), text: a })),
        v.deprecated ? el('span', { class: 'badge deprecated', title: v.deprecation_reason || '', text: 'deprecated' }) : null,
        el('span', { class: 'sha', title: 'SHA-256 ' + v.sha256, text: String(v.sha256 || '').slice(0, 12) })));
      return el('li', {
        class: 'model-item' + (m.name === state.selected ? ' selected' : ''), 'data-model': m.name,
        onclick: () => select(m.name),
      },
      el('div', { class: 'model-name', text: m.name }),
      el('div', { class: 'model-metrics', text: keyMetrics(m) || (vs.length + ' version' + (vs.length === 1 ? '' : 's')) }),
      el('ul', { class: 'versions' }, items.length ? items : el('li', { class: 'empty', text: 'no versions' })));
    }));
  }

  function renderHead() {
    const m = state.models.find((x) => x.name === state.selected);
    $('model-title').textContent = m ? m.name : 'No model selected';
    $('actions').hidden = !m;
    if (!m) { $('model-summary').textContent = state.models.length ? '' : 'Register a model to see it here.'; return; }
    const prod = m.aliases && m.aliases.production;
    $('model-summary').replaceChildren(
      'production: ', el('span', { id: 'production-version', class: 'badge production', text: prod || 'none' }),
      '  ·  latest: ' + (m.latest_version || '–') + '  ·  ' + (m.versions !== undefined ? m.versions : (state.versions[m.name] || []).length) + ' versions');
    const select = $('promote-version');
    const current = select.value;
    const usable = (state.versions[m.name] || []).filter((v) => !v.deprecated).map((v) => v.version).reverse();
    select.replaceChildren(...usable.map((v) => el('option', { value: v, text: v + (v === prod ? ' (production)' : '') })));
    if (usable.includes(current)) select.value = current;
  }

  function select(name) {
    if (state.selected === name) return;
    state.selected = name;
    const url = new URL(location.href);
    url.searchParams.set('model', name);
    history.replaceState(null, '', url);
    state.points = [];
    state.detections = new Map();
    state.seriesGeneration++;
    renderModels();
    renderHead();
    drawCharts();
    refreshModelDetails();
    pollSeries();
  }

  // ---------- series and charts ----------

  async function pollSeries() {
    clearTimeout(state.pollTimer);
    const generation = state.seriesGeneration;
    const name = state.selected;
    if (name) {
      try {
        const last = state.points.length ? state.points[state.points.length - 1].t : null;
        const q = last === null ? '' : '?since=' + last;
        const body = await api('/api/v1/models/' + enc(name) + '/series' + q);
        if (generation === state.seriesGeneration) merge(body);
      } catch (e) {
        /* shown by the auth banner or retried on the next poll */
      }
    }
    if (generation === state.seriesGeneration) state.pollTimer = setTimeout(pollSeries, POLL_MS);
  }

  function merge(body) {
    const byT = new Map(state.points.map((p) => [p.t, p]));
    for (const p of body.points) byT.set(p.t, p);
    const points = [...byT.values()].sort((a, b) => a.t - b.t);
    const newest = points.length ? points[points.length - 1].t : 0;
    state.points = points.filter((p) => p.t > newest - VISIBLE_MS);
    for (const d of body.detections) state.detections.set(d.t + '|' + d.detector + '|' + d.position, d);
    for (const [k, d] of state.detections) if (d.t <= newest - VISIBLE_MS) state.detections.delete(k);
    drawCharts();
  }

  function featureNames() {
    const names = new Set();
    for (const p of state.points) for (const f of Object.keys(p.drift || {})) names.add(f);
    return [...names].sort();
  }

  function chartData(kind) {
    const xs = state.points.map((p) => p.t / 1000);
    const val = (v) => (v === undefined || v === null ? null : v);
    if (kind === 'accuracy') return [xs, state.points.map((p) => val(p.accuracy))];
    if (kind === 'latency') {
      return [xs, state.points.map((p) => val(p.latency_ms && p.latency_ms.mean)),
        state.points.map((p) => val(p.latency_ms && p.latency_ms.p95))];
    }
    return [xs, ...featureNames().map((f) => state.points.map((p) => val(p.drift && p.drift[f])))];
  }

  function seriesOf(kind) {
    if (kind === 'accuracy') return [{}, { label: 'accuracy', stroke: PALETTE[0], width: 2, spanGaps: false, points: { show: false } }];
    if (kind === 'latency') {
      return [{}, { label: 'mean ms', stroke: PALETTE[0], width: 2 }, { label: 'p95 ms', stroke: PALETTE[3], width: 2, dash: [6, 4] }];
    }
    return [{}, ...featureNames().map((f, i) => ({ label: f, stroke: PALETTE[i % PALETTE.length], width: 1.5 }))];
  }

  function markers() {
    const out = [];
    // sorted by time below, so that labels are placed left to right
    for (const d of state.detections.values()) {
      out.push({ t: d.t / 1000, color: d.severity === 'drift' ? '#d64545' : '#d99100', label: d.detector,
        text: 'detection ' + d.detector + ' (' + d.severity + ')' + (d.version ? ' on ' + d.version : '') + ': ' + d.reason });
    }
    let previous = null;
    for (const p of state.points) {
      if (p.version && previous && p.version !== previous) {
        out.push({ t: p.t / 1000, color: '#2f6fde', label: 'v' + p.version, dashed: true,
          text: 'version change: ' + previous + ' → ' + p.version });
      }
      if (p.version) previous = p.version;
    }
    return out.sort((a, b) => a.t - b.t);
  }

  function markerPlugin() {
    return {
      hooks: {
        draw: [(u) => {
          const ctx = u.ctx;
          const { left, top, width, height } = u.bbox;
          ctx.save();
          ctx.font = (11 * devicePixelRatio) + 'px system-ui, sans-serif';
          let labelledUpTo = -Infinity; // labels that would overlap are left to the tooltip
          for (const m of markers()) {
            const x = Math.round(u.valToPos(m.t, 'x', true));
            if (x < left || x > left + width) continue;
            ctx.strokeStyle = m.color;
            ctx.fillStyle = m.color;
            ctx.globalAlpha = 0.12;
            ctx.fillRect(x - 3 * devicePixelRatio, top, 6 * devicePixelRatio, height);
            ctx.globalAlpha = 1;
            ctx.lineWidth = 1.5 * devicePixelRatio;
            ctx.setLineDash(m.dashed ? [4 * devicePixelRatio, 3 * devicePixelRatio] : []);
            ctx.beginPath();
            ctx.moveTo(x, top);
            ctx.lineTo(x, top + height);
            ctx.stroke();
            if (x >= labelledUpTo) {
              ctx.fillText(m.label, x + 4 * devicePixelRatio, top + 12 * devicePixelRatio);
              labelledUpTo = x + ctx.measureText(m.label).width + 12 * devicePixelRatio;
            }
          }
          ctx.restore();
        }],
        setCursor: [(u) => {
          const tip = $('tooltip');
          const left = u.cursor.left;
          if (left === undefined || left < 0) { tip.hidden = true; return; }
          const near = markers().filter((m) => Math.abs(u.valToPos(m.t, 'x') - left) <= 6);
          if (near.length === 0) { tip.hidden = true; return; }
          const rect = u.over.getBoundingClientRect();
          tip.replaceChildren(...near.map((m) => el('div', { text: m.text })));
          tip.style.left = Math.min(window.innerWidth - 380, rect.left + left + 12) + 'px';
          tip.style.top = (rect.top + (u.cursor.top || 0) + 12) + 'px';
          tip.hidden = false;
        }],
      },
    };
  }

  function chartWidth(kind) {
    return Math.max(300, $('chart-' + kind).clientWidth || 600);
  }

  function drawCharts() {
    for (const kind of ['accuracy', 'latency', 'drift']) drawChart(kind);
  }

  function drawChart(kind) {
    if (typeof uPlot === 'undefined') return;
    const data = chartData(kind);
    const series = seriesOf(kind);
    const signature = series.map((s) => s.label || '').join('|');
    const hasData = data[0].length > 0 && data.slice(1).some((ys) => ys.some((y) => y !== null));
    const empty = document.querySelector('.chart-empty[data-for="' + kind + '"]');
    empty.hidden = hasData;
    empty.textContent = state.selected ? (kind === 'drift' && data[0].length > 0 ? 'no feature drift statistics yet' : 'no telemetry yet') : 'no model selected';
    let chart = state.charts[kind];
    if (chart && chart.signature !== signature) {
      chart.plot.destroy();
      chart = null;
    }
    if (!chart) {
      const opts = {
        width: chartWidth(kind), height: 200,
        scales: { x: { time: true }, y: kind === 'accuracy' ? { range: [0, 1] } : { auto: true } },
        axes: [{}, { size: 56, values: (u, vals) => vals.map((v) => fmt(v, 2)) }],
        series, legend: { show: true }, plugins: [markerPlugin()],
      };
      const target = $('chart-' + kind);
      target.replaceChildren();
      chart = { plot: new uPlot(opts, data, target), signature };
      state.charts[kind] = chart;
    } else {
      chart.plot.setData(data);
    }
  }

  window.addEventListener('resize', () => {
    for (const [kind, c] of Object.entries(state.charts)) c.plot.setSize({ width: chartWidth(kind), height: 200 });
  });

  // ---------- jobs and promotions ----------

  async function refreshModelDetails() {
    const name = state.selected;
    if (!name) return;
    await Promise.all([loadPromotions(name), loadJobs(name)]);
  }

  async function loadPromotions(name) {
    let body;
    try {
      body = await api('/api/v1/models/' + enc(name) + '/promotions');
    } catch (e) {
      $('promotions').replaceChildren(el('tr', {}, el('td', { colspan: 6, class: 'empty', text: 'cannot read promotions: ' + e.message })));
      return;
    }
    if (name !== state.selected) return;
    const pending = (body.pending || []).map((p) => {
      const version = p.candidate || p.version;
      const alias = p.alias || 'production';
      return el('div', { class: 'pending-item' },
        el('span', { class: 'badge decision-held', text: 'waiting for approval' }),
        el('span', {}, version + ' for ' + alias + (p.reason ? ' — ' + p.reason : '')),
        el('button', { class: 'small', type: 'button', onclick: () => decide(name, version, alias, 'approve') }, 'Approve'),
        el('button', { class: 'small warn', type: 'button', onclick: () => decide(name, version, alias, 'reject') }, 'Reject'));
    });
    $('pending').replaceChildren(...pending);
    const rows = (body.decisions || []).slice().reverse().map((d) => el('tr', {},
      el('td', { text: time(d.decided_at) }),
      el('td', {}, el('span', { class: 'badge decision-' + d.decision, text: d.decision })),
      el('td', { text: d.candidate || '–' }),
      el('td', { text: d.champion || '–' }),
      el('td', { text: d.metric ? d.metric + ' ' + fmt(d.candidate_value) + ' vs ' + fmt(d.champion_value) : '–' }),
      el('td', { text: d.reason || '' })));
    $('promotions').replaceChildren(...(rows.length ? rows
      : [el('tr', {}, el('td', { colspan: 6, class: 'empty', text: 'no promotion decisions yet' }))]));
  }

  async function loadJobs(name) {
    let jobs;
    try {
      jobs = await api('/api/v1/jobs?model=' + enc(name));
    } catch (e) {
      $('jobs').replaceChildren(el('p', { class: 'empty', text: 'cannot read jobs: ' + e.message }));
      return;
    }
    let trials = new Map();
    if (jobs.length > 0) trials = await loadTrials(name);
    if (name !== state.selected) return;
    if (jobs.length === 0) {
      $('jobs').replaceChildren(el('p', { class: 'empty', text: 'no retrain jobs yet' }));
      return;
    }
    $('jobs').replaceChildren(...jobs.slice().reverse().slice(0, 20).map((j) => {
      const trial = j.trial !== null && j.trial !== undefined ? trials.get(j.trial) : null;
      return el('div', { class: 'job' },
        el('div', { class: 'job-head' },
          el('span', { class: 'badge state-' + j.state, text: j.state }),
          el('span', { class: 'job-id', text: j.id }),
          el('span', { class: 'muted', text: 'attempts ' + j.attempts + ' · ' + j.trigger + (j.parent_version ? ' · from ' + j.parent_version : '') }),
          j.new_version ? el('span', { class: 'badge production', text: 'new version ' + j.new_version }) : null),
        el('div', { class: 'job-body' },
          (j.reasons || []).length ? el('div', { text: 'reasons: ' + j.reasons.join('; ') }) : null,
          j.params ? el('div', { text: 'params: ' + JSON.stringify(j.params) }) : null,
          j.metrics ? el('div', { text: 'metrics: ' + JSON.stringify(j.metrics) }) : null,
          j.failure ? el('div', { text: 'failure: ' + j.failure }) : null,
          el('div', { text: 'queued ' + time(j.queued_at) + (j.finished_at ? ' · finished ' + time(j.finished_at) : '') })),
        trial ? trialTable([trial]) : null);
    }), ...(trials.size > 0 ? [el('h3', { text: 'Tuning trials' }), trialTable([...trials.values()])] : []));
  }

  async function loadTrials(name) {
    const trials = new Map();
    let study = 'default';
    try {
      const config = await api('/api/v1/models/' + enc(name) + '/retrain-config');
      if (config && config.study) study = config.study;
    } catch (e) { /* no configuration: the default study */ }
    let steps;
    try {
      steps = await api('/api/v1/models/' + enc(name) + '/studies/' + enc(study));
    } catch (e) {
      return trials; // 404: nothing recorded
    }
    for (const s of steps) {
      const step = s.step || {};
      const t = trials.get(step.trial) || { trial: step.trial, study, params: null, state: 'asked', value: null };
      if (step.type === 'trial_asked') t.params = step.params;
      else if (step.type === 'trial_completed') { t.state = 'completed'; t.value = step.value; }
      else if (step.type === 'trial_failed') { t.state = 'failed'; t.value = step.reason; }
      else if (step.type === 'trial_pruned') { t.state = 'pruned'; t.value = step.value; }
      trials.set(step.trial, t);
    }
    return trials;
  }

  function trialTable(trials) {
    return el('table', { class: 'table trials' },
      el('thead', {}, el('tr', {}, el('th', { text: 'trial' }), el('th', { text: 'state' }), el('th', { text: 'params' }), el('th', { text: 'score' }))),
      el('tbody', {}, trials.map((t) => el('tr', {},
        el('td', { text: t.study + ' #' + t.trial }), el('td', { text: t.state }),
        el('td', { text: t.params ? Object.entries(t.params).map(([k, v]) => k + '=' + fmt(v, 5)).join(', ') : '–' }),
        el('td', { text: typeof t.value === 'number' ? fmt(t.value, 4) : (t.value || '–') })))));
  }

  // ---------- admin actions ----------

  async function act(question, path, method, body, success) {
    if (!window.confirm(question)) return;
    try {
      await api(path, { method, headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) });
      showMessage(success, true);
      scheduleRefresh();
    } catch (e) {
      showMessage(e.status === 403 ? 'This needs an admin token: ' + e.message : 'Failed: ' + e.message, false);
    }
  }

  function decide(name, version, alias, verb) {
    act(verb === 'approve' ? 'Approve ' + name + ' ' + version + ' for ' + alias + '?' : 'Reject ' + name + ' ' + version + '?',
      '/api/v1/models/' + enc(name) + '/versions/' + enc(version) + '/' + verb, 'POST', { alias },
      (verb === 'approve' ? 'Approved ' : 'Rejected ') + version);
  }

  $('promote').addEventListener('click', () => {
    const name = state.selected, version = $('promote-version').value;
    if (!name || !version) return;
    act('Move production of ' + name + ' to ' + version + '?', '/api/v1/models/' + enc(name) + '/aliases/production',
      'PUT', { version }, 'production → ' + version);
  });

  $('rollback').addEventListener('click', () => {
    const name = state.selected;
    if (!name) return;
    act('Roll production of ' + name + ' back to its previous version?', '/api/v1/models/' + enc(name) + '/aliases/production/rollback',
      'POST', { reason: 'rolled back from the dashboard' }, 'production rolled back');
  });

  function scheduleRefresh() {
    clearTimeout(state.refreshTimer);
    state.refreshTimer = setTimeout(() => { loadModels(); refreshModelDetails(); }, 150);
  }

  // ---------- events (SSE over fetch) ----------

  function describe(e) {
    const x = e.event || {};
    switch (e.type) {
      case 'model_version_registered': {
        const l = x.lineage || {};
        return e.model + ' ' + x.version + ' registered' + (l.training_job_id ? ' by job ' + l.training_job_id : '')
          + (l.parent_version ? ' (parent ' + l.parent_version + ')' : '');
      }
      case 'alias_moved': return e.model + ': alias ' + x.alias + ' → ' + x.version + (x.previous_version ? ' (was ' + x.previous_version + ')' : '');
      case 'version_deprecated': return e.model + ' ' + x.version + ' deprecated' + (x.reason ? ': ' + x.reason : '');
      case 'detection_raised': return e.model + ' ' + (x.version || '') + ': detection ' + x.detector + ' (' + x.severity + '): ' + x.reason;
      case 'monitor_policy_set': return e.model + ': monitor policy set';
      case 'retrain_queued': return e.model + ': retrain queued as ' + x.job_id + ' (' + x.trigger + (x.reason ? ': ' + x.reason : '') + ')';
      case 'retrain_merged': return e.model + ': retrain request merged into ' + x.job_id;
      case 'retrain_declined': return e.model + ': retrain declined: ' + x.reason;
      case 'retrain_started': return e.model + ': job ' + x.job_id + ' attempt ' + x.attempt + ' started' + (x.trial !== null && x.trial !== undefined ? ' (trial ' + x.trial + ')' : '');
      case 'retrain_finished': return e.model + ': job ' + x.job_id + ' ' + x.outcome + (x.new_version ? ' → ' + x.new_version : '') + (x.reason ? ': ' + x.reason : '');
      case 'study_recorded': return e.model + ': study ' + x.study + ' ' + ((x.step && x.step.type) || 'step').replace('_', ' ') + ' #' + (x.step && x.step.trial);
      case 'promotion_decided': return e.model + ': promotion ' + x.decision + ' ' + (x.candidate || '') + (x.reason ? ' — ' + x.reason : '');
      case 'retrain_config_set': return e.model + ': retrain configuration set';
      case 'model_created': return e.model + ' created';
      default: return e.model + ': ' + e.type;
    }
  }

  function addEvent(e) {
    const list = $('events');
    const empty = list.querySelector('.empty');
    if (empty) empty.remove();
    const when = Object.entries(e.event || {}).find(([k]) => k.endsWith('_at'));
    list.prepend(el('li', { class: 'type-' + e.type, 'data-id': e.id },
      el('span', { class: 'when', text: '#' + e.id + ' · ' + (when ? time(when[1]) : '') }), describe(e)));
    while (list.children.length > MAX_EVENTS) list.lastElementChild.remove();
    if (RELEVANT.has(e.type)) {
      if (e.type !== 'detection_raised' && e.type !== 'study_recorded') scheduleRefresh();
      else if (e.model === state.selected) scheduleRefresh();
    }
  }

  function setConnection(kind, text) {
    const pill = $('connection');
    pill.className = 'pill ' + (kind === 'live' ? 'pill-live' : kind === 'bad' ? 'pill-bad' : 'pill-wait');
    pill.textContent = text;
  }

  async function followEvents() {
    let backoff = 1000;
    for (;;) {
      const controller = new AbortController();
      state.stream = controller;
      try {
        const q = state.lastEventId === null ? '' : '?after=' + state.lastEventId;
        const res = await fetch('/api/v1/events' + q, { headers: headers({ Accept: 'text/event-stream' }), signal: controller.signal });
        if (!res.ok) {
          const p = await problem(res);
          if (res.status === 400 && state.lastEventId !== null) state.lastEventId = null; // a position this server does not have
          throw p;
        }
        setConnection('live', 'live');
        backoff = 1000;
        await readFrames(res.body, (frame) => {
          if (frame.id !== undefined && /^\d+$/.test(frame.id)) state.lastEventId = parseInt(frame.id, 10);
          if (!frame.data) return;
          if (frame.event === 'missed') { scheduleRefresh(); return; }
          try { addEvent(JSON.parse(frame.data)); } catch (err) { /* a frame that is not an event */ }
        });
        throw new Error('the event stream ended');
      } catch (e) {
        if (state.stream !== controller) return; // replaced by a new stream (token changed)
        const auth = e instanceof ApiError && (e.status === 401 || e.status === 403);
        setConnection(auth ? 'bad' : 'wait', auth ? 'no access' : 'reconnecting…');
        await new Promise((r) => setTimeout(r, auth ? Math.max(backoff, 5000) : backoff));
        if (state.stream !== controller) return;
        backoff = Math.min(backoff * 2, 15000);
      }
    }
  }

  /** Parses Server-Sent Events frames: field lines, terminated by a blank line; comments ignored. */
  async function readFrames(body, onFrame) {
    const reader = body.getReader();
    const decoder = new TextDecoder();
    let buffer = '';
    let frame = {};
    for (;;) {
      const { value, done } = await reader.read();
      if (done) return;
      buffer += decoder.decode(value, { stream: true });
      let nl;
      while ((nl = buffer.search(/\r\n|\n|\r/)) >= 0) {
        const line = buffer.slice(0, nl);
        buffer = buffer.slice(nl + (buffer.startsWith('\r\n', nl) ? 2 : 1));
        if (line === '') {
          if (Object.keys(frame).length) onFrame(frame);
          frame = {};
          continue;
        }
        if (line.startsWith(':')) continue;
        const colon = line.indexOf(':');
        const field = colon < 0 ? line : line.slice(0, colon);
        let val = colon < 0 ? '' : line.slice(colon + 1);
        if (val.startsWith(' ')) val = val.slice(1);
        if (field === 'data') frame.data = frame.data === undefined ? val : frame.data + '\n' + val;
        else if (field === 'id' || field === 'event') frame[field] = val;
      }
    }
  }

  function restartStream() {
    if (state.stream) state.stream.abort();
    state.stream = null;
    followEvents();
  }

  // ---------- token ----------

  $('token').value = state.token;
  $('token-form').addEventListener('submit', (ev) => {
    ev.preventDefault();
    state.token = $('token').value.trim();
    if (state.token) localStorage.setItem(TOKEN_KEY, state.token); else localStorage.removeItem(TOKEN_KEY);
    $('auth-message').hidden = true;
    restartStream();
    loadModels();
    refreshModelDetails();
  });
  $('token-clear').addEventListener('click', () => {
    $('token').value = '';
    $('token-form').requestSubmit();
  });

  /** Test-only, read-only hook: what the page shows, for the browser tests. Not an API. */
  window.visutility = Object.freeze({
    chartPoints: (name) => {
      const c = state.charts[name];
      return c ? c.plot.data[0].length : 0;
    },
    selectedModel: () => state.selected,
    production: () => {
      const m = state.models.find((x) => x.name === state.selected);
      return m && m.aliases ? (m.aliases.production || null) : null;
    },
    detections: () => state.detections.size,
    events: () => $('events').querySelectorAll('li[data-id]').length,
  });

  loadModels();
  followEvents();
})();
