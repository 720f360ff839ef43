// CSV export of a manager's current view: the card's columns (TEAM_COLUMNS) and nothing more — no
// account, address, id or token. RFC 4180: CRLF line ends, fields quoted when they hold a comma,
// quote or line break, quotes doubled. Safe to open in a spreadsheet: a cell that starts with
// = + - @ TAB or CR is prefixed with a single quote so it is never read as a formula.
import { CHECK_LABELS, type TeamRow } from './model';
import { cleanName, TEAM_COLUMNS } from './team-card';

const FORMULA_START = /^[=+\-@\t\r]/;

export function csvCell(value: string): string {
  const safe = FORMULA_START.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

const yesNo = (value: boolean) => (value ? 'yes' : 'no');

/** The cells of one row, in TEAM_COLUMNS order. */
export function csvFields(row: TeamRow): string[] {
  return [
    cleanName(row.name),
    yesNo(row.trainingLinked),
    yesNo(row.learningLinked),
    String(row.activeCertifications),
    String(row.expiringSoon),
    row.certificationCheck ? CHECK_LABELS[row.certificationCheck] : '',
  ];
}

export const CSV_HEADER = TEAM_COLUMNS.map(csvCell).join(',') + '\r\n';

export function csvLine(row: TeamRow): string {
  return csvFields(row).map(csvCell).join(',') + '\r\n';
}

/** The whole file for a set of rows (the export streams csvLine per row for large views). */
export function teamCsv(rows: Iterable<TeamRow>): string {
  let out = CSV_HEADER;
  for (const row of rows) out += csvLine(row);
  return out;
}
