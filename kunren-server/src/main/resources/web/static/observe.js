'use strict';
// An observer's page: one team at a time — its timeline as the observer may see it, and the observer's notes and rubric scores.
Kunren.start(async session => {
  if (session.role !== 'observer') { location.href = '/'; return; }
  const { api, t, el } = Kunren;
  const $ = id => document.getElementById(id);
  const records = [];
  // an observer of every drill (signed in through the company's provider) watches the one in ?drill=, else the latest
  const query = new URLSearchParams(location.search);
  let drillId = session.drill;
  if (!drillId) {
    const drills = await api('GET', '/api/drills');
    if (!drills.length) { Kunren.message(t('observe.noDrill')); return; }
    drillId = query.get('drill') || drills[drills.length - 1].id;
  }
  const drill = await api('GET', '/api/drills/' + encodeURIComponent(drillId));
  const base = team => '/api/drills/' + encodeURIComponent(drillId) + '/teams/' + encodeURIComponent(team);
  $('who').textContent = session.name;
  $('drill-title').textContent = Kunren.own(drill.titles, drill.title);
  $('team').replaceChildren(...drill.teams.map(team => el('option', { value: team.name }, team.name)));
  const team = () => $('team').value;

  function renderTimeline() {
    $('timeline').replaceChildren(...records.filter(r => (r.team === team() || r.team === '') && r.event.type !== 'metrics-sampled')
      .slice().reverse().map(r => el('li', { class: 'event-' + r.event.type }, Kunren.clock(Kunren.seconds(r.at)) + ' ' + Kunren.describe(r))));
  }

  async function renderEvaluation() {
    let evaluation;
    try { evaluation = await api('GET', base(team()) + '/evaluation'); } catch (error) { Kunren.message(error.message); return; }
    $('notes').replaceChildren(...evaluation.notes.slice().reverse().map(n => el('li', {},
      el('span', {}, el('code', {}, Kunren.clock(Kunren.seconds(n.at))), ' ', el('strong', {}, n.by), ': ' + n.text))));
    $('rubric').replaceChildren(...evaluation.rubric.map(c => {
      const mine = c.scores[session.name];
      const select = el('select', { 'aria-label': c.id, 'data-criterion': c.id }, ...[0, 1, 2, 3].map(v => el('option', { value: String(v) }, v + '/3')));
      select.value = mine === undefined ? '' : String(mine);
      const comment = el('input', { maxlength: '4000', 'data-i18n-placeholder': 'observe.comment', placeholder: t('observe.comment') });
      comment.value = c.comments[session.name] || '';
      return el('div', { class: 'criterion', 'data-criterion': c.id }, el('p', {}, el('strong', {}, c.text), ' ',
        el('small', {}, c.average === null ? t('observe.unscored') : t('observe.average', { average: c.average }))), select, ' ', comment, ' ',
        el('button', { type: 'button', class: 'score', onclick: async () => {
          try {
            await api('PUT', base(team()) + '/rubric/' + encodeURIComponent(c.id), { score: Number(select.value), comment: comment.value });
            Kunren.toast(t('observe.saved'));
            Kunren.message('');
            await renderEvaluation();
          } catch (error) { Kunren.message(error.message); }
        } }, t('observe.score')));
    }));
    if (evaluation.rubric.length === 0) $('rubric').replaceChildren(el('p', { class: 'muted' }, t('observe.noRubric')));
  }

  $('note-form').addEventListener('submit', async e => {
    e.preventDefault();
    try {
      await api('POST', base(team()) + '/evaluations', { text: $('note-text').value });
      $('note-text').value = '';
      Kunren.message('');
      await renderEvaluation();
    } catch (error) { Kunren.message(error.message); }
  });
  $('team').addEventListener('change', () => { renderTimeline(); renderEvaluation(); });
  Kunren.onLanguageChange(() => { renderTimeline(); renderEvaluation(); });
  Kunren.follow(drillId, record => {
    records.push(record);
    if (record.team === team() || record.team === '') renderTimeline();
  });
  await renderEvaluation();
});
