'use strict';
// The public status page of one team's shop: read-only, no sign-in, refreshed twice a second.
Kunren.start(async () => {
  const { api, t, el } = Kunren;
  const query = new URLSearchParams(location.search);
  const path = '/api/status/' + encodeURIComponent(query.get('drill') || '') + '/' + encodeURIComponent(query.get('team') || '');
  let shown = '';

  async function render(force) {
    let page;
    try { page = await api('GET', path); } catch (error) { Kunren.message(error.message); return; }
    const fingerprint = JSON.stringify(page);
    if (fingerprint === shown && !force) return;
    shown = fingerprint;
    document.getElementById('shop').textContent = page.team;
    const states = Object.entries(page.components);
    const severity = state => state === 'operational' ? 'ok' : state === 'major-outage' ? 'bad' : 'warn';
    // like a real status page: the banner takes the colour of the worst component
    const levels = states.map(([, state]) => severity(state));
    const worst = levels.includes('bad') ? 'bad' : levels.includes('warn') ? 'warn' : 'ok';
    const summary = document.getElementById('summary');
    summary.textContent = t({ ok: 'status.allGood', warn: 'status.someAffected', bad: 'status.majorOutage' }[worst]);
    summary.className = 'summary ' + worst;
    document.getElementById('components').replaceChildren(...states.map(([name, state]) =>
      el('li', { 'data-component': name }, el('strong', {}, Kunren.tOr('component.' + name, name)), ' ',  // a scenario's own components keep their names
        el('span', { class: severity(state) }, t('component.' + state)))));
    document.getElementById('incidents').replaceChildren(...page.incidents.slice().reverse().map(incident =>
      el('article', { class: 'status-incident' }, el('h3', {}, incident.title),
        el('ol', { class: 'list' }, ...incident.updates.map(u => el('li', { class: 'status-update' },
          el('strong', {}, t('incident.status.' + u.status)), ' ', Kunren.clock(u.atSeconds), ' — ', u.message))))));
  }
  Kunren.onLanguageChange(() => render(true));
  await render(true);
  setInterval(render, 500);
});
