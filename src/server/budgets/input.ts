/**
 * What an admin may send for budgets and the alert destination, checked at the boundary: each
 * amount a positive decimal string with at most the currency's minor digits, each group or tool
 * a storable one-line name, the URL an http(s) address without credentials. A refusal names
 * the field (`groups.Support`, `account`, `url`). Every field is required and nothing is
 * transformed, so the body parsed is the body sent, whose digest the admin wrote to Zendesk.
 * @module
 */
import * as z from 'zod';
import type { BudgetScope } from '../../api/budgets.js';
import { isCurrencyCode, minorUnits, parseAmount } from '../../pricing/index.js';
import { unsafeLabel } from '../http/bounds.js';
import type { Budget } from './store.js';

export const MAX_SCOPED_BUDGETS = 200;
const AMOUNT = /^(0|[1-9]\d{0,14})(\.\d+)?$/;

const amountText = z
  .string({ error: 'expected an amount as a decimal string such as "500.00"' })
  .regex(AMOUNT, { error: 'expected an amount as a decimal string such as "500.00"' });

const name = z
  .string({ error: 'expected a name' })
  .min(1, { error: 'expected a name' })
  .max(256, { error: 'at most 256 characters' })
  .superRefine((text, ctx) => {
    const problem = unsafeLabel(text);
    if (problem) ctx.addIssue({ code: 'custom', message: problem });
  });

const scoped = (what: string) =>
  z
    .record(name, amountText, { error: `expected an object of ${what} name → amount` })
    .refine((r) => Object.keys(r).length <= MAX_SCOPED_BUDGETS, {
      error: `at most ${MAX_SCOPED_BUDGETS} ${what} budgets`,
    });

export const budgetsBodySchema = z
  .strictObject({
    currency: z
      .string({ error: 'expected an ISO 4217 currency code' })
      .refine(isCurrencyCode, { error: 'expected an ISO 4217 currency code' }),
    account: amountText.nullable(),
    groups: scoped('group'),
    tools: scoped('tool'),
  })
  .superRefine((body, ctx) => {
    if (!isCurrencyCode(body.currency)) return;
    const digits = minorUnits(body.currency);
    const check = (path: (string | number)[], text: string | null) => {
      if (text === null) return;
      const fraction = text.split('.')[1] ?? '';
      if (fraction.length > digits)
        ctx.addIssue({
          code: 'custom',
          path,
          message: `at most ${digits} decimals in ${body.currency}`,
        });
      else if (!/[1-9]/.test(text))
        ctx.addIssue({ code: 'custom', path, message: 'expected an amount above 0' });
    };
    check(['account'], body.account);
    for (const [group, amount] of Object.entries(body.groups)) check(['groups', group], amount);
    for (const [tool, amount] of Object.entries(body.tools)) check(['tools', tool], amount);
  });

export type BudgetsBody = z.infer<typeof budgetsBodySchema>;

/** The rows a valid body stands for. */
export function budgetRows(body: BudgetsBody): Budget[] {
  const row = (scope: BudgetScope, value: string, amount: string): Budget => ({
    scope,
    value,
    currency: body.currency,
    amountMinor: parseAmount(amount, body.currency).minor,
  });
  return [
    ...(body.account === null ? [] : [row('account', '', body.account)]),
    ...Object.entries(body.groups).map(([g, a]) => row('group', g, a)),
    ...Object.entries(body.tools).map(([t, a]) => row('tool', t, a)),
  ];
}

export const destinationBodySchema = z.strictObject({
  url: z
    .string({ error: 'expected an http(s) URL' })
    .max(2048, { error: 'at most 2048 characters' })
    .refine(
      (text) => {
        try {
          const url = new URL(text);
          return (
            (url.protocol === 'https:' || url.protocol === 'http:') &&
            url.username === '' &&
            url.password === ''
          );
        } catch {
          return false;
        }
      },
      { error: 'expected an http(s) URL without credentials' },
    ),
});

export const alertsQuerySchema = z.strictObject({
  period: z
    .string()
    .regex(/^(20\d\d|2100)-(0[1-9]|1[0-2])$/, { error: 'expected a month as YYYY-MM' })
    .optional(),
});
