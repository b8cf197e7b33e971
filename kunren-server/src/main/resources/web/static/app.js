// Shared by every page: language, API calls with the CSRF token, live events, small SVG charts.
'use strict';

const Kunren = (() => {
  let strings = {};
  const languageListeners = [];
  let session = { role: 'none' };

  function language() {
    const chosen = localStorage.getItem('kunren.lang');
    if (chosen === 'en' || chosen === 'ja') return chosen;
    return (navigator.language || 'en').toLowerCase().startsWith('ja') ? 'ja' : 'en';
  }

  async function loadLanguage(lang) {
    const response = await fetch('/static/i18n/' + lang + '.json');
    strings = await response.json();
    document.documentElement.lang = lang;
    document.querySelectorAll('[data-i18n]').forEach(el => { el.textContent = t(el.dataset.i18n); });
    document.querySelectorAll('[data-i18n-placeholder]').forEach(el => { el.placeholder = t(el.dataset.i18nPlaceholder); });
    const select = document.getElementById('lang');
    if (select) select.value = lang;
  }

  /** A translated string; {name} placeholders are filled from params. */
  function t(key, params = {}) {
    const text = strings[key] ?? key;
    return text.replace(/\{(\w+)\}/g, (_, name) => params[name] ?? '');
  }

  /** A translation if there is one, else the fallback: roles and components a scenario names itself. */
  function tOr(key, fallback, params = {}) {
    return key in strings ? t(key, params) : fallback;
  }

  /** A message's text in the page's language, else in whatever language it was written. */
  function textIn(text) {
    return text[document.documentElement.lang] || text[''] || Object.values(text)[0] || '';
  }

  async function api(method, path, body) {
    const headers = { 'Accept': 'application/json' };
    if (method !== 'GET') headers['X-CSRF-Token'] = session.csrfToken || '';
    let payload;
    if (body !== undefined) {
      if (typeof body === 'string') { payload = body; headers['Content-Type'] = 'text/plain'; }
      else { payload = JSON.stringify(body); headers['Content-Type'] = 'application/json'; }
    }
    const response = await fetch(path, { method, headers, body: payload, credentials: 'same-origin' });
    const text = await response.text();
    const data = text ? JSON.parse(text) : null;
    if (!response.ok) {
      const error = new Error(data && data.detail ? data.detail : response.statusText);
      error.problem = data;
      error.status = response.status;
      throw error;
    }
    return data;
  }

  async function start(onReady) {
    await loadLanguage(language());
    const select = document.getElementById('lang');
    if (select) select.addEventListener('change', async () => {
      localStorage.setItem('kunren.lang', select.value);
      await loadLanguage(select.value);
      languageListeners.forEach(listener => listener());
    });
    projector(localStorage.getItem('kunren.projector') === 'on');
    session = await api('GET', '/api/session');
    const logout = document.getElementById('logout');
    if (logout) logout.addEventListener('click', async () => { await api('POST', '/api/session/logout'); location.href = '/'; });
    await onReady(session);
  }

  /**
   * Projector mode, for a console shown to a room: larger text and stronger contrast, kept per
   * browser; the header's button or the P key turns it on and off.
   */
  function projector(on) {
    document.documentElement.classList.toggle('projecting', on);
    const button = document.getElementById('projector');
    if (!button) return;
    button.setAttribute('aria-pressed', String(on));
    button.title = t('app.projectorHint');
    if (button.dataset.wired) return;
    button.dataset.wired = 'yes';
    const toggle = () => {
      const now = !document.documentElement.classList.contains('projecting');
      localStorage.setItem('kunren.projector', now ? 'on' : 'off');
      projector(now);
    };
    button.addEventListener('click', toggle);
    document.addEventListener('keydown', e => {
      if (e.altKey || e.ctrlKey || e.metaKey || (e.key !== 'p' && e.key !== 'P')) return;
      if (e.target.closest('input, textarea, select, [contenteditable]')) return;
      toggle();
    });
  }

  /** Follows a drill's timeline live; calls onEvent with each record the session may see. */
  function follow(drillId, onEvent) {
    const source = new EventSource('/api/drills/' + encodeURIComponent(drillId) + '/stream');
    source.addEventListener('timeline', e => onEvent(JSON.parse(e.data)));
    // the drill has ended and everything was sent: reconnecting would only send it again
    source.addEventListener('end', () => source.close());
    return source;
  }

  /** Shows or hides the banner saying the database is unavailable (events wait in order meanwhile). */
  function storeWarning(store) {
    const el = document.getElementById('store-warning');
    if (!el) return;
    el.hidden = !store || store.available;
    if (!el.hidden) {
      el.textContent = t('store.unavailable', { since: new Date(store.since).toLocaleTimeString(), waiting: store.waiting.toLocaleString() });
    }
  }

  function message(text) {
    const el = document.getElementById('message');
    if (el) el.textContent = text || '';
  }

  function toast(text) {
    const el = document.getElementById('toast');
    if (!el) return;
    el.textContent = text;
    el.classList.add('show');
    setTimeout(() => el.classList.remove('show'), 3000);
  }

  /** Seconds of an ISO-8601 duration as Java writes it (PT1M10.5S). */
  function seconds(iso) {
    const m = /^PT(?:(\d+)H)?(?:(\d+)M)?(?:([\d.]+)S)?$/.exec(iso || '');
    return m ? (+(m[1] || 0)) * 3600 + (+(m[2] || 0)) * 60 + (+(m[3] || 0)) : 0;
  }

  /**
   * A duration as the reports write it (Words.duration): 850ms, 42s, 4.5s, 1m 05s, 1h 30m, 48h;
   * in Japanese 42秒, 1分05秒, 1時間30分. A point in drill time is a clock (01:05) instead.
   */
  function duration(totalSeconds) {
    if (totalSeconds < 0) return '-' + duration(-totalSeconds);
    const ja = document.documentElement.lang === 'ja';
    const millis = Math.round(totalSeconds * 1000);
    if (millis > 0 && millis < 1000) return millis + (ja ? 'ミリ秒' : 'ms');
    if (millis < 60000) return (millis % 1000 === 0 ? String(millis / 1000) : (millis / 1000).toFixed(1)) + (ja ? '秒' : 's');
    const s = Math.round(millis / 1000);
    const h = Math.floor(s / 3600), m = Math.floor(s % 3600 / 60), sec = s % 60;
    const two = n => String(n).padStart(2, '0');
    if (h === 0) return ja ? m + '分' + two(sec) + '秒' : m + 'm ' + two(sec) + 's';
    // whole hours drop their zero parts, as DurationText does: 48h, 1h 30m
    const parts = ja ? [h + '時間', m || sec ? two(m) + '分' : '', sec ? two(sec) + '秒' : '']
      : [h + 'h', m || sec ? two(m) + 'm' : '', sec ? two(sec) + 's' : ''];
    return parts.filter(Boolean).join(ja ? '' : ' ');
  }

  function clock(totalSeconds) {
    const s = Math.floor(totalSeconds);
    return String(Math.floor(s / 60)).padStart(2, '0') + ':' + String(s % 60).padStart(2, '0');
  }

  function el(tag, attrs = {}, ...children) {
    const node = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs)) {
      if (k.startsWith('on')) node.addEventListener(k.slice(2), v);
      else if (k === 'class') node.className = v;
      else node.setAttribute(k, v);
    }
    children.flat().forEach(c => node.append(c instanceof Node ? c : document.createTextNode(String(c))));
    return node;
  }

  /** A line chart of values as an SVG element. */
  function chart(values, width = 260, height = 80, min = undefined, max = undefined) {
    const ns = 'http://www.w3.org/2000/svg';
    const svg = document.createElementNS(ns, 'svg');
    svg.setAttribute('class', 'chart');
    svg.setAttribute('width', width);
    svg.setAttribute('height', height);
    svg.setAttribute('viewBox', '0 0 ' + width + ' ' + height);
    if (values.length > 0) {
      const lo = min ?? Math.min(...values), hi = max ?? Math.max(...values);
      const span = hi - lo || 1;
      const step = values.length > 1 ? (width - 8) / (values.length - 1) : 0;
      const points = values.map((v, i) => (4 + i * step).toFixed(1) + ',' + (height - 4 - (v - lo) / span * (height - 8)).toFixed(1));
      const line = document.createElementNS(ns, 'polyline');
      line.setAttribute('points', points.join(' '));
      svg.append(line);
    }
    return svg;
  }

  /** A scenario's own text (a title, an alert's summary) in the page's language, if the scenario gives it. */
  function own(byLanguage, asWritten) {
    return (byLanguage && byLanguage[language()]) || asWritten;
  }

  /** One timeline record in words, in the page's language. */
  function describe(record) {
    const e = record.event;
    const p = Object.assign({}, e);
    if (e.type === 'fault-reverted') p.reason = t('reason.' + e.reason);
    if (e.type === 'alert-changed') { p.state = t('alert.state.' + e.state); p.summary = own(e.summaries, e.summary); }
    if (e.type === 'drill-started') p.title = own(e.titles, e.title);
    if (e.type === 'window-closed') { p.availability = e.availability.toFixed(1); p.p99 = Math.round(e.p99Millis).toLocaleString(); p.score = Math.round(e.totalScore).toLocaleString(); }
    if (e.type === 'console-operation') p.outcome = e.success ? e.result : t('event.refused', { result: e.result });
    if (e.type === 'message-delivered') { p.channel = t('channel.' + e.channel); p.to = tOr('role.name.' + e.to, e.to); }
    if (e.type === 'postmortem-expected') p.within = duration(seconds(e.within));
    if (e.type === 'instance-health-changed') p.healthy = t(e.healthy ? 'health.healthy' : 'health.unhealthy');
    if (e.type === 'incident-status-changed') { p.from = t('incident.status.' + e.from.toLowerCase()); p.to = t('incident.status.' + e.to.toLowerCase()); }
    if (e.type === 'role-assigned' || e.type === 'role-released') p.role = tOr('role.name.' + e.role, e.role);
    if (e.type === 'milestone-corrected') p.milestone = tOr('milestone.' + e.milestone, e.milestone);
    if (e.type === 'rubric-set') p.count = e.criteria.length;
    if (e.type === 'expectation-judged') {
      p.result = t('expectation.state.' + (e.met ? 'met' : 'missed'));
      p.expectationId = t('expectation.kind.' + e.kind);  // an inject's id may name the fault: say what was expected instead
      p.detail = (record.details && record.details[language()]) || e.detail;
    }
    return t('event.' + e.type, p);
  }

  /** Calls listener after the page's language changes, to redraw what scripts wrote. */
  function onLanguageChange(listener) {
    languageListeners.push(listener);
  }

  return { start, api, t, tOr, textIn, follow, message, storeWarning, toast, seconds, duration, clock, el, chart, describe, own, onLanguageChange, language, session: () => session };
})();
