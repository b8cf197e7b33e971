'use strict';
// The projector view: every team's total, its trend and how its rank moved, updated live.
Kunren.start(async session => {
  if (session.role === 'none') { location.href = '/'; return; }
  const { api, t, el } = Kunren;
  const drill = new URLSearchParams(location.search).get('drill') || session.drill;
  const info = await api('GET', '/api/drills/' + encodeURIComponent(drill));
  document.getElementById('drill-title').textContent = Kunren.own(info.titles, info.title);

  async function render() {
    const rows = await api('GET', '/api/drills/' + encodeURIComponent(drill) + '/scoreboard');
    document.getElementById('rows').replaceChildren(...rows.map(row => {
      const moved = row.previousRank - row.rank;
      return el('tr', { 'data-team': row.team },
        el('td', {}, String(row.rank), ' ', moved > 0 ? el('span', { class: 'up', title: t('score.up') }, '▲' + moved) : moved < 0 ? el('span', { class: 'down', title: t('score.down') }, '▼' + (-moved)) : ''),
        el('td', {}, row.team), el('td', { class: 'score' }, Math.round(row.score).toLocaleString()),
        el('td', {}, Kunren.chart(row.trend, 360, 70)));
    }));
  }
  let elapsed = 0;
  Kunren.follow(drill, record => {
    elapsed = Math.max(elapsed, Kunren.seconds(record.at));
    document.getElementById('clock').textContent = Kunren.clock(elapsed);
    if (record.event.type === 'window-closed') render();
  });
  await render();
});
