/**
 * The JWT Zendesk's proxy signs for the app's `client.request` calls: HS256 with the tenant's
 * shared secret, `iss` the account subdomain. It proves that the request came through Zendesk
 * for an installation holding the secret, and nothing about the user: its other claims are the
 * browser's to choose, so none of them is trusted here.
 * @module
 */
import { decodeJwt, decodeProtectedHeader, jwtVerify } from 'jose';
import { ApiError, unauthorized } from '../http/errors.js';
import { accountSchema, type Tenant, type TenantStore } from '../tenants/store.js';

/** How far ahead `exp` may be: a token is for one request, not a session. */
export const MAX_TOKEN_LIFETIME_S = 600;
const CLOCK_SKEW_S = 30;

export async function verifyAppToken(
  authorization: string | undefined,
  tenants: TenantStore,
  now: Date = new Date(),
): Promise<Tenant> {
  return (await verifyAppTokenClaims(authorization, tenants, now)).tenant;
}

/**
 * {@link verifyAppToken}, with the token's `sub`: the Zendesk user the app signed the request
 * for (the app puts `currentUser.id` there). Signed through Zendesk's proxy, so it names a user
 * of this installation's app session; it is recorded as who acted, never used to authorise.
 */
export async function verifyAppTokenClaims(
  authorization: string | undefined,
  tenants: TenantStore,
  now: Date = new Date(),
): Promise<{ tenant: Tenant; subject: string | null }> {
  const token = /^Bearer ([A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*)$/.exec(
    authorization ?? '',
  )?.[1];
  if (!token)
    throw unauthorized('expected Authorization: Bearer <JWT signed by the Zendesk proxy>');
  let iss: unknown;
  try {
    // Read (not trust) the header and issuer to find whose secret to verify with.
    if (decodeProtectedHeader(token).alg !== 'HS256')
      throw unauthorized('the token must be signed with HS256');
    iss = decodeJwt(token).iss;
  } catch (error) {
    if (error instanceof ApiError) throw error;
    throw unauthorized('the token is not a well-formed JWT');
  }
  const account = accountSchema.safeParse(iss);
  if (!account.success) throw unauthorized('the token has no valid iss (the Zendesk subdomain)');
  const tenant = await tenants.byAccount(account.data);
  if (!tenant) throw unauthorized('unknown account, or a token not signed with its secret');
  let subject: string | null = null;
  try {
    const { payload } = await jwtVerify(token, new TextEncoder().encode(tenant.sharedSecret()), {
      algorithms: ['HS256'],
      issuer: account.data,
      requiredClaims: ['exp'],
      currentDate: now,
      clockTolerance: CLOCK_SKEW_S,
    });
    if ((payload.exp ?? 0) > now.getTime() / 1000 + MAX_TOKEN_LIFETIME_S + CLOCK_SKEW_S) {
      throw unauthorized(
        `the token lives too long: exp may be at most ${MAX_TOKEN_LIFETIME_S} s ahead`,
      );
    }
    if (typeof payload.sub === 'string' && /^\d{1,20}$/.test(payload.sub)) subject = payload.sub;
  } catch (error) {
    if (error instanceof ApiError) throw error;
    // The same answer for a wrong secret and an expired token would hide clock problems.
    const expired = (error as { code?: string }).code === 'ERR_JWT_EXPIRED';
    throw unauthorized(
      expired ? 'the token has expired' : 'unknown account, or a token not signed with its secret',
    );
  }
  return { tenant, subject };
}

export async function verifyIngestKey(
  authorization: string | undefined,
  tenants: TenantStore,
): Promise<Tenant> {
  const key = /^Bearer (aicm_ik_[A-Za-z0-9_-]{20,100})$/.exec(authorization ?? '')?.[1];
  if (!key) throw unauthorized('expected Authorization: Bearer <ingest key>');
  const tenant = await tenants.byIngestKey(key);
  if (!tenant) throw unauthorized('unknown ingest key');
  return tenant;
}
