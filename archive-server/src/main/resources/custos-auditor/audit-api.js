/*
 * The archive's audit API (docs/audit.md): one request per report page, always with the bearer token.
 * The patient question goes as a POST with the identifiers in the JSON body: a patient ID never appears in a
 * URL (URLs end up in logs, browser history and Resource Timing).
 */

const PATHS = {
  user: (p) => '/audit/users/' + encodeURIComponent(p.subject) + '/accesses',
  study: (p) => '/audit/studies/' + encodeURIComponent(p.studyUid) + '/accesses',
  exports: () => '/audit/exports',
  denials: () => '/audit/denials',
};

/** What the form must hold for each question, with the message when it does not. */
export const REQUIRED = {
  patient: ['patientId', 'Enter the patient ID.'],
  user: ['subject', 'Enter the user (the subject of their token).'],
  study: ['studyUid', 'Enter the Study Instance UID.'],
};

export class AuditError extends Error {
  constructor(status, message) {
    super(message);
    this.status = status;
  }
}

function request(question, params, pageToken, accept, token) {
  const headers = { Authorization: 'Bearer ' + token, Accept: accept };
  if (question === 'patient') {
    headers['Content-Type'] = 'application/json';
    const body = {
      patientId: params.patientId,
      issuerOfPatientId: params.issuer || null,
      from: params.from || null,
      to: params.to || null,
      limit: params.limit,
      pageToken: pageToken || null,
    };
    return { url: '/audit/patients/accesses', init: { method: 'POST', headers, body: JSON.stringify(body) } };
  }
  const query = new URLSearchParams();
  if (params.from) query.set('from', params.from);
  if (params.to) query.set('to', params.to);
  query.set('limit', String(params.limit));
  if (question === 'denials' && params.unattributed) query.set('unattributed', 'true');
  if (pageToken) query.set('pageToken', pageToken);
  return { url: PATHS[question](params) + '?' + query, init: { method: 'GET', headers } };
}

async function refusal(response) {
  if (response.status === 401) {
    return new AuditError(401, 'The archive refused the token (missing, expired or not valid): '
        + 'sign in again with an auditor token.');
  }
  if (response.status === 403) {
    return new AuditError(403, 'Access refused: this token may not read the access trail. '
        + 'The audit reports answer the auditor role only (in this archive\'s region); the refusal is recorded.');
  }
  let detail = '';
  try {
    const problem = await response.json();
    detail = problem && problem.detail ? ': ' + problem.detail : '';
  } catch (e) {
    detail = '';
  }
  if (response.status === 400) {
    return new AuditError(400, 'The archive did not accept the question' + detail + '.');
  }
  return new AuditError(response.status, 'The archive answered HTTP ' + response.status + detail + '.');
}

async function send(question, params, pageToken, accept, token) {
  const { url, init } = request(question, params, pageToken, accept, token);
  let response;
  try {
    response = await fetch(url, { ...init, cache: 'no-store', credentials: 'omit', referrerPolicy: 'no-referrer' });
  } catch (e) {
    throw new AuditError(0, 'The archive could not be reached.');
  }
  if (!response.ok) {
    throw await refusal(response);
  }
  return response;
}

/** One page as JSON: {entries, nextPageToken}. */
export async function fetchPage(question, params, pageToken, token) {
  const response = await send(question, params, pageToken, 'application/json', token);
  const page = await response.json();
  return { entries: page.entries || [], nextPageToken: page.nextPageToken || null };
}

/**
 * The whole question as one RFC 4180 CSV text: every page (1000 rows each) asked with Accept: text/csv and
 * followed through the X-Next-Page-Token header; the header row is kept from the first page only.
 */
export async function fetchCsv(question, params, token, maxPages) {
  const all = { ...params, limit: 1000 };
  let text = '';
  let pageToken = null;
  for (let page = 0; page < maxPages; page++) {
    const response = await send(question, all, pageToken, 'text/csv', token);
    const body = await response.text();
    // The header row holds only column names, so its end is the first line break.
    text += page === 0 ? body : body.slice(body.indexOf('\n') + 1);
    pageToken = response.headers.get('X-Next-Page-Token');
    if (!pageToken) {
      return { text, complete: true };
    }
  }
  return { text, complete: false };
}
