/**
 * Zendesk webhook signatures: base64(HMAC-SHA256(secret, timestamp + body)) in
 * `X-Zendesk-Webhook-Signature`, the timestamp in `X-Zendesk-Webhook-Signature-Timestamp`.
 * A delivery outside the time window is refused, so a captured one cannot be replayed later;
 * inside it, the ledger remembers signatures already seen.
 * @module
 */
import { createHmac } from 'node:crypto';
import { sameSecret } from './secrets.js';

export const WEBHOOK_WINDOW_S = 300;

export function signWebhook(secret: string, timestamp: string, body: string): string {
  return createHmac('sha256', secret)
    .update(timestamp + body, 'utf8')
    .digest('base64');
}

export type SignatureCheck = { ok: true } | { ok: false; reason: string };

export function checkWebhookSignature(
  secret: string,
  signature: string | undefined,
  timestamp: string | undefined,
  body: string,
  now: Date,
): SignatureCheck {
  if (!signature || !timestamp) return { ok: false, reason: 'missing signature headers' };
  const at = Date.parse(timestamp);
  if (Number.isNaN(at)) return { ok: false, reason: 'unreadable signature timestamp' };
  if (Math.abs(now.getTime() - at) > WEBHOOK_WINDOW_S * 1000)
    return { ok: false, reason: 'signature timestamp outside the 5-minute window' };
  return sameSecret(signature, signWebhook(secret, timestamp, body))
    ? { ok: true }
    : { ok: false, reason: 'signature does not match' };
}
