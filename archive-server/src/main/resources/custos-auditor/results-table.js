/*
 * The entries as table rows. Cells are set with textContent only: details hold request paths of refused
 * callers, which anyone can choose, so nothing from the archive is ever parsed as HTML.
 */
import { category, entryTime } from './timeline.js';

const COLUMNS = [
  (e) => entryTime(e).toISOString().replace('T', ' ').replace('Z', ''),
  (e) => e.kind, (e) => e.subject, (e) => e.roles, (e) => e.clientAddress, (e) => e.purpose, (e) => e.level,
  (e) => e.studyUid, (e) => e.seriesUid, (e) => e.sopUid,
  (e) => e.instances, (e) => e.frames, (e) => e.bytes,
  (e) => e.outcome, (e) => e.detail,
];
const NUMBER_COLUMNS = new Set([10, 11, 12]);

export function clearRows(tbody) {
  tbody.replaceChildren();
}

export function appendRows(tbody, entries) {
  entries.forEach((entry) => {
    const row = document.createElement('tr');
    row.className = category(entry);
    COLUMNS.forEach((value, i) => {
      const cell = document.createElement('td');
      const v = value(entry);
      cell.textContent = v === null || v === undefined ? '' : String(v);
      if (NUMBER_COLUMNS.has(i)) {
        cell.className = 'number';
      }
      row.append(cell);
    });
    tbody.append(row);
  });
}
