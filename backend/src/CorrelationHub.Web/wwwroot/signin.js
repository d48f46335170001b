// The sign-in page: posts { username, password } to /api/auth/sign-in (with the header the server requires against
// request forgery) and returns to ?returnUrl= — a path on this server only, never another site.
(function () {
  'use strict';
  var form = document.getElementById('signin');
  var username = document.getElementById('username');
  var password = document.getElementById('password');
  var message = document.getElementById('message');
  var submit = document.getElementById('submit');

  // Only a local path: "/x", not "//host", "/\host" or "https://…" (no open redirect).
  function returnUrl() {
    var wanted = new URLSearchParams(window.location.search).get('returnUrl') || '/';
    if (wanted.charAt(0) !== '/' || wanted.charAt(1) === '/' || wanted.charAt(1) === '\\') return '/';
    try {
      var target = new URL(wanted, window.location.origin);
      if (target.origin !== window.location.origin || target.pathname === '/signin.html') return '/';
      return target.pathname + target.search + target.hash;
    } catch (e) {
      return '/';
    }
  }

  function show(text) {
    message.textContent = text;
  }

  function signedIn() {
    window.location.replace(returnUrl());
  }

  // Already signed in (e.g. arriving from another site, when the SameSite=Strict cookie was not sent): go on.
  fetch('/api/auth/me', { credentials: 'same-origin', cache: 'no-store' }).then(function (response) {
    return response.ok ? response.json() : null;
  }).then(function (me) {
    if (me && me.via === 'account') signedIn();
    else if (me && me.openWarning) document.getElementById('open-warning').hidden = false;
  }, function () { /* the form stays */ });

  form.addEventListener('submit', function (event) {
    event.preventDefault();
    if (!username.value.trim()) { show('Enter your username.'); username.focus(); return; }
    if (!password.value) { show('Enter your password.'); password.focus(); return; }
    submit.disabled = true;
    show('');
    fetch('/api/auth/sign-in', {
      method: 'POST',
      credentials: 'same-origin',
      cache: 'no-store',
      headers: { 'Content-Type': 'application/json', 'X-CorrelationHub-Request': '1' },
      body: JSON.stringify({ username: username.value.trim(), password: password.value }),
    }).then(function (response) {
      if (response.status === 204) { signedIn(); return; }
      password.value = '';
      if (response.status === 429) {
        var seconds = Number(response.headers.get('Retry-After')) || 60;
        show('Too many failed attempts. Try again in ' + Math.ceil(seconds / 60) + ' minute(s).');
      } else if (response.status === 401) {
        show('Unknown username or wrong password.');
      } else {
        show('Sign-in failed (HTTP ' + response.status + '). Try again.');
      }
      submit.disabled = false;
      password.focus();
    }, function () {
      show('The server cannot be reached. Try again.');
      submit.disabled = false;
    });
  });
})();
