'use strict';
// The page an acknowledge link opens: opening it changes nothing (mail scanners open links too); the button takes the page.
Kunren.start(async () => {
  const { api, t } = Kunren;
  const token = new URLSearchParams(location.search).get('t') || '';
  const button = document.getElementById('acknowledge');
  button.addEventListener('click', async () => {
    button.disabled = true;
    try {
      const taken = await api('POST', '/api/pages/acknowledge', { token });
      const result = document.getElementById('result');
      result.textContent = t('page.taken', { page: taken.event.pageId, by: taken.event.by });
      result.className = 'summary ok';
      result.hidden = false;
      Kunren.message('');
    } catch (error) {
      Kunren.message(error.message);
    }
  });
});
