/**
 * The validators' hook: a failed parse of a path, query or body becomes the API's own 400,
 * `{ error: { code: "invalid_request", message, field } }`, naming the first field at fault,
 * exactly as the hand-written parsing answered before the routes were declared.
 * @module
 */
import type { ZodError } from 'zod';
import { invalid } from '../errors.js';

export function validationHook(result: { success: boolean; error?: ZodError }): void {
  if (!result.success && result.error) throw invalid(result.error, '');
}
