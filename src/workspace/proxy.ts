/**
 * What Zendesk's request proxy does for `client.request` to a third-party URL: fill in
 * `{{setting.*}}` placeholders from the installation's settings (secure ones never reach the
 * browser), sign `{{jwt.token}}` (HS256 with the given secret), and forward the request.
 * @module
 */
import { SignJWT } from 'jose';
import * as z from 'zod';

export const proxiedRequestSchema = z.object({
  url: z.string(),
  type: z.enum(['GET', 'POST', 'PUT', 'DELETE']).default('GET'),
  data: z.string().optional(),
  contentType: z.string().optional(),
  headers: z.record(z.string(), z.string()).optional(),
  jwt: z
    .object({
      algorithm: z.literal('HS256'),
      secret_key: z.string(),
      expiry: z.number().optional(),
      claims: z.record(z.string(), z.unknown()).optional(),
    })
    .optional(),
});
export type ProxiedRequest = z.infer<typeof proxiedRequestSchema>;

function fill(text: string, settings: Record<string, unknown>): string {
  return text.replace(/\{\{setting\.(\w+)\}\}/g, (_, name: string) => String(settings[name] ?? ''));
}

export async function proxyRequest(
  request: ProxiedRequest,
  settings: Record<string, unknown>,
  at: Date = new Date(),
): Promise<{ status: number; statusText: string; body: string; contentType: string }> {
  const headers: Record<string, string> = {};
  let token = '';
  if (request.jwt) {
    const now = Math.floor(at.getTime() / 1000);
    token = await new SignJWT({ ...request.jwt.claims, iat: now })
      .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
      .setExpirationTime(now + (request.jwt.expiry ?? 300))
      .sign(new TextEncoder().encode(fill(request.jwt.secret_key, settings)));
  }
  for (const [name, value] of Object.entries(request.headers ?? {})) {
    headers[name] = fill(value, settings).replace('{{jwt.token}}', token);
  }
  if (request.contentType) headers['content-type'] = request.contentType;
  let response: Response;
  try {
    response = await fetch(fill(request.url, settings), {
      method: request.type,
      headers,
      ...(request.data !== undefined && request.type !== 'GET' ? { body: request.data } : {}),
      signal: AbortSignal.timeout(10_000),
    });
  } catch (error) {
    return {
      status: 502,
      statusText: 'Bad Gateway',
      body: JSON.stringify({ error: (error as Error).message }),
      contentType: 'application/json',
    };
  }
  return {
    status: response.status,
    statusText: response.statusText,
    body: await response.text(),
    contentType: response.headers.get('content-type') ?? 'application/json',
  };
}
