/**
 * Field schemas the response schemas share. zod/mini, so that the app's bundles carry only
 * the few bytes of each schema they use: the sidebar has a size budget.
 * @module
 */
import * as z from 'zod/mini';

/** A decimal string as the backend writes amounts, quantities and rates: never a number. */
export const decimalText = z.string().check(z.regex(/^-?\d+(\.\d+)?$/));

/** An instant as the backend writes it (ISO 8601, UTC). */
export const instantText = z.string().check(z.regex(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z$/));

/** `id@version`, how a plan is named in lines, timelines and comparisons. */
export const planKeyText = z.string().check(z.regex(/^[a-z0-9][a-z0-9_-]*@\d+$/));

/** A count the backend reports (tickets, resolutions, events). */
export const count = z.number().check(z.int(), z.nonnegative());
