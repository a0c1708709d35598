/** The ZAF SDK ships no types; the app wraps the client in src/zendesk/client.ts. */
declare module 'zendesk_app_framework_sdk' {
  const ZAFClient: { init(callback?: (context: unknown) => void): unknown };
  export default ZAFClient;
}
