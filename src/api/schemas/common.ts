/**
 * Field schemas the response schemas share, made of the core's own where it has one (the app's
 * bundles then carry each check once). zod/mini, so that the app's bundles carry only the few
 * bytes of each schema they use: the sidebar has a size budget.
 * @module
 */
import * as z from 'zod/mini';
import { instantString, nonNegativeInteger } from '../../pricing/schema/common.js';

/** A decimal string as the backend writes amounts, quantities and rates: never a number. */
export const decimalText = z.string().check(z.regex(/^-?\d+(\.\d+)?$/));

/** An instant as the backend writes it (ISO 8601). */
export const instantText = instantString;

/** `id@version`, how a plan is named in lines, timelines and comparisons. */
export const planKeyText = z.string();

/** A count the backend reports (tickets, resolutions, events). */
export const count = nonNegativeInteger;
