/**
 * The plan form's "measure" buttons, one beside each baseline field, wired to the admin's
 * draft: the measured figure goes into the field as if typed, and the cohort's window is the
 * draft's own confirmation window.
 * @module
 */
import type { ComponentChildren } from 'preact';
import type { Translator } from '../../i18n/i18n.js';
import { withValue } from '../admin/draft.js';
import type { Admin } from '../admin/use-admin.js';
import { MeasureBaseline } from './MeasureBaseline.js';
import { MEASURED_PATHS, type MeasureDeps } from './measure.js';

export function measureAdornments(
  admin: Admin,
  deps: MeasureDeps,
  i18n: Translator,
): Record<string, ComponentChildren> {
  return Object.fromEntries(
    MEASURED_PATHS.map((path) => [
      path,
      <MeasureBaseline
        key={path}
        path={path}
        backend={deps.backend}
        client={deps.client}
        i18n={i18n}
        windowHours={admin.draft.values.confirmationWindowHours}
        onMeasured={(v) => admin.setDraft((d) => withValue(d, path, v))}
      />,
    ]),
  );
}
