/*
 * Custos viewer login (docs/viewer.md): keeps a bearer token in this tab's sessionStorage for
 * /viewer/app-config.js to hand to OHIF. A token can be pasted, or passed in the URL fragment
 * (/viewer/login#token=...): a fragment never leaves the browser, so it reaches no server log, and it is
 * removed from the address bar and history entry at once. Query parameters are never read for tokens.
 */
(function () {
  'use strict';
  var TOKEN_KEY = 'custos.viewer.token';
  var params = new URLSearchParams(window.location.search);

  function nextPage() {
    var next = params.get('next');
    // Only back into the viewer: an open redirect would let a link send the user elsewhere after sign-in.
    return next && /^\/viewer\/(?!\/)/.test(next) && next.indexOf('/viewer/login') !== 0 ? next : '/viewer/';
  }

  function claims(token) {
    var parts = token.split('.');
    if (parts.length !== 3) {
      return null;
    }
    try {
      return JSON.parse(atob(parts[1].replace(/-/g, '+').replace(/_/g, '/')));
    } catch (e) {
      return null;
    }
  }

  function problem(token) {
    var c = claims(token);
    if (!c) {
      return 'This is not a token (expected a JWT: three dot-separated parts).';
    }
    if (typeof c.exp === 'number' && c.exp * 1000 <= Date.now()) {
      return 'This token has expired; mint a new one.';
    }
    return null;
  }

  function accept(token) {
    window.sessionStorage.setItem(TOKEN_KEY, token);
    window.location.replace(nextPage());
  }

  function show(id, text) {
    var element = document.getElementById(id);
    element.textContent = text;
    element.hidden = !text;
  }

  var fragment = new URLSearchParams(window.location.hash.replace(/^#/, ''));
  var fragmentProblem = null;
  if (fragment.has('token')) {
    window.history.replaceState(null, '', window.location.pathname + window.location.search);
    var passed = fragment.get('token').trim();
    fragmentProblem = problem(passed);
    if (!fragmentProblem) {
      accept(passed);
      return;
    }
  }

  document.addEventListener('DOMContentLoaded', function () {
    if (params.get('reason') === 'expired') {
      show('reason', 'The archive refused the token (expired or not valid any more). Please give a new one.');
    }
    if (fragmentProblem) {
      show('error', fragmentProblem);
    }
    document.getElementById('token-form').addEventListener('submit', function (event) {
      event.preventDefault();
      var token = document.getElementById('token').value.trim();
      var error = problem(token);
      show('error', error || '');
      if (!error) {
        accept(token);
      }
    });
    document.getElementById('forget').addEventListener('click', function () {
      window.sessionStorage.removeItem(TOKEN_KEY);
      show('reason', 'The token is forgotten.');
    });
  });
})();
