/**
 * What the migrator applies after the legacy migrations: the migrations drizzle-kit generated from
 * schema.ts, each followed by the hand steps that belong after it, in one list.
 * @module
 */

/** One migration: its statements run in order in one transaction. */
export interface Step {
  /** Its identity in schema_migrations: a generated migration's tag, or a hand step's name. */
  readonly name: string;
  readonly statements: readonly string[];
}

/** SQL drizzle-kit cannot express, run right after the generated migration it names. */
export interface HandStep extends Step {
  /** The tag of the generated migration it follows. */
  readonly after: string;
}

/** The generated migrations in their order, each followed by its hand steps in theirs. */
export function orderSteps(generated: readonly Step[], hand: readonly HandStep[]): Step[] {
  const tags = new Set(generated.map((g) => g.name));
  const stray = hand.find((h) => !tags.has(h.after));
  if (stray) throw new Error(`hand step ${stray.name}: no generated migration ${stray.after}`);
  return generated.flatMap((g) => [
    g,
    ...hand.filter((h) => h.after === g.name).map(({ name, statements }) => ({ name, statements })),
  ]);
}
