'use strict';
// The debrief page: the drill's report (the standalone HTML export, framed), downloads, and the team's editable postmortem.
Kunren.start(async session => {
  const { api, t, el } = Kunren;
  const $ = id => document.getElementById(id);
  const drill = new URLSearchParams(location.search).get('drill') || session.drill || '';
  const SECTIONS = ['summary', 'impact', 'trigger', 'detection', 'response', 'recovery', 'timeline', 'wentWell', 'wentWrong', 'gotLucky', 'runbookGaps'];
  let team = session.role === 'member' ? session.team : null;
  let actionTypes = [];
  let edited = false;  // unsaved edits survive a change of language; only an untouched form is reloaded

  /** The report and downloads are written in the page's language. */
  const lang = () => 'lang=' + encodeURIComponent(document.documentElement.lang || 'en');

  function showReport() {
    const base = '/api/drills/' + encodeURIComponent(drill) + '/debrief';
    $('report').src = base + '.html?' + lang();
    for (const kind of ['md', 'html', 'json']) $('download-' + kind).href = base + '.' + kind + '?download=1&' + lang();
  }

  /** The frame is as tall as the report, so the page scrolls as one. */
  $('report').addEventListener('load', () => {
    const doc = $('report').contentDocument;
    if (doc && doc.body) $('report').style.height = (doc.documentElement.scrollHeight + 20) + 'px';
  });

  function actionRow(item) {
    const type = el('select', { class: 'pm-type', 'aria-label': t('postmortem.type') }, el('option', { value: '' }, t('postmortem.chooseType')),
      ...actionTypes.map(k => el('option', { value: k }, t('postmortem.type.' + k))));
    type.value = item.type || '';
    const row = el('tr', { class: 'pm-action' }, el('td', {}, type),
      el('td', {}, el('input', { class: 'pm-text', value: item.text || '', 'aria-label': t('postmortem.what') })),
      el('td', {}, el('input', { class: 'pm-owner', value: item.owner || '', 'aria-label': t('postmortem.owner') })),
      el('td', {}, el('input', { class: 'pm-due', type: 'date', value: item.due || '', 'aria-label': t('postmortem.due') })),
      el('td', {}, el('button', { type: 'button', class: 'secondary', onclick: () => row.remove() }, t('postmortem.remove'))));
    return row;
  }

  /** Loads the latest version (or the draft), or an earlier version to read or restore. */
  async function loadPostmortem(version, draft = false) {
    const body = await api('GET', '/api/drills/' + encodeURIComponent(drill) + '/teams/' + encodeURIComponent(team) + '/postmortem?' + lang()
      + (version ? '&version=' + version : '') + (draft ? '&draft=true' : ''));
    actionTypes = body.actionTypes;
    const p = body.postmortem;
    const old = body.version && body.version < body.latestVersion;
    // what was saved stays as the team wrote it; a team may start again from the draft in the page's language
    $('pm-redraft').hidden = body.latestVersion === 0 || !body.version;
    $('postmortem-version').textContent = !body.version ? t(body.latestVersion ? 'postmortem.redrafted' : 'postmortem.draft')
      : old ? t('postmortem.oldVersion', { version: body.version, by: body.savedBy, next: body.latestVersion + 1 })
        : t('postmortem.saved', { version: body.version, by: body.savedBy });
    showExpectation(body.expectation);
    $('pm-history-choice').hidden = body.versions.length < 2;
    $('pm-history').replaceChildren(...body.versions.slice().reverse().map(v => el('option', { value: v.version },
      t('postmortem.versionOption', { version: v.version, by: v.savedBy, at: new Date(v.savedAt).toLocaleString(document.documentElement.lang) }))));
    $('pm-history').value = String(body.version);
    $('pm-title').value = p.title;
    $('pm-sections').replaceChildren(...SECTIONS.map(name => el('label', { class: 'pm-section' }, el('strong', {}, t('postmortem.section.' + name)),
      el('textarea', { id: 'pm-' + name, rows: name === 'timeline' ? 12 : 4, class: 'mono' }))));
    SECTIONS.forEach(name => { $('pm-' + name).value = p[name] || ''; });
    $('pm-actions').replaceChildren(...p.actionItems.map(actionRow));
    edited = false;
  }

  /** What the scenario expects of the postmortem: by when, for how many points, and once judged, the outcome. */
  function showExpectation(expected) {
    $('postmortem-expected').hidden = !expected;
    if (!expected) return;
    const params = { within: Kunren.duration(expected.withinSeconds), points: expected.points, penalty: expected.penalty,
      deadline: expected.deadline ? new Date(expected.deadline).toLocaleString(document.documentElement.lang) : '' };
    const state = expected.met === undefined ? 'open' : expected.met ? 'met' : 'missed';
    $('postmortem-expected').dataset.state = state;
    $('postmortem-expected').textContent = t('postmortem.expected.' + state, params)
      + (expected.penalty > 0 && state === 'open' ? ' ' + t('postmortem.expected.penalty', params) : '');
  }

  function collect() {
    const p = { title: $('pm-title').value };
    SECTIONS.forEach(name => { p[name] = $('pm-' + name).value; });
    p.actionItems = [...document.querySelectorAll('.pm-action')].map(row => ({
      type: row.querySelector('.pm-type').value, text: row.querySelector('.pm-text').value,
      owner: row.querySelector('.pm-owner').value, due: row.querySelector('.pm-due').value }));
    return p;
  }

  $('pm-add-action').addEventListener('click', () => { edited = true; $('pm-actions').append(actionRow({})); });
  $('pm-redraft').addEventListener('click', () => loadPostmortem(undefined, true).catch(error => Kunren.message(error.message)));
  $('pm-history').addEventListener('change', () => loadPostmortem(Number($('pm-history').value)).catch(error => Kunren.message(error.message)));
  $('postmortem-form').addEventListener('input', () => { edited = true; });
  $('postmortem-form').addEventListener('submit', async e => {
    e.preventDefault();
    try {
      const saved = await api('PUT', '/api/drills/' + encodeURIComponent(drill) + '/teams/' + encodeURIComponent(team) + '/postmortem', collect());
      Kunren.toast(t('postmortem.savedToast', { version: saved.version }));
      Kunren.message('');
      await loadPostmortem();
      showReport();
    } catch (error) {
      Kunren.message(error.problem && error.problem.errors ? error.problem.errors.join('\n') : error.message);
    }
  });

  /** The facilitator sees every team's report side by side and picks whose postmortem to edit; a member has their own. */
  async function open() {
    showReport();
    if (session.role === 'facilitator') {
      const summary = await api('GET', '/api/drills/' + encodeURIComponent(drill) + '/debrief');
      const teams = summary.reports.map(r => r.team);
      $('team-choice').hidden = teams.length < 2;
      $('team').replaceChildren(...teams.map(name => el('option', { value: name }, name)));
      team = teams[0];
      $('team').addEventListener('change', () => { team = $('team').value; loadPostmortem().catch(error => Kunren.message(error.message)); });
    }
    await loadPostmortem();
  }

  try { await open(); } catch (error) { Kunren.message(error.message); }
  Kunren.onLanguageChange(() => {
    showReport();
    if (!edited) loadPostmortem().catch(() => {});
  });
});
