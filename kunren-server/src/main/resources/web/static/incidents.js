'use strict';
// The team console's incident panel: declare, roles, status, internal (CAN) and public updates with templates,
// notes, action items and milestones with their corrections. Roles, components and the update cadence are the scenario's.
(() => {
  let settings = { roles: [], components: [], publicUpdateEverySeconds: 1200 };
  const STATUSES = ['investigating', 'identified', 'monitoring', 'resolved'];
  const COMPONENT_STATES = ['operational', 'degraded-performance', 'partial-outage', 'major-outage'];
  let base = null;
  let elapsed = 0;
  let shown = '';

  /** Runs an incident command; says whether it was recorded. */
  async function act(path, body) {
    shown = '';
    let done = false;
    try {
      await Kunren.api('POST', base + '/incidents' + path, body);
      Kunren.toast(Kunren.t('op.done'));
      Kunren.message('');
      done = true;
    } catch (error) { Kunren.message(error.message); }
    await render(true);
    return done;
  }

  /** Who held a role, from when to when: "Aiko 01:22–01:45 · Ben since 01:45". */
  function roleHistory(tenures) {
    const { t, clock, seconds } = Kunren;
    return tenures.map(r => r.until == null
      ? t('incident.roleSince', { person: r.person, from: clock(seconds(r.from)) })
      : t('incident.roleHeld', { person: r.person, from: clock(seconds(r.from)), until: clock(seconds(r.until)) })).join(' · ');
  }

  /** An entry's fields in words: statuses and component states translated, the rest as written. */
  function describeFields(entry) {
    const { t } = Kunren;
    const f = entry.fields;
    if (entry.kind === 'public-update') {
      const components = Object.entries(f).filter(([k]) => k !== 'status' && k !== 'message')
        .map(([k, v]) => componentName(k) + ': ' + t('component.' + v));
      return [t('incident.status.' + f.status.toLowerCase()), ...components, f.message].join(' / ');
    }
    if (entry.kind === 'internal-update') {  // always in the order of the form: conditions, actions, needs
      return ['conditions', 'actions', 'needs'].filter(k => f[k]).map(k => t('incident.' + k) + ': ' + f[k]).join(' / ');
    }
    return Object.values(f).filter(v => v).join(' / ');
  }

  function templateText(kind, incident) {
    return Kunren.t('template.' + kind, { title: incident.title,
      // customers read prose: "within 15 minutes", not a console's 15m 00s
      every: Kunren.t('unit.minutes', { n: Math.round(settings.publicUpdateEverySeconds / 60) }) });
  }

  const roleName = role => Kunren.tOr('role.name.' + role, role);
  const componentName = component => Kunren.tOr('component.' + component, component);

  /** mm:ss (or m:ss) of drill time as seconds; NaN when it is not one. */
  function parseClock(text) {
    const m = /^\s*(\d{1,4}):([0-5]\d)\s*$/.exec(text || '');
    return m ? (+m[1]) * 60 + (+m[2]) : NaN;
  }

  function correctMilestone(incident, milestone) {
    const { t } = Kunren;
    const at = prompt(t('incident.correctTo', { milestone: t('milestone.' + milestone) }));
    if (at == null) return;
    const seconds = parseClock(at);
    if (Number.isNaN(seconds)) { Kunren.message(t('incident.badTime')); return; }
    const reason = prompt(t('incident.correctWhy'));
    if (reason == null) return;
    act('/' + incident.id + '/milestones/' + milestone, { atSeconds: seconds, reason });
  }

  function milestonesTable(incident) {
    const { t, el } = Kunren;
    const order = ['DETECTED', 'ACKNOWLEDGED', 'DECLARED', 'FIRST_INTERNAL_UPDATE', 'FIRST_PUBLIC_UPDATE', 'IDENTIFIED', 'MITIGATED', 'RESOLVED'];
    return el('table', { class: 'data milestones' }, el('tbody', {}, ...order.filter(m => incident.milestones[m]).map(m => {
      const time = incident.milestones[m];
      const last = time.corrections.length ? time.corrections[time.corrections.length - 1] : null;
      return el('tr', { 'data-milestone': m }, el('td', {}, t('milestone.' + m)), el('td', { class: 'milestone-at' }, Kunren.clock(time.atSeconds)),
        el('td', {}, last ? el('small', {}, t('incident.corrected', { from: time.recordedSeconds < 0 ? '—' : Kunren.clock(time.recordedSeconds), by: last.by, reason: last.reason })) : ''),
        el('td', {}, el('button', { class: 'secondary correct', onclick: () => correctMilestone(incident, m) }, t('incident.correct'))));
    })));
  }

  /** Redraws the panel when something changed; not while someone types in one of its forms, unless forced. */
  /** The open incidents in one line above every place, so the incident is always in view. */
  function showStrip(list) {
    const { t, el } = Kunren;
    const open = list.filter(i => i.status !== 'resolved');
    const strip = document.getElementById('incident-strip');
    if (!strip) return;
    strip.classList.toggle('open', open.length > 0);
    strip.replaceChildren(open.length === 0 ? t('incident.stripNone') : el('a', { href: '#/incident' }, ...open.map(i =>
      t('incident.strip', { id: i.id, severity: i.severity, status: t('incident.status.' + i.status), title: i.title }))
      .flatMap((line, n) => n === 0 ? [line] : [el('br'), line])));
  }

  async function render(force) {
    if (!base) return;
    const { t, el } = Kunren;
    let list;
    try { list = await Kunren.api('GET', base + '/incidents'); } catch (e) { return; }
    showStrip(list);
    const clockText = document.getElementById('clock').textContent.split(':');
    elapsed = clockText.length === 2 ? (+clockText[0]) * 60 + (+clockText[1]) : 0;
    const fingerprint = JSON.stringify(list) + '|' + (list.some(i => i.nextPublicUpdateDueSeconds < elapsed));
    if (fingerprint === shown) return;
    if (!force && document.activeElement && document.activeElement.matches('#incidents form input')) return;
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
      const lastUpdate = incident.entries.filter(e => e.kind === 'public-update').pop();
      const componentSelects = settings.components.map(c => {
        const select = el('select', { class: 'component-' + c, 'data-component': c, 'aria-label': componentName(c) },
          ...COMPONENT_STATES.map(s => el('option', { value: s }, t('component.' + s))));
        select.value = (lastUpdate && lastUpdate.fields[c]) || 'operational';
        return el('label', {}, componentName(c), ' ', select);
      });
      const componentStates = () => Object.fromEntries(componentSelects.map(l => l.querySelector('select')).map(s => [s.dataset.component, s.value]));
      return el('div', { class: 'incident', 'data-incident': incident.id },
        el('h3', {}, incident.id + ' ' + incident.title + ' · ' + incident.severity + ' · ', el('span', { class: 'incident-status' }, t('incident.status.' + incident.status)),
          incident.components.length ? el('small', {}, ' · ' + incident.components.map(componentName).join(', ')) : ''),
        due != null ? el('p', { class: due < elapsed ? 'bad next-update' : 'next-update' }, t('incident.nextUpdate', { at: Kunren.clock(due) })) : '',
        // only the moves the server allows: a resolved incident can only be reopened
        el('div', { class: 'controls' }, ...incident.moves.map(s =>
          el('button', { class: 'secondary status-' + s, onclick: () => act('/' + incident.id + '/status', { status: s }) },
            incident.status === 'resolved' ? t('incident.reopen') : t('incident.moveTo', { status: t('incident.status.' + s) })))),
        el('ul', { class: 'list roles' }, ...settings.roles.map(role => el('li', { 'data-role': role }, roleName(role) + ': ' + (holders.get(role) || '—'),
          el('small', { class: 'role-history' }, roleHistory(incident.roles.filter(r => r.role === role))),
          el('button', { class: 'secondary take-role', onclick: () => act('/' + incident.id + '/roles/' + role, {}) }, t('incident.take')),
          el('button', { class: 'secondary give-role', onclick: () => {
            const person = prompt(t('incident.giveTo'));
            if (person) act('/' + incident.id + '/roles/' + role, { person });
          } }, t('incident.handOver'))))),
        el('h4', {}, t('incident.publicUpdate')),
        el('div', { class: 'controls' }, ...['first', 'update', 'resolution'].map(kind =>
          el('button', { class: 'secondary template-' + kind, onclick: () => {
            message.value = templateText(kind, incident);
            status.value = { first: 'investigating', update: 'identified', resolution: 'resolved' }[kind];
            if (kind === 'resolution') componentSelects.forEach(l => { l.querySelector('select').value = 'operational'; });
          } }, t('template.name.' + kind)))),
        message, el('div', { class: 'controls' }, status, ...componentSelects,
          el('button', { class: 'post-public', onclick: async () => {
            // a template's blank ("…") is for the team to fill in, never for customers to read
            if (message.value.includes('…')) { Kunren.message(t('incident.fillTemplate')); message.focus(); return; }
            const posted = await act('/' + incident.id + '/public-updates', { status: status.value, message: message.value, components: componentStates() });
            if (posted) {
              const box = document.querySelector('[data-incident="' + incident.id + '"] .public-message');
              if (box) box.value = '';
            }
          } }, t('incident.post'))),
        el('h4', {}, t('incident.internalUpdate')),
        el('form', { class: 'inline can', onsubmit: e => {
          e.preventDefault();
          const f = e.target;
          act('/' + incident.id + '/internal-updates', { conditions: f.conditions.value, actions: f.actions.value, needs: f.needs.value });
        } }, el('input', { name: 'conditions', placeholder: t('incident.conditions'), required: '' }), el('input', { name: 'actions', placeholder: t('incident.actions'), required: '' }),
          el('input', { name: 'needs', placeholder: t('incident.needs') }), el('button', {}, t('incident.post'))),
        el('h4', {}, t('incident.milestones')), milestonesTable(incident),
        el('h4', {}, t('incident.notes')),
        el('form', { class: 'inline note-form', onsubmit: e => { e.preventDefault(); act('/' + incident.id + '/notes', { text: e.target.text.value }); } },
          el('input', { name: 'text', placeholder: t('incident.notePlaceholder'), required: '' }), el('button', {}, t('incident.addNote'))),
        el('h4', {}, t('incident.actionItems')),
        el('form', { class: 'inline action-form', onsubmit: e => {
          e.preventDefault();
          const f = e.target;
          act('/' + incident.id + '/action-items', { text: f.text.value, owner: f.owner.value, due: f.due.value });
        } }, el('input', { name: 'text', placeholder: t('incident.actionText'), required: '' }), el('input', { name: 'owner', placeholder: t('incident.owner'), required: '' }),
          el('input', { name: 'due', type: 'date', 'aria-label': t('incident.due') }), el('button', {}, t('incident.addAction'))),
        el('ol', { class: 'timeline', reversed: '' }, ...incident.entries.slice().reverse().map(e => el('li', {}, Kunren.clock(Kunren.seconds(e.at)) + ' ' + e.by + ': '
          + t('incident.entry.' + e.kind) + ' — ' + describeFields(e)))));
    }));
  }

  document.addEventListener('DOMContentLoaded', () => {
    const wait = setInterval(async () => {
      const session = Kunren.session();
      if (!session || session.role !== 'member') return;
      clearInterval(wait);
      base = '/api/drills/' + encodeURIComponent(session.drill) + '/teams/' + encodeURIComponent(session.team);
      settings = (await Kunren.api('GET', '/api/drills/' + encodeURIComponent(session.drill))).incident;
      const drawComponents = () => document.getElementById('declare-components').replaceChildren(...settings.components.map(c =>
        Kunren.el('label', {}, Kunren.el('input', { type: 'checkbox', class: 'declare-component', value: c }), ' ', componentName(c))));
      drawComponents();
      Kunren.onLanguageChange(drawComponents);
      document.getElementById('declare-form').addEventListener('submit', async e => {
        e.preventDefault();
        try {
          const drill = await Kunren.api('GET', '/api/drills/' + encodeURIComponent(session.drill));
          const alerts = drill.tabletop ? { firing: [] } : await Kunren.api('GET', base + '/alerts');
          const firing = alerts.firing.length ? alerts.firing[0].rule : '';
          await Kunren.api('POST', base + '/incidents', { title: document.getElementById('incident-title').value,
            severity: document.getElementById('incident-severity').value, alertRule: firing,
            components: [...document.querySelectorAll('.declare-component:checked')].map(box => box.value) });
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
