/** The program's review target (product.md capability 4). */
export interface BusinessCalendar {
  /** Target in business days for a verification decision. */
  targetBusinessDays: number;
  /** ISO weekday numbers that are not business days (1 = Monday … 7 = Sunday). */
  weekend: readonly number[];
  /** Holidays as `YYYY-MM-DD` (UTC dates). */
  holidays: readonly string[];
}

export const DEFAULT_CALENDAR: BusinessCalendar = { targetBusinessDays: 3, weekend: [6, 7], holidays: [] };

function isoDate(d: Date): string {
  return d.toISOString().slice(0, 10);
}

/** True when the UTC day of `d` is a business day in the calendar. */
export function isBusinessDay(d: Date, cal: Pick<BusinessCalendar, 'weekend' | 'holidays'>): boolean {
  const weekday = ((d.getUTCDay() + 6) % 7) + 1;
  return !cal.weekend.includes(weekday) && !cal.holidays.includes(isoDate(d));
}

/**
 * Adds business days: the result is the same time of day, `days` business days later (a start on
 * a non-business day counts from the next business day). Used for due dates and the partner's
 * estimated decision date.
 */
export function addBusinessDays(start: Date, days: number, cal: Pick<BusinessCalendar, 'weekend' | 'holidays'>): Date {
  const d = new Date(start.getTime());
  let left = days;
  while (!isBusinessDay(d, cal)) d.setUTCDate(d.getUTCDate() + 1);
  while (left > 0) {
    d.setUTCDate(d.getUTCDate() + 1);
    if (isBusinessDay(d, cal)) left--;
  }
  return d;
}

/** Business days from `from` to `to` (positive when `to` is later), for "n days overdue". */
export function businessDaysBetween(from: Date, to: Date, cal: Pick<BusinessCalendar, 'weekend' | 'holidays'>): number {
  const sign = to >= from ? 1 : -1;
  const [a, b] = sign > 0 ? [from, to] : [to, from];
  const d = new Date(Date.UTC(a.getUTCFullYear(), a.getUTCMonth(), a.getUTCDate()));
  const end = new Date(Date.UTC(b.getUTCFullYear(), b.getUTCMonth(), b.getUTCDate()));
  let n = 0;
  while (d < end) {
    d.setUTCDate(d.getUTCDate() + 1);
    if (isBusinessDay(d, cal)) n++;
  }
  return sign * n;
}
