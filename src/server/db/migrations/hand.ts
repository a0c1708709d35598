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
    // database does the same, so both are one schema. Repeating it changes nothing. Citus
    // refuses to alter a sequence it has distributed (the baseline's tables are distributed as
    // they are created); the ownership is the coordinator's catalogue's alone, so it is set
    // there without propagating it. Elsewhere the setting is an unused placeholder.
    name: 'hand: activations_seq_seq owned by activations.seq',
    after: '0000_baseline',
    statements: [
      'SET LOCAL citus.enable_ddl_propagation TO off',
      'ALTER SEQUENCE activations_seq_seq OWNED BY activations.seq',
    ],
  },
];
