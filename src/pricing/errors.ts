/**
 * The one error the pricing core throws for bad input: it names every field at fault.
 * @module
 */
import type { FieldIssue } from './schema/issues.js';

export class PricingInputError extends Error {
  readonly issues: readonly FieldIssue[];

  constructor(subject: string, issues: readonly FieldIssue[]) {
    const detail = issues.map((i) => (i.field ? `${i.field}: ${i.message}` : i.message)).join('; ');
    super(`invalid ${subject}: ${detail}`);
    this.name = 'PricingInputError';
    this.issues = issues;
  }
}
