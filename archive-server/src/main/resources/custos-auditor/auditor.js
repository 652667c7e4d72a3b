/*
 * The auditor page (docs/audit.md, "The auditor page"): asks the archive's audit reports with the auditor's
 * token and shows the loaded entries as a table and a timeline. What the auditor types (a patient ID among
 * it) stays in the page's memory: never in a URL, never in localStorage.
 */
import { AuditError, REQUIRED, fetchCsv, fetchPage } from './audit-api.js';
import { appendRows, clearRows } from './results-table.js';
import { drawTimeline } from './timeline.js';
import { claims, currentToken, forgetToken, storeToken, takeTokenFromFragment, tokenProblem } from './token.js';

const MAX_CSV_PAGES = 100;
const DEFAULT_DAYS = 30;

const $ = (id) => document.getElementById(id);

/** The question shown: its parameters as asked (later edits of the form do not change the next page). */
let shown = null;

function showMessage(text) {
  $('message').textContent = text || '';
  $('message').hidden = !text;
}

function showSignedIn() {
  const token = currentToken();
  const c = token ? claims(token) : null;
  if (!c) {
    $('who').textContent = 'Not signed in: give an auditor token below.';
    return;
  }
  const roles = Array.isArray(c.custos_roles) ? c.custos_roles.join(', ') : 'no roles';
  const tenant = c.custos_tenant ? ', tenant ' + c.custos_tenant : '';
  $('who').textContent = `Signed in as ${c.sub} (${roles}${tenant}).`;
}

function selectedQuestion() {
  return document.querySelector('input[name=question]:checked').value;
}

function showFieldsOf(question) {
  document.querySelectorAll('.fields [data-for]').forEach((field) => {
    field.hidden = field.dataset.for !== question;
  });
}

function utcDay(date) {
  return date.toISOString().slice(0, 10);
}

function formParameters() {
  const limit = parseInt($('limit').value, 10);
  return {
    patientId: $('patient-id').value.trim(),
    issuer: $('issuer').value.trim(),
    subject: $('subject').value.trim(),
    studyUid: $('study-uid').value.trim(),
    unattributed: $('unattributed').checked,
    from: $('from').value,
    to: $('to').value,
    limit: Number.isInteger(limit) ? limit : 100,
  };
}

function missing(question, params) {
  const required = REQUIRED[question];
  return required && !params[required[0]] ? required[1] : null;
}

/** The token when there is one and the question is complete; otherwise says what is missing and gives null. */
function readyToAsk(question, params) {
  showMessage('');
  const token = currentToken();
  const problem = !token ? 'Sign in first: give an auditor token.' : params && missing(question, params);
  if (problem) {
    showMessage(problem);
    return null;
  }
  return token;
}

function render() {
  $('results').hidden = shown === null;
  if (shown === null) {
    $('summary').textContent = '';
    $('next-page').disabled = true;
    return;
  }
  $('timeline-caption').textContent = drawTimeline($('timeline'), shown.entries);
  $('summary').textContent = `${shown.entries.length} entries loaded`
      + (shown.nextPageToken ? '; more on the next page.' : '; that is all.');
  $('next-page').disabled = !shown.nextPageToken;
}

function fail(error) {
  if (error instanceof AuditError) {
    showMessage(error.message);
    if (error.status === 401 || error.status === 403) {
      // Nothing of an earlier answer stays on screen under a refused token.
      shown = null;
      clearRows(document.querySelector('#entries tbody'));
      render();
    }
    return;
  }
  throw error;
}

async function ask(event) {
  event.preventDefault();
  const question = selectedQuestion();
  const params = formParameters();
  const token = readyToAsk(question, params);
  if (!token) {
    return;
  }
  $('run').disabled = true;
  try {
    const page = await fetchPage(question, params, null, token);
    shown = { question, params, entries: page.entries, nextPageToken: page.nextPageToken };
    const tbody = document.querySelector('#entries tbody');
    clearRows(tbody);
    appendRows(tbody, page.entries);
    render();
  } catch (error) {
    fail(error);
  } finally {
    $('run').disabled = false;
  }
}

async function nextPage() {
  const token = readyToAsk(null, null);
  if (!shown || !shown.nextPageToken || !token) {
    return;
  }
  $('next-page').disabled = true;
  try {
    const page = await fetchPage(shown.question, shown.params, shown.nextPageToken, token);
    shown.entries = shown.entries.concat(page.entries);
    shown.nextPageToken = page.nextPageToken;
    appendRows(document.querySelector('#entries tbody'), page.entries);
    render();
  } catch (error) {
    fail(error);
  }
}

async function downloadCsv() {
  const question = shown ? shown.question : selectedQuestion();
  const params = shown ? shown.params : formParameters();
  const token = readyToAsk(question, params);
  if (!token) {
    return;
  }
  $('download-csv').disabled = true;
  try {
    const csv = await fetchCsv(question, params, token, MAX_CSV_PAGES);
    const link = $('csv-link');
    if (link.href) {
      URL.revokeObjectURL(link.href);
    }
    link.href = URL.createObjectURL(new Blob([csv.text], { type: 'text/csv' }));
    // The file name says what was asked, never who: no patient ID, no subject.
    link.download = `custos-audit-${question}-${params.from || 'last-30-days'}-${params.to || 'today'}.csv`;
    link.dataset.complete = String(csv.complete);
    link.click();
    if (!csv.complete) {
      showMessage(`The CSV holds the first ${MAX_CSV_PAGES} pages only; narrow the date range for the rest.`);
    }
  } catch (error) {
    fail(error);
  } finally {
    $('download-csv').disabled = false;
  }
}

function signIn(token) {
  const problem = tokenProblem(token);
  if (problem) {
    showMessage(problem);
    return;
  }
  storeToken(token);
  $('token').value = '';
  showMessage('');
  showSignedIn();
}

function start() {
  const passed = takeTokenFromFragment();
  if (passed) {
    signIn(passed.token);
  }
  showSignedIn();
  const today = new Date();
  $('to').value = utcDay(today);
  $('from').value = utcDay(new Date(today.getTime() - DEFAULT_DAYS * 24 * 3600 * 1000));
  showFieldsOf(selectedQuestion());
  document.querySelectorAll('input[name=question]').forEach((radio) => {
    radio.addEventListener('change', () => showFieldsOf(selectedQuestion()));
  });
  $('token-form').addEventListener('submit', (event) => {
    event.preventDefault();
    signIn($('token').value.trim());
  });
  $('forget').addEventListener('click', () => {
    forgetToken();
    showSignedIn();
  });
  $('question-form').addEventListener('submit', ask);
  $('next-page').addEventListener('click', nextPage);
  $('download-csv').addEventListener('click', downloadCsv);
  document.body.dataset.ready = 'true';
}

start();
