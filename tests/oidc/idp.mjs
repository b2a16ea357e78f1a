// Test OpenID Connect provider for the black-box tests (oidc-provider 9, in-memory, loopback only).
//
// Install once with `npm ci` in tests/oidc, then:
//
//   node tests/oidc/idp.mjs --port 0 --client-id plaza --client-secret s3cret \
//     --redirect-uri http://127.0.0.1:8080/auth/oidc/callback \
//     --post-logout-redirect-uri http://127.0.0.1:8080/ --email-domain agency-a.test
//
// Flags (each has an environment-variable fallback; flags win):
//   --port N                       OIDC_PORT         TCP port on 127.0.0.1; 0 = pick a free one (default 0)
//   --client-id ID                 OIDC_CLIENT_ID    (required)
//   --client-secret SECRET         OIDC_CLIENT_SECRET (required)
//   --redirect-uri URI             OIDC_REDIRECT_URIS (required; flag may repeat; env is space-separated)
//   --post-logout-redirect-uri URI OIDC_POST_LOGOUT_REDIRECT_URIS (optional; flag may repeat; env space-separated)
//   --email-domain DOMAIN          OIDC_EMAIL_DOMAIN (default "example.test")
//
// Once listening it prints exactly one stdout line `ready http://127.0.0.1:N` (N = real port; this
// string is also the issuer, no trailing slash). Diagnostics go to stderr. SIGTERM/SIGINT: exit 0.
//
// Behaviour:
// - One static confidential client: token_endpoint_auth_method client_secret_basic (client_secret_post
//   works too: oidc-provider 9 treats the two as interchangeable), grant_types [authorization_code],
//   response_types [code]. PKCE required on every authorization request, S256 only (the only method
//   oidc-provider 9 supports); without code_challenge the IdP redirects back with error=invalid_request.
// - ID tokens RS256, signed with an RSA key generated at start-up (kid "idp-<port>-<random>"); JWKS at
//   /jwks. Keys, sessions, codes and grants live in memory: a restart invalidates everything.
// - Login: devInteractions. GET /auth?... -> 303 /interaction/<uid>; the HTML form is
//   POST /interaction/<uid> with fields prompt=login, login=<account id>, password=<anything>.
//   Any non-empty login name is accepted; it becomes the account id (= `sub`). That POST answers
//   303 /auth/<uid>, whose GET answers 303 <redirect_uri>?code=..&state=..&iss=<issuer>.
//   Cookies (unsigned, HttpOnly, SameSite=Lax, path-scoped): _interaction (Path=/interaction/<uid>),
//   _interaction_resume (Path=/auth/<uid>), then _session (Path=/) - a path-aware jar is required.
// - No consent page: loadExistingGrant grants openid, email, profile (+ requested OIDC scopes).
// - Claims: openid -> sub; email -> email, email_verified; profile -> name, groups.
//     email = id if it contains "@", else `${id}@${emailDomain}`; email_verified = true;
//     name = id's local part split on . _ - + and capitalised ("jane.doe" -> "Jane Doe");
//     groups = ["plaza-admins"] if id starts with "admin", else [].
//   oidc-provider's default conformIdTokenClaims=true is KEPT: when an access token is issued, the ID
//   token carries only sub (plus protocol claims); email/name/groups are ONLY at the userinfo
//   endpoint (/me). The relying party must fall back to userinfo.
// - RP-initiated logout: GET /session/end?id_token_hint=...&post_logout_redirect_uri=...&state=...
//   returns 200 HTML with an auto-submitting form (method post, action /session/end/confirm, hidden
//   fields xsrf=<hex> and logout=yes). A browser submits it by itself (inline script); a script must
//   parse the form and POST it with the cookies set by the GET (_session). The POST answers
//   303 Location: <post_logout_redirect_uri>?state=<state> (or /session/end/success without one).
import * as crypto from 'node:crypto';
import * as http from 'node:http';
import { parseArgs } from 'node:util';

import Provider from 'oidc-provider';

function fail(msg) {
  process.stderr.write(`idp: ${msg}\n`);
  process.exit(2);
}

function splitEnv(name) {
  const v = process.env[name];
  return v ? v.split(/\s+/).filter(Boolean) : [];
}

let args;
try {
  ({ values: args } = parseArgs({
    options: {
      port: { type: 'string' },
      'client-id': { type: 'string' },
      'client-secret': { type: 'string' },
      'redirect-uri': { type: 'string', multiple: true },
      'post-logout-redirect-uri': { type: 'string', multiple: true },
      'email-domain': { type: 'string' },
    },
    strict: true,
    allowPositionals: false,
  }));
} catch (err) {
  fail(err.message);
}

const config = {
  port: Number(args.port ?? process.env.OIDC_PORT ?? 0),
  clientId: args['client-id'] ?? process.env.OIDC_CLIENT_ID,
  clientSecret: args['client-secret'] ?? process.env.OIDC_CLIENT_SECRET,
  redirectUris: args['redirect-uri'] ?? splitEnv('OIDC_REDIRECT_URIS'),
  postLogoutRedirectUris: args['post-logout-redirect-uri'] ?? splitEnv('OIDC_POST_LOGOUT_REDIRECT_URIS'),
  emailDomain: args['email-domain'] ?? process.env.OIDC_EMAIL_DOMAIN ?? 'example.test',
};

if (!Number.isInteger(config.port) || config.port < 0 || config.port > 65535) fail('bad --port');
if (!config.clientId) fail('--client-id is required');
if (!config.clientSecret) fail('--client-secret is required');
if (config.redirectUris.length === 0) fail('at least one --redirect-uri is required');

// The issuer embeds the port, so bind first (this also resolves --port 0), then build the provider.
let handler = (_req, res) => { res.statusCode = 503; res.end(); };
const server = http.createServer((req, res) => handler(req, res));
await new Promise((resolve) => {
  server.once('error', (err) => fail(`cannot listen on 127.0.0.1:${config.port}: ${err.code ?? err.message}`));
  server.listen(config.port, '127.0.0.1', resolve);
});
const { port } = server.address();
const issuer = `http://127.0.0.1:${port}`;

const { privateKey } = crypto.generateKeyPairSync('rsa', { modulusLength: 2048 });
const jwk = {
  ...privateKey.export({ format: 'jwk' }),
  kid: `idp-${port}-${crypto.randomBytes(4).toString('hex')}`,
  alg: 'RS256',
  use: 'sig',
};

function displayName(id) {
  const local = id.split('@')[0];
  const words = local.split(/[._+\-\s]+/).filter(Boolean);
  if (words.length === 0) return id;
  return words.map((w) => w[0].toUpperCase() + w.slice(1)).join(' ');
}

function accountClaims(id) {
  return {
    sub: id,
    email: id.includes('@') ? id : `${id}@${config.emailDomain}`,
    email_verified: true,
    name: displayName(id),
    groups: id.startsWith('admin') ? ['plaza-admins'] : [],
  };
}

const html = (s) => String(s).replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

const provider = new Provider(issuer, {
  clients: [{
    client_id: config.clientId,
    client_secret: config.clientSecret,
    token_endpoint_auth_method: 'client_secret_basic',
    grant_types: ['authorization_code'],
    response_types: ['code'],
    redirect_uris: config.redirectUris,
    post_logout_redirect_uris: config.postLogoutRedirectUris,
    id_token_signed_response_alg: 'RS256',
  }],
  jwks: { keys: [jwk] },
  enabledJWA: { idTokenSigningAlgValues: ['RS256'] },
  pkce: { required: () => true },
  responseTypes: ['code'],
  clientAuthMethods: ['client_secret_basic', 'client_secret_post'],
  claims: {
    openid: ['sub'],
    email: ['email', 'email_verified'],
    profile: ['name', 'groups'],
  },
  // conformIdTokenClaims: true (default, deliberately kept) -> scope claims only at userinfo.
  features: {
    devInteractions: { enabled: true },
    userinfo: { enabled: true },
    rpInitiatedLogout: {
      enabled: true,
      // Auto-submitting confirmation (logout=yes) instead of the default "Yes / No" buttons.
      async logoutSource(ctx, form) {
        const autoForm = form.replace('</form>', '<input type="hidden" name="logout" value="yes"/></form>');
        ctx.body = `<!DOCTYPE html>
<html><head><meta charset="utf-8"><title>Logout Request</title></head>
<body>
${autoForm}
<noscript><button type="submit" form="op.logoutForm">Sign out</button></noscript>
<script>document.forms[0].submit()</script>
</body></html>`;
      },
      async postLogoutSuccessSource(ctx) {
        ctx.body = '<!DOCTYPE html><html><head><meta charset="utf-8"><title>Signed out</title></head><body><h1>Signed out</h1></body></html>';
      },
    },
  },
  async findAccount(_ctx, id) {
    return {
      accountId: id,
      async claims() { return accountClaims(id); },
    };
  },
  // Auto-consent: always hand back a grant covering openid/email/profile and whatever OIDC scopes
  // and claims were requested, so the consent prompt never triggers.
  async loadExistingGrant(ctx) {
    const { oidc } = ctx;
    const grantId = oidc.result?.consent?.grantId || oidc.session.grantIdFor(oidc.client.clientId);
    let grant = grantId ? await oidc.provider.Grant.find(grantId) : undefined;
    if (!grant || grant.accountId !== oidc.account.accountId) {
      grant = new oidc.provider.Grant({ clientId: oidc.client.clientId, accountId: oidc.account.accountId });
    }
    // A Set: addOIDCScope does not de-duplicate on a fresh grant.
    grant.addOIDCScope(new Set(['openid', 'email', 'profile', ...oidc.requestParamOIDCScopes]));
    const claims = [...oidc.requestParamClaims];
    if (claims.length) grant.addOIDCClaims(claims);
    await grant.save();
    return grant;
  },
  async renderError(ctx, out) {
    ctx.type = 'html';
    ctx.body = `<!DOCTYPE html><html><head><meta charset="utf-8"><title>error</title></head><body>${
      Object.entries(out).map(([k, v]) => `<pre>${html(k)}: ${html(v)}</pre>`).join('')}</body></html>`;
  },
  ttl: {
    AccessToken: 3600,
    AuthorizationCode: 60,
    IdToken: 3600,
    Interaction: 600,
    Session: 8 * 3600,
    Grant: 8 * 3600,
  },
  clientBasedCORS: () => false,
});

for (const ev of ['server_error', 'authorization.error', 'grant.error', 'userinfo.error',
  'end_session.error', 'discovery.error', 'jwks.error', 'check_session.error']) {
  provider.on(ev, (_ctx, err) => {
    process.stderr.write(`idp ${port}: ${ev}: ${err?.name} ${err?.message}${err?.error_description ? ` (${err.error_description})` : ''}\n`);
  });
}

handler = provider.callback();
process.stdout.write(`ready ${issuer}\n`);

function shutdown() {
  server.close(() => process.exit(0));
  server.closeAllConnections();
  setTimeout(() => process.exit(0), 2000).unref();
}
process.on('SIGTERM', shutdown);
process.on('SIGINT', shutdown);
