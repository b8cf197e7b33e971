'use strict';
// The facilitator console: create drills, add teams, run them, inject faults, watch every team.
Kunren.start(async session => {
  if (session.role !== 'facilitator') { location.href = '/'; return; }
  const { api, t, el } = Kunren;
  const $ = id => document.getElementById(id);
  let current = null;
  let stream = null;
  let records = [];
  let glance = new Map();  // per team, what its row shows, kept as records arrive (a row is not a scan of the timeline)

  const library = await api('GET', '/api/scenarios');
  /** The library in the page's language: each title with its difficulty, and the chosen one's purpose under the list. */
  function showLibrary() {
    const chosen = $('scenario').value;
    $('scenario').replaceChildren(...library.map(s => el('option', { value: s.name },
      Kunren.own(s.titles, s.title) + ' (' + Kunren.tOr('difficulty.' + s.difficulty, s.difficulty) + ')')));
    if (chosen) $('scenario').value = chosen;
    showPurpose();
  }
  function showPurpose() {
    const s = library.find(scenario => scenario.name === $('scenario').value);
    $('scenario-purpose').textContent = s ? Kunren.own(s.purposes, s.purpose) : '';
  }
  showLibrary();
  $('scenario').addEventListener('change', showPurpose);
  Kunren.onLanguageChange(showLibrary);

  async function listDrills() {
    const drills = await api('GET', '/api/drills');
    $('drills').replaceChildren(...drills.map(d => el('li', {},
      el('a', { href: '#', onclick: e => { e.preventDefault(); open(d.id); } }, Kunren.own(d.titles, d.title)), ' ', el('small', {}, t('phase.' + d.phase)))));
  }

  $('create-form').addEventListener('submit', async e => {
    e.preventDefault();
    $('create-errors').textContent = '';
    const speed = parseFloat($('speed').value);
    const file = $('upload').files[0];
    try {
      const body = file ? { yaml: await file.text(), fileName: file.name, speed } : { scenario: $('scenario').value, speed };
      const drill = await api('POST', '/api/drills', body);
      $('upload').value = '';
      await listDrills();
      await open(drill.id);
    } catch (error) {
      $('create-errors').textContent = error.problem && error.problem.errors ? error.problem.errors.join('\n') : error.message;
    }
  });

  async function open(id) {
    current = await api('GET', '/api/drills/' + encodeURIComponent(id));
    records = [];
    glance = new Map();
    $('timeline').replaceChildren();
    $('drill-panel').hidden = false;
    $('scoreboard-link').href = '/scoreboard?drill=' + encodeURIComponent(id);
    $('debrief-link').href = '/debrief?drill=' + encodeURIComponent(id);
    $('inject-fault').replaceChildren(...current.faultTypes.map(f => el('option', { value: f }, f)));
    render();
    if (stream) stream.close();
    stream = Kunren.follow(id, record => {
      records.push(record);
      notice(record);
      if (record.event.type === 'metrics-sampled') return;
      $('timeline').prepend(timelineLine(record));
      renderTeams();
      if (record.event.type.startsWith('page-')) renderPages();
    });
  }

  /** Pages escalated to the facilitator, the last level: still open, each with its button. */
  function renderPages() {
    const open = new Map();
    for (const r of records) {
      const e = r.event;
      const key = r.team + '/' + e.pageId;
      if (e.type === 'page-sent') { if (e.person === 'facilitator') open.set(key, r); else open.delete(key); }
      if (e.type === 'page-acknowledged' || e.type === 'page-closed') open.delete(key);
    }
    $('facilitator-pages-panel').hidden = open.size === 0;
    $('facilitator-pages').replaceChildren(...[...open.values()].map(r => el('li', { 'data-page': r.event.pageId },
      '[' + r.team + '] ', el('strong', {}, r.event.pageId), ' ', r.event.rule, ' ',
      el('button', { class: 'danger', onclick: async () => {
        try {
          await api('POST', '/api/drills/' + encodeURIComponent(current.id) + '/teams/' + encodeURIComponent(r.team) + '/pages/'
            + encodeURIComponent(r.event.pageId) + '/acknowledge');
          Kunren.message('');
        } catch (error) { Kunren.message(error.message); }
      } }, t('paging.acknowledge')))));
  }

  function timelineLine(record) {
    return el('li', { class: 'event-' + record.event.type },
      Kunren.clock(Kunren.seconds(record.at)) + ' ' + (record.team ? '[' + record.team + '] ' : '') + Kunren.describe(record));
  }

  /** The whole timeline again, in the page's (new) language. */
  function renderTimeline() {
    $('timeline').replaceChildren(...records.filter(r => r.event.type !== 'metrics-sampled').reverse().map(timelineLine));
  }

  async function refresh() {
    if (!current) return;
    current = await api('GET', '/api/drills/' + encodeURIComponent(current.id));
    Kunren.storeWarning(current.store);
    render();
  }

  function render() {
    $('drill-title').textContent = Kunren.own(current.titles, current.title);
    $('phase').textContent = t('phase.' + current.phase);
    $('drill-token').textContent = current.token || '';
    $('drill-api').textContent = location.origin + '/api/drills/' + current.id;
    $('observer-code').textContent = t('facilitator.observers', { code: current.observerCode })
      + (current.observers.length ? ' (' + current.observers.join(', ') + ')' : '');
    $('observers-see-faults').checked = current.observersSeeFaults;
    $('elapsed').textContent = Kunren.clock(current.elapsedSeconds) + ' / ' + Kunren.clock(current.durationSeconds) + ' · ' + current.speed + '×';
    $('start').disabled = current.phase !== 'setup';
    $('pause').disabled = current.phase !== 'running';
    $('resume').disabled = current.phase !== 'paused';
    $('end').disabled = $('halt').disabled = !(current.phase === 'running' || current.phase === 'paused');
    $('add-team').disabled = current.phase !== 'setup';
    $('inject').disabled = current.phase !== 'running';
    $('debrief-item').hidden = current.phase !== 'ended';
    $('inject-form').hidden = current.tabletop;
    $('send-message').disabled = current.phase !== 'running';
    for (const select of [$('inject-team'), $('message-team'), $('chat-team')]) {
      const chosen = select.value;
      select.replaceChildren(...current.teams.map(team => el('option', { value: team.name }, team.name)));
      if (chosen) select.value = chosen;
    }
    const role = $('message-to').value;
    $('message-to').replaceChildren(...current.incident.roles.map(r => el('option', { value: r }, Kunren.tOr('role.name.' + r, r))));
    if (role) $('message-to').value = role;
    renderTeams();
  }

  const PEOPLES_ACTIONS = new Set(['console-operation', 'alert-acknowledged', 'incident-declared', 'incident-status-changed',
    'incident-severity-changed', 'role-assigned', 'role-released', 'internal-update-posted', 'public-update-posted', 'incident-note-added',
    'action-item-added', 'message-answered', 'page-acknowledged', 'milestone-corrected']);

  /** What a record changes in its team's row: last window, expectation points, alerts, incidents, last action. */
  function notice(r) {
    if (!r.team) return;
    if (!glance.has(r.team)) glance.set(r.team, { last: null, points: 0, alerts: new Map(), incidents: new Map(), acted: null });
    const g = glance.get(r.team);
    const e = r.event;
    if (e.type === 'window-closed') g.last = e;
    if (e.type === 'expectation-judged') g.points += e.points;
    if (e.type === 'alert-changed') g.alerts.set(e.rule, e.state);
    if (e.type === 'incident-declared') g.incidents.set(e.incidentId, { severity: e.severity, status: 'investigating' });
    if (e.type === 'incident-status-changed' && g.incidents.has(e.incidentId)) g.incidents.get(e.incidentId).status = e.to.toLowerCase();
    if (e.type === 'incident-severity-changed' && g.incidents.has(e.incidentId)) g.incidents.get(e.incidentId).severity = e.to;
    if (PEOPLES_ACTIONS.has(e.type)) g.acted = r;
  }

  /** A tile per team: its score, service, firing alerts, incident and last action, coloured by what needs eyes. */
  function renderTeams() {
    if (!current) return;
    $('teams').replaceChildren(...current.teams.map(team => {
      const g = glance.get(team.name) || { last: null, points: 0, alerts: new Map(), incidents: new Map(), acted: null };
      const last = g.last;
      const rules = [...g.alerts].filter(([, state]) => state === 'FIRING').map(([rule]) => rule);
      const inIncident = [...g.incidents.values()].some(i => i.status !== 'resolved');
      const fact = (key, value, attrs = {}) => [el('dt', {}, t(key)), el('dd', attrs, value)];
      return el('article', { class: 'tile' + (rules.length ? ' firing' : '') + (inIncident ? ' in-incident' : ''), 'data-team': team.name, role: 'listitem' },
        el('header', {}, el('h3', {}, team.name),
          el('span', { class: 'team-score', title: t('score.score') }, last || g.points ? Math.round((last ? last.totalScore : 0) + g.points).toLocaleString() : '—')),
        el('dl', {},
          fact('sli.availability', last ? last.availability.toFixed(1) + '% · p99 ' + Math.round(last.p99Millis).toLocaleString() + ' ms' : '—',
            { class: 'team-service' + (last && !last.withinObjective ? ' bad' : '') }),
          fact('alert.firing', rules.length ? rules.join(', ') : '—', { class: rules.length ? 'state-firing' : '' }),
          fact('incident.title', incidentState(g.incidents), { class: 'team-incident' }),
          fact('facilitator.lastAction', g.acted ? Kunren.clock(Kunren.seconds(g.acted.at)) + ' ' + Kunren.describe(g.acted) : '—', { class: 'team-last-action' }),
          fact('team.members', team.members.length ? team.members.join(', ') : '—'),
          fact('team.code', team.joinCode, { class: 'mono join-code' })));
    }));
  }

  /** A team's open incidents, "INC-1 SEV2 identified", or none. */
  function incidentState(incidents) {
    const open = [...incidents].filter(([, i]) => i.status !== 'resolved');
    if (open.length === 0) return incidents.size ? t('facilitator.allResolved') : '—';
    return open.map(([id, i]) => id + ' ' + i.severity + ' ' + t('incident.status.' + i.status)).join(', ');
  }

  // the browser's own "match the requested format" says nothing of what is allowed
  $('team-name').addEventListener('input', () => {
    const input = $('team-name');
    input.setCustomValidity('');
    if (input.validity.patternMismatch) input.setCustomValidity(t('team.nameHint'));
  });
  $('team-form').addEventListener('submit', async e => {
    e.preventDefault();
    try {
      await api('POST', '/api/drills/' + encodeURIComponent(current.id) + '/teams', { name: $('team-name').value });
      $('team-name').value = '';
      await refresh();
    } catch (error) { Kunren.message(error.message); }
  });
  for (const action of ['start', 'pause', 'resume', 'end', 'halt']) {
    $(action).addEventListener('click', async () => {
      if ((action === 'halt' || action === 'end') && !confirm(t('confirm.' + action))) return;
      try {
        current = await api('POST', '/api/drills/' + encodeURIComponent(current.id) + '/' + action);
        render();
      } catch (error) { Kunren.message(error.message); }
    });
  }
  async function showChat() {
    if (!current || !$('chat-team').value) return;
    const chat = await api('GET', '/api/drills/' + encodeURIComponent(current.id) + '/teams/' + encodeURIComponent($('chat-team').value) + '/chat');
    $('chat-current').textContent = chat.webhook ? t('chat.linked', { webhook: chat.webhook, channel: chat.channel || '—' }) : t('chat.none');
  }
  $('observers-see-faults').addEventListener('change', async () => {
    try {
      await api('PUT', '/api/drills/' + encodeURIComponent(current.id) + '/observers', { seeFaults: $('observers-see-faults').checked });
      await refresh();
    } catch (error) { Kunren.message(error.message); }
  });
  $('chat-team').addEventListener('change', () => showChat().catch(error => Kunren.message(error.message)));
  $('chat-form').addEventListener('submit', async e => {
    e.preventDefault();
    try {
      await api('PUT', '/api/drills/' + encodeURIComponent(current.id) + '/teams/' + encodeURIComponent($('chat-team').value) + '/chat',
        { webhook: $('chat-webhook').value, channel: $('chat-channel').value, language: $('chat-language').value });
      $('chat-webhook').value = '';
      await showChat();
      Kunren.message('');
    } catch (error) { Kunren.message(error.message); }
  });
  $('inject-form').addEventListener('submit', async e => {
    e.preventDefault();
    try {
      await api('POST', '/api/drills/' + encodeURIComponent(current.id) + '/teams/' + encodeURIComponent($('inject-team').value) + '/injects',
        { fault: $('inject-fault').value, target: $('inject-target').value || null });
      Kunren.message('');
    } catch (error) { Kunren.message(error.message); }
  });
  $('message-form').addEventListener('submit', async e => {
    e.preventDefault();
    try {
      await api('POST', '/api/drills/' + encodeURIComponent(current.id) + '/teams/' + encodeURIComponent($('message-team').value) + '/messages',
        { from: $('message-from').value, channel: $('message-channel').value, to: $('message-to').value, text: $('message-text').value });
      $('message-text').value = '';
      Kunren.toast(t('facilitator.messageSent'));
      Kunren.message('');
    } catch (error) { Kunren.message(error.message); }
  });
  Kunren.onLanguageChange(() => { render(); renderTimeline(); });
  setInterval(() => refresh().catch(() => {}), 1000);
  setInterval(() => listDrills().catch(() => {}), 3000);  // the list's phases move too: set up, running, ended
  await listDrills();
  const wanted = new URLSearchParams(location.search).get('drill');
  if (wanted) await open(wanted).catch(error => Kunren.message(error.message));
});
