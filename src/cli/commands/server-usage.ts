/** Usage lines of the backend's commands, apart so that `ai-cost --help` loads no driver. */
export const SERVE_USAGE =
  'usage: ai-cost serve [--port 8787] [--host 127.0.0.1] [--data-dir ./.data]';

export const TENANT_USAGE = [
  'usage: ai-cost tenant create --account SUBDOMAIN [--json] [--data-dir DIR]',
  '       ai-cost tenant zendesk --account SUBDOMAIN --email EMAIL --installation-id N [--data-dir DIR]',
  '       (the API token is read from ZENDESK_API_TOKEN, so it stays out of the shell history)',
].join('\n');

export const WORKSPACE_USAGE =
  'usage: ai-cost workspace [--fixtures FILE] [--port 4567] [--backend-port 8787] [--data-dir ./.data] [--no-backend] [--plans examples/plans]';
