'use strict';
// The team console's incident panel: declare, roles, status, internal (CAN) and public updates with templates.
(() => {
  const ROLES = ['incident-commander', 'deputy', 'scribe', 'operations', 'customer-liaison', 'internal-liaison'];
  const STATUSES = ['investigating', 'identified', 'monitoring', 'resolved'];
  const COMPONENT_STATES = ['operational', 'degraded-performance', 'partial-outage', 'major-outage'];
  let base = null;
  let elapsed = 0;
  let shown = '';

  async function act(path, body) {
    shown = '';
    try {
      await Kunren.api('POST', base + '/incidents' + path, body);
      Kunren.toast(Kunren.t('op.done'));
      Kunren.message('');
    } catch (error) { Kunren.message(error.message); }
    await render();
  }

  /** An entry's fields in words: statuses and component states translated, the rest as written. */
  function describeFields(entry) {
    const { t } = Kunren;
    const f = entry.fields;
    if (entry.kind === 'public-update') {
      const components = Object.entries(f).filter(([k]) => k !== 'status' && k !== 'message')
        .map(([k, v]) => t('component.' + k) + ': ' + t('component.' + v));
      return [t('incident.status.' + f.status.toLowerCase()), ...components, f.message].join(' / ');
    }
    return Object.values(f).filter(v => v).join(' / ');
  }

  function templateText(kind, incident) {
    return Kunren.t('template.' + kind, { title: incident.title });
  }

  async function render() {
    if (!base) return;
    const { t, el } = Kunren;
    let list;
    try { list = await Kunren.api('GET', base + '/incidents'); } catch (e) { return; }
    const clockText = document.getElementById('clock').textContent.split(':');
    elapsed = clockText.length === 2 ? (+clockText[0]) * 60 + (+clockText[1]) : 0;
    const fingerprint = JSON.stringify(list) + '|' + (list.some(i => i.nextPublicUpdateDueSeconds < elapsed));
    if (fingerprint === shown) return;
    shown = fingerprint;
    // keep what someone is typing across a redraw
    const drafts = new Map([...document.querySelectorAll('[data-incident]')].map(d => [d.dataset.incident, d.querySelector('.public-message').value]));
    document.getElementById('incidents').replaceChildren(...list.map(incident => {
      const holders = new Map(incident.roles.filter(r => r.until == null).map(r => [r.role, r.person]));
      const due = incident.nextPublicUpdateDueSeconds;
      const message = el('textarea', { rows: 3, class: 'public-message', 'aria-label': t('incident.message') });
      message.value = drafts.get(incident.id) || '';
      const status = el('select', { class: 'public-status', 'aria-label': 'status' }, ...STATUSES.map(s => el('option', { value: s }, t('incident.status.' + s))));
      status.value = incident.status;
      const checkout = el('select', { class: 'component-checkout', 'aria-label': 'checkout' }, ...COMPONENT_STATES.map(s => el('option', { value: s }, t('component.' + s))));
      return el('div', { class: 'incident', 'data-incident': incident.id },
        el('h3', {}, incident.id + ' ' + incident.title + ' · ' + incident.severity + ' · ', el('span', { class: 'incident-status' }, t('incident.status.' + incident.status))),
        due != null ? el('p', { class: due < elapsed ? 'bad next-update' : 'next-update' }, t('incident.nextUpdate', { at: Kunren.clock(due) })) : '',
        el('div', { class: 'controls' }, ...STATUSES.filter(s => s !== incident.status).map(s =>
          el('button', { class: 'secondary status-' + s, onclick: () => act('/' + incident.id + '/status', { status: s }) }, t('incident.moveTo', { status: t('incident.status.' + s) })))),
        el('ul', { class: 'list roles' }, ...ROLES.map(role => el('li', { 'data-role': role }, t('role.name.' + role) + ': ' + (holders.get(role) || '—'),
          el('button', { class: 'secondary take-role', onclick: () => act('/' + incident.id + '/roles/' + role, {}) }, t('incident.take')),
          el('button', { class: 'secondary give-role', onclick: () => {
            const person = prompt(t('incident.giveTo'));
            if (person) act('/' + incident.id + '/roles/' + role, { person });
          } }, t('incident.handOver'))))),
        el('h4', {}, t('incident.publicUpdate')),
        el('div', { class: 'controls' }, ...['first', 'update', 'resolution'].map(kind =>
          el('button', { class: 'secondary template-' + kind, onclick: () => { message.value = templateText(kind, incident); } }, t('template.name.' + kind)))),
        message, el('div', { class: 'controls' }, status, el('label', {}, t('component.checkout'), ' ', checkout),
          el('button', { class: 'post-public', onclick: () => act('/' + incident.id + '/public-updates', { status: status.value, message: message.value, components: { checkout: checkout.value } }) }, t('incident.post'))),
        el('h4', {}, t('incident.internalUpdate')),
        el('form', { class: 'inline can', onsubmit: e => {
          e.preventDefault();
          const f = e.target;
          act('/' + incident.id + '/internal-updates', { conditions: f.conditions.value, actions: f.actions.value, needs: f.needs.value });
        } }, el('input', { name: 'conditions', placeholder: t('incident.conditions'), required: '' }), el('input', { name: 'actions', placeholder: t('incident.actions'), required: '' }),
          el('input', { name: 'needs', placeholder: t('incident.needs') }), el('button', {}, t('incident.post'))),
        el('ol', { class: 'timeline' }, ...incident.entries.slice().reverse().map(e => el('li', {}, Kunren.clock(Kunren.seconds(e.at)) + ' ' + e.by + ': '
          + t('incident.entry.' + e.kind) + ' — ' + describeFields(e)))));
    }));
  }

  document.addEventListener('DOMContentLoaded', () => {
    const wait = setInterval(async () => {
      const session = Kunren.session();
      if (!session || session.role !== 'member') return;
      clearInterval(wait);
      base = '/api/drills/' + encodeURIComponent(session.drill) + '/teams/' + encodeURIComponent(session.team);
      document.getElementById('declare-form').addEventListener('submit', async e => {
        e.preventDefault();
        try {
          const alerts = await Kunren.api('GET', base + '/alerts');
          const firing = alerts.firing.length ? alerts.firing[0].rule : '';
          await Kunren.api('POST', base + '/incidents', { title: document.getElementById('incident-title').value,
            severity: document.getElementById('incident-severity').value, components: ['checkout'], alertRule: firing });
          document.getElementById('incident-title').value = '';
          Kunren.message('');
        } catch (error) { Kunren.message(error.message); }
        await render();
      });
      await render();
      setInterval(render, 2000);
      Kunren.onLanguageChange(() => { shown = ''; render(); });
    }, 100);
  });
})();
