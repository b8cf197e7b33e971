'use strict';
Kunren.start(async session => {
  const query = new URLSearchParams(location.search);
  const drill = query.get('drill') ? '?drill=' + encodeURIComponent(query.get('drill')) : '';
  if (query.get('signin') && session.role === 'none') {
    try {
      await Kunren.api('POST', '/api/session/link', { token: query.get('signin') });
      location.href = '/facilitator' + drill;
      return;
    } catch (error) { Kunren.message(error.message); }
  }
  if (session.role === 'facilitator') { location.href = '/facilitator' + drill; return; }
  if (session.role === 'member') { location.href = '/team'; return; }
  if (session.role === 'observer') { location.href = '/observe'; return; }
  document.getElementById('oidc').hidden = !session.oidc;
  document.getElementById('join-oidc').hidden = !session.oidc;
  document.getElementById('join-oidc').addEventListener('click', () => {
    location.href = '/api/session/oidc?code=' + encodeURIComponent(document.getElementById('join-code').value);
  });
  const code = query.get('code');
  if (code) document.getElementById('join-code').value = code;
  document.getElementById('join-form').addEventListener('submit', async e => {
    e.preventDefault();
    try {
      const joined = await Kunren.api('POST', '/api/session/join', { code: document.getElementById('join-code').value, name: document.getElementById('join-name').value });
      location.href = joined.role === 'observer' ? '/observe' : '/team';
    } catch (error) { Kunren.message(error.status === 404 ? Kunren.t('join.unknownCode') : error.message); }
  });
  document.getElementById('facilitator-form').addEventListener('submit', async e => {
    e.preventDefault();
    try {
      await Kunren.api('POST', '/api/session/facilitator', { password: document.getElementById('facilitator-password').value });
      location.href = '/facilitator';
    } catch (error) { Kunren.message(Kunren.t('facilitator.wrong')); }
  });
});
