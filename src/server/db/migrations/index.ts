/**
 * Every migration the server applies after the legacy ones, in order: drizzle-kit's, embedded by
 * `npm run db:generate`, with the hand steps after the one each follows.
 * @module
 */
import generated from './generated.json' with { type: 'json' };
import { HAND_STEPS } from './hand.js';
import { orderSteps, type Step } from './step.js';

export const GENERATED: readonly Step[] = generated;

/**
 * The first generated migration: the schema the legacy migrations 1 to 7 make, so a database
 * they made takes it as applied.
 */
export const BASELINE = '0000_baseline';

export const STEPS: readonly Step[] = orderSteps(GENERATED, HAND_STEPS);

export type { HandStep, Step } from './step.js';
