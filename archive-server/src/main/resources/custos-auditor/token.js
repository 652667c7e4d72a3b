/*
 * The auditor's bearer token, kept in this tab's sessionStorage only (never localStorage, never a cookie).
 * It can be pasted into the page or passed in the URL fragment (/auditor/#token=...): a fragment never leaves
 * the browser, so it reaches no server log, and it is removed from the address bar and history at once.
 * The checks here only catch obvious mistakes early; the archive decides what the token may do.
 */
const TOKEN_KEY = 'custos.auditor.token';

export function currentToken() {
  return window.sessionStorage.getItem(TOKEN_KEY);
}

export function storeToken(token) {
  window.sessionStorage.setItem(TOKEN_KEY, token);
}

export function forgetToken() {
  window.sessionStorage.removeItem(TOKEN_KEY);
}

/** The token's payload (JWT claims), or null when it is not a JWT. */
export function claims(token) {
  const parts = token.split('.');
  if (parts.length !== 3) {
    return null;
  }
  try {
    return JSON.parse(atob(parts[1].replace(/-/g, '+').replace(/_/g, '/')));
  } catch (e) {
    return null;
  }
}

/** Why the token cannot be used, or null. */
export function tokenProblem(token) {
  const c = claims(token);
  if (!c) {
    return 'This is not a token (expected a JWT: three dot-separated parts).';
  }
  if (typeof c.exp === 'number' && c.exp * 1000 <= Date.now()) {
    return 'This token has expired; mint a new one.';
  }
  return null;
}

/** Takes a token passed in the fragment: {token, problem} or null when there is none. */
export function takeTokenFromFragment() {
  const fragment = new URLSearchParams(window.location.hash.replace(/^#/, ''));
  if (!fragment.has('token')) {
    return null;
  }
  window.history.replaceState(null, '', window.location.pathname);
  const token = fragment.get('token').trim();
  return { token, problem: tokenProblem(token) };
}
