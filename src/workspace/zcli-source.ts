/**
 * Loading the app from a running `zcli apps:server` instead of the workspace's own copy of dist/:
 * `AICM_ZCLI_APPS_URL=http://localhost:4568 npx ai-cost workspace` (after `npm run zcli:server`).
 * The frames then load from zcli's origin, as they do in Zendesk with `?zcli_apps=true`.
 * @module
 */

/** Where the app's files are, read from zcli's own /app.json: its asset prefix less `assets/`. */
export async function zcliAppBase(zcliUrl: string): Promise<string> {
  const response = await fetch(new URL('/app.json', zcliUrl));
  if (!response.ok)
    throw new Error(`AICM_ZCLI_APPS_URL: ${zcliUrl}/app.json answered ${response.status}`);
  const json = (await response.json()) as { apps?: { asset_url_prefix?: unknown }[] };
  const prefix = json.apps?.[0]?.asset_url_prefix;
  if (typeof prefix !== 'string' || !prefix.endsWith('/assets/')) {
    throw new Error(`AICM_ZCLI_APPS_URL: ${zcliUrl}/app.json names no app's assets`);
  }
  return prefix.slice(0, -'assets/'.length);
}
