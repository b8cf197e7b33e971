'use strict';
// The team console: alerts with acknowledgement, SLIs, the environment and its operations, the team's timeline.
Kunren.start(async session => {
  if (session.role !== 'member') { location.href = '/'; return; }
  const { api, t, el } = Kunren;
  const $ = id => document.getElementById(id);
  const base = '/api/drills/' + encodeURIComponent(session.drill) + '/teams/' + encodeURIComponent(session.team);
  const windows = [];
  const samples = [];
  let expectationPoints = 0;
  let logsShown = false;
  let configLoaded = false;
  let elapsed = 0;
  let ended = false;
  let refreshSaid = '';  // what the last failed refresh put in the message line
  $('team').textContent = session.team + ' · ' + session.name;

  /** Runs an operation (after a confirmation for destructive ones), shows its result, refreshes. */
  async function operate(method, path, body, confirmKey, params) {
    if (confirmKey && !confirm(t(confirmKey, params))) return;
    try {
      await api(method, base + path, body);
      Kunren.toast(t('op.done'));
      Kunren.message('');
    } catch (error) { Kunren.message(error.message); }
    await refresh();
  }

  /** Pages of the team: whom each alert paged; the one paged takes it here. */
  async function refreshPages() {
    const pages = await api('GET', base + '/pages');
    $('pages-panel').hidden = pages.length === 0;
    const mine = p => p.state === 'open' && p.person.toLowerCase() === session.name.toLowerCase();
    $('pages').replaceChildren(...pages.slice().reverse().map(p => el('li', { class: 'page', 'data-page': p.id, 'data-state': p.state },
      el('strong', {}, p.id), ' ', p.alert, ' → ', p.paged.join(' → '), ' ',
      el('small', {}, p.state === 'acknowledged' ? t('paging.acknowledged', { name: p.acknowledgedBy, via: p.acknowledgedVia })
        : p.state === 'closed' ? t('paging.closed', { reason: p.closed }) : t('paging.open', { level: p.level, name: p.person })),
      mine(p) ? el('button', { class: 'acknowledge-page', onclick: () => operate('POST', '/pages/' + encodeURIComponent(p.id) + '/acknowledge') }, t('paging.acknowledge')) : '')));
  }

  async function refreshAlerts() {
    refreshPages().catch(() => {});
    const alerts = await api('GET', base + '/alerts');
    $('alerts').replaceChildren(...alerts.rules.map(a => el('li', { class: 'alert', 'data-rule': a.rule, 'data-state': a.state },
      el('span', { class: 'state-' + a.state }, t('alert.state.' + a.state.toUpperCase())), ' ', el('strong', {}, a.rule), ' ', Kunren.own(a.summaries, a.summary),
      a.acknowledgedBy ? el('small', { class: 'acknowledged' }, t('alert.acknowledgedBy', { name: a.acknowledgedBy, at: Kunren.clock(a.acknowledgedAt) })) :
        a.state === 'firing' && ended ? el('small', { class: 'ended' }, t('alert.firingAtEnd'))
        : a.state === 'firing' ? el('button', { class: 'acknowledge', onclick: () => operate('POST', '/alerts/' + encodeURIComponent(a.rule) + '/acknowledge') }, t('alert.acknowledge')) : '')));
  }

  /** A drill on the team's own systems: what stands in front of its services, the probes, its hosts' agents. */
  async function refreshOwnSystems() {
    const [services, probes, agents] = await Promise.all([
      api('GET', base + '/targets'), api('GET', base + '/probes'), api('GET', base + '/agents')]);
    $('own-services').replaceChildren(...services.map(s => el('tr', { 'data-service': s.name },
      el('td', {}, s.name), el('td', {}, el('code', {}, s.listen)), el('td', {}, el('code', {}, s.upstream)), el('td', {}, s.protocol))));
    $('own-probes').closest('table').hidden = probes.length === 0;
    $('own-probes').replaceChildren(...probes.map(p => el('tr', { 'data-probe': p.name },
      el('td', {}, p.name), el('td', {}, el('code', {}, p.method + ' ' + p.url)), el('td', {}, String(p.ratePerSecond)),
      el('td', {}, String(p.expectStatus) + ' < ' + Kunren.duration(p.timeoutMillis / 1000)))));
    $('own-agents').replaceChildren(...agents.map(a => el('tr', { 'data-agent': a.name },
      el('td', {}, a.name), el('td', { class: a.connected ? 'state-resolved' : 'state-firing' }, t(a.connected ? 'own.yes' : 'own.no')),
      el('td', {}, a.host || '—'), el('td', {}, a.allowed.join(', ') || '—'))));
  }

  async function refreshEnvironment() {
    const [instances, group, db, queries, versions, routes, keys, images, audit] = await Promise.all([
      api('GET', base + '/instances'), api('GET', base + '/scaling-group'), api('GET', base + '/database'),
      api('GET', base + '/database/processes'), api('GET', base + '/buckets/shop-config/objects/app-config.json/versions'),
      api('GET', base + '/routes'), api('GET', base + '/access-keys'), api('GET', base + '/images'), api('GET', base + '/audit?limit=50')]);
    $('instances').replaceChildren(...instances.map(i => el('tr', { 'data-instance': i.id },
      el('td', {}, i.id), el('td', {}, i.region), el('td', {}, t('state.' + i.state)),
      el('td', { class: i.appRunning ? 'ok' : 'bad' }, i.version ? t(i.appRunning ? 'env.up' : 'env.down') : '—'),
      el('td', {}, i.inRotation ? '✓' : ''), el('td', {}, Math.round(i.cpuPercent) + '%'), el('td', {}, i.version || i.type),
      el('td', {}, i.state === 'TERMINATED' ? i.reason : [
        el('button', { class: 'secondary restart', onclick: () => operate('POST', '/instances/' + i.id + '/restart', undefined, 'confirm.restart', { id: i.id }) }, t('env.restart')),
        ' ', el('button', { class: 'danger terminate', onclick: () => operate('POST', '/instances/' + i.id + '/terminate', undefined, 'confirm.terminate', { id: i.id }) }, t('env.terminate'))]))));
    const running = instances.filter(i => i.appRunning);
    const lists = await Promise.all(running.map(i => api('GET', base + '/instances/' + i.id + '/processes').then(ps => ps.map(p => [i.id, p]))));
    $('processes').replaceChildren(...lists.flat().map(([id, p]) => el('li', {}, id, ' ', el('span', { class: 'mono' }, p.pid + ' ' + p.command), ' ', Math.round(p.cpuPercent) + '%',
      p.pid === 1 ? '' : el('button', { class: 'danger', onclick: () => operate('POST', '/instances/' + id + '/processes/' + p.pid + '/kill', undefined, 'confirm.killProcess', { pid: p.pid, id }) }, t('env.kill')))));
    if (document.activeElement !== $('target-cpu')) $('target-cpu').value = group.targetCpuPercent;
    $('lifecycle-rule').checked = images.lifecycleRuleEnabled;
    if (!configLoaded) {
      configLoaded = true;
      $('config-text').value = (await api('GET', base + '/buckets/shop-config/objects/app-config.json')).content;
    }
    if (document.activeElement !== $('desired')) $('desired').value = group.desired;
    if (document.activeElement !== $('max')) $('max').value = group.max;
    $('health-replacement').checked = group.healthReplacement;
    $('auto-failover').checked = db.autoFailover;
    $('database').replaceChildren(el('p', {}, t('env.writer'), ': ', db.writerEndpoint, ' — ', t('env.lag'), ': ',
      db.replicaLagSeconds == null ? '—' : Kunren.duration(Math.round(db.replicaLagSeconds * 10) / 10)),
      el('ul', { class: 'list' }, ...db.nodes.map(n => el('li', {}, n.name, ' ', t('role.' + n.role), n.running ? '' : ' (' + t('env.stopped') + ')',
        n.role === 'REPLICA' && n.running ? el('button', { class: 'secondary', onclick: () => operate('POST', '/database/nodes/' + n.name + '/promote', undefined, 'confirm.promote', { node: n.name }) }, t('env.promote')) : '',
        n.role === 'PRIMARY' && !n.writerEndpoint ? el('button', { class: 'secondary', onclick: () => operate('PUT', '/database/writer', { node: n.name }) }, t('env.pointWriter')) : '',
        !n.running ? el('button', { class: 'secondary', onclick: () => operate('POST', '/database/nodes/' + n.name + '/start') }, t('env.startNode')) : ''))));
    $('queries').replaceChildren(...queries.map(q => el('tr', {}, el('td', {}, q.pid), el('td', {}, q.node), el('td', {}, q.user),
      el('td', {}, Kunren.duration(Math.round(q.ageSeconds))), el('td', { class: 'mono' }, q.query),
      el('td', {}, q.user === 'shop_app' ? '' : el('button', { class: 'danger', onclick: () => operate('POST', '/database/processes/' + q.pid + '/kill', undefined, 'confirm.killQuery', { pid: q.pid }) }, t('env.kill'))))));
    $('config-versions').replaceChildren(...versions.slice().reverse().map(v => el('li', {}, 'v' + v.version, ' ', v.author, ' @', Kunren.clock(Kunren.seconds(v.at)),
      v.version === versions.length ? el('small', {}, t('env.current')) :
        el('button', { class: 'secondary', onclick: () => operate('POST', '/buckets/shop-config/objects/app-config.json/restore', { version: v.version }, 'confirm.restore', { version: v.version }) }, t('env.restore')))));
    $('routes').replaceChildren(...routes.map(r => el('li', {}, el('span', { class: r.allowed ? 'ok' : 'bad' }, r.allowed ? '✓' : '✗'), r.id, el('small', {}, Kunren.tOr('route.' + r.id, r.description)),
      el('button', { class: 'secondary', onclick: () => operate('PUT', '/routes/' + r.id, { allowed: !r.allowed }, r.allowed ? 'confirm.deny' : null, { id: r.id }) }, t(r.allowed ? 'env.deny' : 'env.allow')))));
    $('keys').replaceChildren(...keys.map(k => el('li', {}, el('span', { class: 'mono' }, k.id), k.user, k.active ? '' : el('small', {}, t('env.inactive')),
      k.active ? el('button', { class: 'danger', onclick: () => operate('POST', '/access-keys/' + k.id + '/rotate', undefined, 'confirm.rotate', { id: k.id }) }, t('env.rotate')) : '',
      k.active ? el('button', { class: 'danger', onclick: () => operate('POST', '/access-keys/' + k.id + '/revoke', undefined, 'confirm.revoke', { id: k.id }) }, t('env.revoke')) : '')));
    $('images').replaceChildren(...images.images.map(i => el('li', {}, 'shop-web:' + i.version, i.deleted ? el('small', { class: 'bad' }, t('env.deleted')) : '',
      i.deleted ? el('button', { class: 'secondary', onclick: () => operate('POST', '/images/' + i.version + '/rebuild') }, t('env.rebuild')) : '',
      el('button', { class: 'secondary', onclick: () => operate('POST', '/deployments', { version: i.version }, 'confirm.deploy', { version: i.version }) }, t('env.deploy')))));
    $('audit').replaceChildren(...audit.map(a => el('li', { class: a.success ? '' : 'bad' }, Kunren.clock(Kunren.seconds(a.at)) + ' ' + a.actor + ' (' + a.source + ') ' + a.operation + ' ' + a.resource + ' → ' + a.result)));
  }

  async function searchLogs() {
    const q = $('logs-query').value;
    const lines = await api('GET', base + '/logs?limit=100' + (q ? '&q=' + encodeURIComponent(q) : ''));
    $('logs').replaceChildren(...lines.map(l => el('li', {}, Kunren.clock(Kunren.seconds(l.at)) + ' ' + l.component + ' ' + l.level + ' ' + l.message)));
  }

  function renderCharts() {
    $('chart-availability').replaceChildren(Kunren.chart(windows.map(w => w.availability), 260, 80, 0, 100));
    $('chart-latency').replaceChildren(Kunren.chart(windows.map(w => w.p99Millis), 260, 80, 0));
    $('chart-score').replaceChildren(Kunren.chart(windows.map(w => w.totalScore)));
    $('chart-lag').replaceChildren(Kunren.chart(samples.map(g => g.db_replica_lag_seconds || 0), 260, 80, 0));
    $('chart-cost').replaceChildren(Kunren.chart(samples.map(g => g.cost_yen_per_hour || 0), 260, 80, 0));
    renderScore();
  }

  /** The team's score: service points of the last window plus the expectations met. */
  function renderScore() {
    const service = windows.length ? windows[windows.length - 1].totalScore : 0;
    $('score').textContent = t('score.points', { score: Math.round(service + expectationPoints).toLocaleString() });
  }

  async function refresh() {
    try {
      const drill = await api('GET', '/api/drills/' + encodeURIComponent(session.drill));
      if ($('runbook-place').hidden === drill.runbook) { $('runbook-place').hidden = !drill.runbook; showPlace(); }
      Kunren.storeWarning(drill.store);
      if (drill.phase === 'ended') {
        $('debrief-link').href = '/debrief?drill=' + encodeURIComponent(session.drill);
        $('debrief-note').hidden = false;
        ended = true;
        // nothing operates an ended drill: its controls say so rather than answer 409
        document.querySelectorAll('main button, main input, main select, main textarea').forEach(control => { control.disabled = true; });
      }
      if (drill.tabletop) {
        document.querySelectorAll('.system').forEach(section => { section.hidden = true; });
        document.querySelectorAll('.shop-place, #places a[data-place="service"]').forEach(link => { link.hidden = true; });
        showPlace();  // a place this drill does not have is not shown
        $('tabletop-note').hidden = false;
        return;
      }
      if (drill.ownSystems) {
        document.querySelectorAll('.shop').forEach(section => { section.hidden = true; });
        document.querySelectorAll('.shop-place').forEach(link => { link.hidden = true; });
        showPlace();  // a place this drill does not have is not shown
        ['chart-lag', 'chart-cost'].forEach(id => { $(id).parentElement.hidden = true; });  // the practice shop's database and bill
        $('own-systems-panel').hidden = false;
      }
      if (drill.phase === 'setup' || drill.phase === 'starting') { Kunren.message(t('env.notRunning')); await refreshAlerts(); return; }
      if (drill.phase === 'ended') { await refreshAlerts(); return; }
      // the drill runs: what said it did not, or that a refresh failed, is no longer true; an operation's refusal stays
      const said = $('message').textContent;
      if (said === t('env.notRunning') || (refreshSaid && said === refreshSaid)) Kunren.message('');
      if (drill.ownSystems) { await Promise.all([refreshAlerts(), refreshOwnSystems()]); return; }
      await Promise.all([refreshAlerts(), refreshEnvironment()]);
      if (!logsShown) { logsShown = true; await searchLogs(); }
    } catch (error) {
      refreshSaid = error.message;
      Kunren.message(error.message);
    }
  }

  $('launch').addEventListener('click', () => operate('POST', '/instances'));
  $('scale').addEventListener('click', () => operate('PUT', '/scaling-group', { min: 1, desired: +$('desired').value, max: +$('max').value }));
  $('health-replacement').addEventListener('change', e => operate('PUT', '/scaling-group', { healthReplacement: e.target.checked }));
  $('auto-failover').addEventListener('change', e => operate('PUT', '/database/auto-failover', { enabled: e.target.checked }));
  $('failover').addEventListener('click', () => operate('POST', '/database/failover', undefined, 'confirm.failover'));
  $('config-reload').addEventListener('click', () => operate('POST', '/config/reload'));
  $('config-save').addEventListener('click', () => operate('PUT', '/buckets/shop-config/objects/app-config.json', $('config-text').value, 'confirm.configSave'));
  $('autoscaling').addEventListener('click', () => operate('PUT', '/scaling-group', { targetCpuPercent: +$('target-cpu').value }));
  $('rollback').addEventListener('click', () => operate('POST', '/deployments/rollback', undefined, 'confirm.rollback'));
  $('cache-flush').addEventListener('click', () => operate('POST', '/cache/flush', undefined, 'confirm.cacheFlush'));
  $('lifecycle-rule').addEventListener('change', e => operate('PUT', '/images/lifecycle-rule', { enabled: e.target.checked }));
  $('logs-form').addEventListener('submit', e => { e.preventDefault(); searchLogs(); });

  // ---- places: one at a time; the alerts, pages and open incidents stay in view beside them ----
  const placeLinks = [...document.querySelectorAll('#places a[data-place]')];
  let runbookShown = '';
  function showPlace() {
    const open = placeLinks.filter(a => !a.hidden);
    const asked = location.hash.replace(/^#\/?/, '');
    const place = open.some(a => a.dataset.place === asked) ? asked : 'incident';
    document.querySelectorAll('.place-area [data-place]').forEach(section => section.classList.toggle('away', section.dataset.place !== place));
    placeLinks.forEach(a => { if (a.dataset.place === place) a.setAttribute('aria-current', 'page'); else a.removeAttribute('aria-current'); });
    if (place === 'runbook') showRunbook();
  }
  async function showRunbook() {
    const language = Kunren.language();
    if (runbookShown === language) return;
    try {
      $('runbook-text').textContent = (await api('GET', '/api/drills/' + encodeURIComponent(session.drill) + '/runbook?lang=' + language)).text;
      runbookShown = language;
    } catch (error) { $('runbook-text').textContent = error.message; }
  }
  window.addEventListener('hashchange', showPlace);
  document.addEventListener('keydown', e => {
    if (e.altKey || e.ctrlKey || e.metaKey || e.target.closest('input, textarea, select, [contenteditable]')) return;
    const n = Number(e.key);
    const open = placeLinks.filter(a => !a.hidden);
    if (n >= 1 && n <= open.length) { location.hash = '#/' + open[n - 1].dataset.place; open[n - 1].focus(); }
  });
  showPlace();

  const shown = [];  // the timeline's records, to say again in another language
  const timelineLine = record => el('li', { class: 'event-' + record.event.type }, Kunren.clock(Kunren.seconds(record.at)) + ' ' + Kunren.describe(record));
  Kunren.follow(session.drill, record => {
    elapsed = Math.max(elapsed, Kunren.seconds(record.at));
    $('clock').textContent = Kunren.clock(elapsed);
    if (record.event.type === 'window-closed') { windows.push(record.event); renderCharts(); }
    if (record.event.type === 'metrics-sampled') { samples.push(record.event.gauges); renderCharts(); return; }
    if (record.event.type === 'expectation-judged') { expectationPoints += record.event.points; renderScore(); }
    shown.push(record);
    $('timeline').prepend(timelineLine(record));
    if (record.event.type === 'alert-changed' || record.event.type === 'alert-acknowledged') refreshAlerts().catch(() => {});
    if (record.event.type.startsWith('page-')) refreshPages().catch(() => {});
  });
  Kunren.onLanguageChange(() => { if (runbookShown) { runbookShown = ''; if (location.hash === '#/runbook') showRunbook(); } refresh(); renderCharts(); $('timeline').replaceChildren(...shown.slice().reverse().map(timelineLine)); });
  await refresh();
  setInterval(refresh, 2000);
});
