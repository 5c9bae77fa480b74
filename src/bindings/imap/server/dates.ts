/** IMAP date formats: date-time (`"17-Jul-1996 02:44:25 -0700"`) and search dates (`1-Feb-1994`). */
import { bad } from './errors.ts';

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

const pad = (n: number, width = 2) => String(n).padStart(width, '0');

/** INTERNALDATE, always given in UTC, day as two digits (both forms are valid). */
export function formatDateTime(date: Date): string {
  const day = pad(date.getUTCDate());
  const month = MONTHS[date.getUTCMonth()]!;
  const time = `${pad(date.getUTCHours())}:${pad(date.getUTCMinutes())}:${pad(date.getUTCSeconds())}`;
  return `"${day}-${month}-${date.getUTCFullYear()} ${time} +0000"`;
}

function monthIndex(name: string): number {
  const index = MONTHS.findIndex((m) => m.toLowerCase() === name.toLowerCase());
  if (index < 0) throw bad(`invalid month ${name}`);
  return index;
}

/** APPEND date-time argument. */
export function parseDateTime(text: string): Date {
  const match =
    /^\s?(\d{1,2})-([A-Za-z]{3})-(\d{4}) (\d{2}):(\d{2}):(\d{2}) ([+-])(\d{2})(\d{2})$/.exec(text);
  if (!match) throw bad('invalid date-time');
  const [, d, mon, y, hh, mm, ss, sign, zh, zm] = match;
  const utc = Date.UTC(Number(y), monthIndex(mon!), Number(d), Number(hh), Number(mm), Number(ss));
  const offset = (Number(zh) * 60 + Number(zm)) * 60_000 * (sign === '-' ? -1 : 1);
  const date = new Date(utc - offset);
  if (Number.isNaN(date.getTime())) throw bad('invalid date-time');
  return date;
}

/** SEARCH date argument: the UTC day, as the number of days since the epoch. */
export function parseSearchDate(text: string): number {
  const match = /^(\d{1,2})-([A-Za-z]{3})-(\d{4})$/.exec(text);
  if (!match) throw bad('invalid search date');
  return Date.UTC(Number(match[3]), monthIndex(match[2]!), Number(match[1])) / 86_400_000;
}

/** The UTC day of a date, comparable with parseSearchDate. */
export function dayOf(date: Date): number {
  return Math.floor(date.getTime() / 86_400_000);
}
