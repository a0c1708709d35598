/**
 * Every command's usage line, apart from the commands, so that `ai-cost --help` and a mistyped
 * command load none of them (each command's modules are loaded only when it runs).
 * @module
 */
export const PRICE_USAGE = `usage: ai-cost price (--plan PLAN.json | --timeline TIMELINE.json) (--activity ACTIVITY.json | --activities FILE) [--as-of ISO] [--time-zone ZONE]`;

export const EXPLAIN_USAGE =
  'usage: ai-cost explain (--plan PLAN.json | --timeline TIMELINE.json) --activity ACTIVITY.json [--as-of ISO] [--json]';

export const COMPARE_USAGE =
  'usage: ai-cost compare --plans P1.json P2.json … --activities FILE [--as-of ISO] [--time-zone ZONE] [--json]';

export const CHECK_PLAN_USAGE = 'usage: ai-cost check-plan PLAN.json';

export const SERVE_USAGE =
  'usage: ai-cost serve [--port 8787] [--host 127.0.0.1] [--data-dir ./.data]';

export const TENANT_USAGE = [
  'usage: ai-cost tenant create --account SUBDOMAIN [--json] [--data-dir DIR]',
  '       ai-cost tenant zendesk --account SUBDOMAIN --email EMAIL --installation-id N [--data-dir DIR]',
  '       (the API token is read from ZENDESK_API_TOKEN, so it stays out of the shell history)',
].join('\n');

export const WORKSPACE_USAGE =
  'usage: ai-cost workspace [--fixtures FILE] [--port 4567] [--backend-port 8787] [--data-dir ./.data] [--no-backend] [--plans examples/plans] [--now INSTANT]';
