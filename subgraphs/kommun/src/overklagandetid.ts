/**
 * The appeal window of a kommun decision (laglighetsprövning), in one place.
 *
 * Kommunallagen (2017:725) 13 kap. 5 §: an appeal must have reached the förvaltningsrätt within
 * three weeks from the day it was announced on the kommun's anslagstavla that the protokoll with
 * the decision was justerat. Three weeks from a day ends on the same weekday three weeks later:
 * posted on Monday 2 March, the last day is Monday 23 March.
 *
 * Lagen (1930:173) om beräkning av lagstadgad tid, 2 §: when the last day of such a period falls
 * on a Saturday, a Sunday or another allmän helgdag, on midsommarafton, julafton or nyårsafton,
 * the appeal may be made on the next weekday. That rule is applied here: the day given is the
 * last day an appeal can reach the court in time.
 *
 * Dates are calendar days written YYYY-MM-DD, computed in UTC so that no time zone or summer
 * time can move them.
 */

const DAY_MS = 24 * 60 * 60 * 1000;

/** The last day of the appeal window of a protokoll announced on `anslagsdag`. */
export function overklagandetidSlutar(anslagsdag: string): string {
  let day = addDays(anslagsdag, 21);
  while (!arVardag(day)) day = addDays(day, 1);
  return day;
}

/** True while a decision announced on `anslagsdag` may still be appealed on `dag` (both days included). */
export function arOverklagbar(anslagsdag: string, dag: string): boolean {
  return anslagsdag <= dag && dag <= overklagandetidSlutar(anslagsdag);
}

/**
 * The earliest anslagsdag whose window can still be open on `dag`: three weeks back, and a few
 * days more for a window moved past weekends and holidays (the longest such run, Easter or
 * Christmas with a weekend, is five days). A coarse bound for the database, refined by
 * `arOverklagbar`.
 */
export function tidigastMojligaAnslagsdag(dag: string): string {
  return addDays(dag, -21 - 7);
}

/**
 * A weekday in the sense of lagen (1930:173): not a Saturday or Sunday, not an allmän helgdag
 * (lagen (1989:253) om allmänna helgdagar), not midsommarafton, julafton or nyårsafton.
 */
export function arVardag(dag: string): boolean {
  const date = toDate(dag);
  const weekday = date.getUTCDay();
  if (weekday === 0 || weekday === 6) return false;
  return !helgOchAftnar(date.getUTCFullYear()).has(dag);
}

/** The allmänna helgdagar of a year and midsommarafton, julafton, nyårsafton. */
function helgOchAftnar(year: number): Set<string> {
  const easter = easterSunday(year);
  const fixed = ['01-01', '01-06', '05-01', '06-06', '12-24', '12-25', '12-26', '12-31'].map((md) => `${year}-${md}`);
  return new Set([
    ...fixed,
    addDays(easter, -2), // långfredagen
    easter, // påskdagen
    addDays(easter, 1), // annandag påsk
    addDays(easter, 39), // Kristi himmelsfärdsdag
    addDays(easter, 49), // pingstdagen
    weekdayBetween(year, 6, 20, 6), // midsommardagen: the Saturday of 20–26 June
    weekdayBetween(year, 6, 19, 5), // midsommarafton: the Friday of 19–25 June
    weekdayBetween(year, 10, 31, 6), // alla helgons dag: the Saturday of 31 October–6 November
  ]);
}

/** Easter Sunday in the Gregorian calendar (the anonymous Gregorian algorithm). */
export function easterSunday(year: number): string {
  const a = year % 19;
  const b = Math.floor(year / 100);
  const c = year % 100;
  const d = Math.floor(b / 4);
  const e = b % 4;
  const f = Math.floor((b + 8) / 25);
  const g = Math.floor((b - f + 1) / 3);
  const h = (19 * a + b - d - g + 15) % 30;
  const i = Math.floor(c / 4);
  const k = c % 4;
  const l = (32 + 2 * e + 2 * i - h - k) % 7;
  const m = Math.floor((a + 11 * h + 22 * l) / 451);
  const month = Math.floor((h + l - 7 * m + 114) / 31);
  const day = ((h + l - 7 * m + 114) % 31) + 1;
  return toIso(new Date(Date.UTC(year, month - 1, day)));
}

/** The first day from `month`/`day` of `year` on that weekday (0 Sunday … 6 Saturday). */
function weekdayBetween(year: number, month: number, day: number, weekday: number): string {
  const start = new Date(Date.UTC(year, month - 1, day));
  return toIso(new Date(start.getTime() + ((weekday - start.getUTCDay() + 7) % 7) * DAY_MS));
}

export function addDays(dag: string, days: number): string {
  return toIso(new Date(toDate(dag).getTime() + days * DAY_MS));
}

function toDate(dag: string): Date {
  return new Date(`${dag}T00:00:00Z`);
}

function toIso(date: Date): string {
  return date.toISOString().slice(0, 10);
}
