/**
 * The hand SQL steps: what the schema needs and Drizzle cannot say, each run right after the
 * generated migration it names. Keep them few; prefer schema.ts wherever Drizzle can express it
 * (partial and descending indexes, sequences and defaults all are).
 *
 * Not here, and not expressible either: the layout on Citus. The migrator distributes each table
 * right after the statement that creates it (citus.ts), in the same transaction.
 * @module
 */
import type { HandStep } from './step.js';

export const HAND_STEPS: readonly HandStep[] = [
  {
    // Drizzle's sequences have no OWNED BY. The migrations before the generated ones made
    // activations' sequence owned by its column (dropping the table drops it); a fresh
    // database does the same, so both are one schema. Repeating it changes nothing.
    name: 'hand: activations_seq_seq owned by activations.seq',
    after: '0000_baseline',
    statements: ['ALTER SEQUENCE activations_seq_seq OWNED BY activations.seq'],
  },
];
