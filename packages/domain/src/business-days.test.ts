import { describe, expect, it } from 'vitest';
import { addBusinessDays, businessDaysBetween, DEFAULT_CALENDAR, isBusinessDay, type BusinessCalendar } from './business-days.ts';

const at = (s: string) => new Date(s);
const cal = (over: Partial<BusinessCalendar> = {}): BusinessCalendar => ({ ...DEFAULT_CALENDAR, ...over });

describe('business days', () => {
  it('defaults to a 3 business-day target with Saturday and Sunday off', () => {
    expect(DEFAULT_CALENDAR).toEqual({ targetBusinessDays: 3, weekend: [6, 7], holidays: [] });
  });

  // 2026-03-02 is a Monday.
  const cases: Array<[string, string, number, Partial<BusinessCalendar>, string]> = [
    ['within one week', '2026-03-02T10:00:00Z', 3, {}, '2026-03-05T10:00:00Z'],
    ['across a weekend', '2026-03-05T10:00:00Z', 3, {}, '2026-03-10T10:00:00Z'],
    ['from a Friday evening', '2026-03-06T23:30:00Z', 1, {}, '2026-03-09T23:30:00Z'],
    ['from a Saturday (counts from Monday)', '2026-03-07T09:00:00Z', 1, {}, '2026-03-10T09:00:00Z'],
    ['from a Sunday', '2026-03-08T09:00:00Z', 3, {}, '2026-03-12T09:00:00Z'],
    ['zero days on a business day', '2026-03-03T08:00:00Z', 0, {}, '2026-03-03T08:00:00Z'],
    ['zero days on a weekend (the next business day)', '2026-03-07T08:00:00Z', 0, {}, '2026-03-09T08:00:00Z'],
    ['skipping a holiday', '2026-03-02T10:00:00Z', 3, { holidays: ['2026-03-04'] }, '2026-03-06T10:00:00Z'],
    ['skipping a holiday next to a weekend', '2026-03-05T10:00:00Z', 2, { holidays: ['2026-03-09'] }, '2026-03-10T10:00:00Z'],
    ['from a holiday (counts from the next business day)', '2026-03-04T10:00:00Z', 1, { holidays: ['2026-03-04'] }, '2026-03-06T10:00:00Z'],
    ['over year-end holidays and two weekends', '2026-12-24T12:00:00Z', 5, { holidays: ['2026-12-25', '2027-01-01'] }, '2027-01-04T12:00:00Z'],
    ['with a Friday–Saturday weekend', '2026-03-04T10:00:00Z', 2, { weekend: [5, 6] }, '2026-03-08T10:00:00Z'],
    ['with a six-day weekend', '2026-03-02T10:00:00Z', 2, { weekend: [2, 3, 4, 5, 6, 7] }, '2026-03-16T10:00:00Z'],
    ['over thirty days', '2026-03-02T10:00:00Z', 30, {}, '2026-04-13T10:00:00Z'],
  ];
  for (const [name, start, days, over, expected] of cases) {
    it(`adds ${days} business days ${name}`, () => {
      expect(addBusinessDays(at(start), days, cal(over)).toISOString()).toBe(at(expected).toISOString());
    });
  }

  it('keeps the time of day and never mutates its input', () => {
    const start = at('2026-03-06T17:45:12.345Z');
    const due = addBusinessDays(start, 1, DEFAULT_CALENDAR);
    expect(due.toISOString()).toBe('2026-03-09T17:45:12.345Z');
    expect(start.toISOString()).toBe('2026-03-06T17:45:12.345Z');
  });

  it('knows business days, weekends and holidays by UTC day', () => {
    expect(isBusinessDay(at('2026-03-02T00:00:00Z'), DEFAULT_CALENDAR)).toBe(true);
    expect(isBusinessDay(at('2026-03-07T12:00:00Z'), DEFAULT_CALENDAR)).toBe(false);
    expect(isBusinessDay(at('2026-03-08T23:59:59Z'), DEFAULT_CALENDAR)).toBe(false);
    expect(isBusinessDay(at('2026-03-04T12:00:00Z'), cal({ holidays: ['2026-03-04'] }))).toBe(false);
    expect(isBusinessDay(at('2026-03-06T12:00:00Z'), cal({ weekend: [5, 6] }))).toBe(false);
    expect(isBusinessDay(at('2026-03-08T12:00:00Z'), cal({ weekend: [5, 6] }))).toBe(true);
  });

  const between: Array<[string, string, string, Partial<BusinessCalendar>, number]> = [
    ['the same day', '2026-03-02T09:00:00Z', '2026-03-02T18:00:00Z', {}, 0],
    ['Monday to Tuesday', '2026-03-02T18:00:00Z', '2026-03-03T08:00:00Z', {}, 1],
    ['Friday to Monday', '2026-03-06T10:00:00Z', '2026-03-09T10:00:00Z', {}, 1],
    ['Monday to the next Monday', '2026-03-02T10:00:00Z', '2026-03-09T10:00:00Z', {}, 5],
    ['a week with a holiday', '2026-03-02T10:00:00Z', '2026-03-09T10:00:00Z', { holidays: ['2026-03-04'] }, 4],
    ['backwards', '2026-03-09T10:00:00Z', '2026-03-02T10:00:00Z', {}, -5],
    ['Saturday to Sunday', '2026-03-07T10:00:00Z', '2026-03-08T10:00:00Z', {}, 0],
  ];
  for (const [name, from, to, over, expected] of between) {
    it(`counts ${expected} business days from ${name}`, () => {
      expect(businessDaysBetween(at(from), at(to), cal(over))).toBe(expected);
    });
  }

  it('counts back exactly what it added', () => {
    for (const start of ['2026-03-02T10:00:00Z', '2026-03-05T10:00:00Z', '2026-12-23T10:00:00Z']) {
      for (const days of [1, 2, 3, 5, 10]) {
        const c = cal({ holidays: ['2026-12-25', '2027-01-01'] });
        expect(businessDaysBetween(at(start), addBusinessDays(at(start), days, c), c), `${start} +${days}`).toBe(days);
      }
    }
  });
});
