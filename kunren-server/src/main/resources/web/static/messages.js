'use strict';
// The team console's tabletop side: messages that reach the team (answered here) and where the team
// stands on the scenario's expectations.
(() => {
  let base = null;
  let me = '';
  let shownMessages = '';
  let shownExpectations = '';
  const $ = id => document.getElementById(id);

  async function answer(id, text) {
    try {
      await Kunren.api('POST', base + '/messages/' + encodeURIComponent(id) + '/answers', { text });
      Kunren.toast(Kunren.t('op.done'));
      Kunren.message('');
    } catch (error) { Kunren.message(error.message); }
    shownMessages = '';
    await render();
  }

  /** The roles I hold in any open incident: messages for them are marked as mine. */
  async function myRoles() {
    const incidents = await Kunren.api('GET', base + '/incidents');
    return new Set(incidents.flatMap(i => i.roles.filter(r => r.until == null && r.person === me).map(r => r.role)));
  }

  async function renderMessages() {
    const { t, el } = Kunren;
    const [messages, roles] = await Promise.all([Kunren.api('GET', base + '/messages'), myRoles()]);
    const fingerprint = JSON.stringify(messages) + [...roles].join();
    if (fingerprint === shownMessages) return;
    shownMessages = fingerprint;
    $('messages-empty').hidden = messages.length > 0;
    const drafts = new Map([...document.querySelectorAll('[data-message]')].map(m => [m.dataset.message, m.querySelector('textarea').value]));
    $('messages').replaceChildren(...messages.slice().reverse().map(m => {
      const reply = el('textarea', { rows: 2, class: 'answer-text', 'aria-label': t('message.answer'), placeholder: t('message.answerPlaceholder') });
      reply.value = drafts.get(m.id) || '';
      return el('div', { class: 'message' + (roles.has(m.to) ? ' for-me' : ''), 'data-message': m.id },
        el('div', {}, el('strong', {}, t('message.from', { channel: t('channel.' + m.channel), from: m.from })), ' · ',
          t('message.to', { role: Kunren.tOr('role.name.' + m.to, m.to) }), roles.has(m.to) ? el('small', { class: 'ok' }, ' ' + t('message.forYou')) : '',
          ' · ', Kunren.clock(m.deliveredAtSeconds)),
        el('blockquote', {}, Kunren.textIn(m.text)),
        el('ul', { class: 'list answers' }, ...m.answers.map(a => el('li', {}, t('message.answered', { by: a.by, at: Kunren.clock(a.atSeconds), text: a.text })))),
        reply, el('button', { class: 'answer', onclick: () => answer(m.id, reply.value) }, t('message.answer')));
    }));
  }

  async function renderExpectations() {
    const { t, el } = Kunren;
    const list = await Kunren.api('GET', base + '/expectations?lang=' + encodeURIComponent(document.documentElement.lang || 'en'));
    const fingerprint = JSON.stringify(list) + document.documentElement.lang;
    if (fingerprint === shownExpectations) return;
    shownExpectations = fingerprint;
    $('expectations-panel').hidden = list.length === 0;
    const count = state => list.filter(e => state.includes(e.state)).length;
    const points = list.reduce((sum, e) => sum + e.points, 0);
    $('expectation-summary').textContent = t('expectation.summary', { met: count(['met']), missed: count(['missed']),
      open: count(['pending', 'deciding']), points: Math.round(points) });
    $('expectations').replaceChildren(...list.map(e => el('li', { class: 'expectation', 'data-expectation': e.id, 'data-state': e.state },
      el('span', {}, el('span', { class: 'badge' }, t('expectation.state.' + e.state)), ' ',
        t('expectation.line', { kind: t('expectation.kind.' + e.kind), inject: e.inject, limit: Kunren.duration(e.limitSeconds) })),
      el('small', {}, e.state === 'pending' && e.deadlineSeconds != null ? t('expectation.due', { at: Kunren.clock(e.deadlineSeconds) })
        : e.state === 'met' || e.state === 'missed' ? e.detail : '', ' ', worth(e)))));
  }

  /** What a judged expectation added (a missed one with a penalty took it away); what an open one is worth. */
  function worth(e) {
    const { t } = Kunren;
    if (e.state === 'met' || e.state === 'missed') return t('expectation.points', { points: Math.round(e.points) });
    const points = t('expectation.points', { points: Math.round(e.worth) });
    return e.penalty > 0 ? points + ' · ' + t('expectation.penalty', { penalty: Math.round(e.penalty) }) : points;
  }

  async function render() {
    if (!base) return;
    try {
      await Promise.all([renderMessages(), renderExpectations()]);
    } catch (error) { /* the next round tries again */ }
  }

  document.addEventListener('DOMContentLoaded', () => {
    const wait = setInterval(async () => {
      const session = Kunren.session();
      if (!session || session.role !== 'member') return;
      clearInterval(wait);
      me = session.name;
      base = '/api/drills/' + encodeURIComponent(session.drill) + '/teams/' + encodeURIComponent(session.team);
      await render();
      setInterval(render, 1000);
      Kunren.onLanguageChange(() => { shownMessages = ''; shownExpectations = ''; render(); });
    }, 100);
  });
})();
