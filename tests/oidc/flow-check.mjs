// Scripted end-to-end check of idp.mjs: authorization code + PKCE S256 + devInteractions login,
// token exchange (client_secret_basic), ID token verification, userinfo, negative cases, and
// RP-initiated logout. Plain fetch, manual redirects, a tiny path-aware cookie jar.
//
//   node tests/oidc/flow-check.mjs            # spawns its own idp.mjs on a free port
//   node tests/oidc/flow-check.mjs --issuer http://127.0.0.1:N --client-id plaza \
//     --client-secret s3cret --redirect-uri http://127.0.0.1:9/cb \
//     --post-logout-redirect-uri http://127.0.0.1:9/bye [--login admin.jane] [--email-domain d]
//
// Exit status 0 when every check passes, 1 otherwise. Request log goes to stderr, claims to stdout.
import { spawn } from 'node:child_process';
import * as crypto from 'node:crypto';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const { values: opt } = parseArgs({
  options: {
    issuer: { type: 'string' },
    'client-id': { type: 'string', default: 'flow-check' },
    'client-secret': { type: 'string', default: 'flow-check-secret' },
    'redirect-uri': { type: 'string', default: 'http://127.0.0.1:9/callback' },
    'post-logout-redirect-uri': { type: 'string', default: 'http://127.0.0.1:9/logged-out' },
    login: { type: 'string', default: 'admin.jane-doe' },
    'email-domain': { type: 'string', default: 'agency-a.test' },
  },
});

let failures = 0;
function check(cond, what) {
  if (cond) {
    process.stderr.write(`  ok   ${what}\n`);
  } else {
    failures += 1;
    process.stderr.write(`  FAIL ${what}\n`);
  }
  return cond;
}
function must(cond, what) {
  if (!check(cond, what)) throw new Error(`fatal: ${what}`);
}

// ---- tiny cookie jar (name+path keyed; Domain ignored: single host) ----
class Jar {
  #c = new Map();

  store(res) {
    for (const line of res.headers.getSetCookie()) {
      const [pair, ...attrs] = line.split(';').map((s) => s.trim());
      const eq = pair.indexOf('=');
      const name = pair.slice(0, eq);
      const value = pair.slice(eq + 1);
      let path = '/';
      let expired = value === '';
      for (const a of attrs) {
        const [k, v = ''] = a.split('=');
        const key = k.toLowerCase();
        if (key === 'path') path = v;
        if (key === 'expires' && Date.parse(v) <= Date.now()) expired = true;
        if (key === 'max-age' && Number(v) <= 0) expired = true;
      }
      const id = `${name}\u0000${path}`;
      if (expired) this.#c.delete(id);
      else this.#c.set(id, { name, value, path });
    }
  }

  header(url) {
    const { pathname } = new URL(url);
    const out = [...this.#c.values()]
      .filter(({ path }) => pathname === path || pathname.startsWith(path.endsWith('/') ? path : `${path}/`))
      .map(({ name, value }) => `${name}=${value}`);
    return out.length ? out.join('; ') : undefined;
  }

  names() { return [...this.#c.values()].map((c) => `${c.name}(path=${c.path})`); }
}

let requestCount = 0;
async function http(jar, method, url, { form, headers = {} } = {}) {
  requestCount += 1;
  const h = { ...headers };
  const cookie = jar?.header(url);
  if (cookie) h.cookie = cookie;
  let body;
  if (form) {
    body = new URLSearchParams(form).toString();
    h['content-type'] = 'application/x-www-form-urlencoded';
  }
  const res = await fetch(url, { method, headers: h, body, redirect: 'manual' });
  jar?.store(res);
  const text = await res.text();
  const loc = res.headers.get('location');
  process.stderr.write(`#${requestCount} ${method} ${url}${cookie ? `  [cookie: ${cookie.replace(/=[^;]+/g, '=…')}]` : ''}\n    -> ${res.status}${loc ? ` Location: ${loc}` : ''}\n`);
  return { status: res.status, headers: res.headers, location: loc ? new URL(loc, url).href : undefined, text };
}

function parseForm(htmlText, baseUrl) {
  const m = htmlText.match(/<form\b([^>]*)>([\s\S]*?)<\/form>/i);
  if (!m) return undefined;
  const attr = (s, name) => s.match(new RegExp(`\\b${name}="([^"]*)"`, 'i'))?.[1];
  const unescape = (s) => s?.replace(/&#(\d+);/g, (_, d) => String.fromCharCode(Number(d)))
    .replace(/&#x([0-9a-f]+);/gi, (_, h) => String.fromCharCode(parseInt(h, 16)))
    .replace(/&quot;/g, '"').replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
  const fields = [];
  for (const [, a] of m[2].matchAll(/<input\b([^>]*)>/gi)) {
    fields.push({ name: attr(a, 'name'), type: attr(a, 'type') ?? 'text', value: unescape(attr(a, 'value')) ?? '' });
  }
  return {
    action: new URL(unescape(attr(m[1], 'action')), baseUrl).href,
    method: (attr(m[1], 'method') ?? 'get').toUpperCase(),
    fields,
  };
}

const b64u = (buf) => Buffer.from(buf).toString('base64url');
const decodePart = (s) => JSON.parse(Buffer.from(s, 'base64url').toString('utf8'));

// ---- optionally start our own IdP ----
let child;
let issuer = opt.issuer;
if (!issuer) {
  const idp = fileURLToPath(new URL('./idp.mjs', import.meta.url));
  child = spawn(process.execPath, [idp, '--port', '0', '--client-id', opt['client-id'],
    '--client-secret', opt['client-secret'], '--redirect-uri', opt['redirect-uri'],
    '--post-logout-redirect-uri', opt['post-logout-redirect-uri'], '--email-domain', opt['email-domain']],
  { stdio: ['ignore', 'pipe', 'inherit'] });
  child.stdout.setEncoding('utf8');
  issuer = await new Promise((resolve, reject) => {
    let buf = '';
    child.stdout.on('data', (d) => {
      buf += d;
      const m = buf.match(/^ready (\S+)$/m);
      if (m) resolve(m[1]);
    });
    child.once('exit', (code) => reject(new Error(`idp exited early (${code})`)));
  });
  process.stderr.write(`started idp.mjs, issuer ${issuer}\n`);
}

const clientId = opt['client-id'];
const clientSecret = opt['client-secret'];
const redirectUri = opt['redirect-uri'];
const postLogoutUri = opt['post-logout-redirect-uri'];
const basic = `Basic ${Buffer.from(`${encodeURIComponent(clientId)}:${encodeURIComponent(clientSecret)}`).toString('base64')}`;

async function main() {
  process.stderr.write('\n== discovery ==\n');
  const disco = JSON.parse((await http(null, 'GET', `${issuer}/.well-known/openid-configuration`)).text);
  must(disco.issuer === issuer, `discovery issuer == ${issuer}`);
  must(!!disco.end_session_endpoint, `end_session_endpoint = ${disco.end_session_endpoint}`);
  check(JSON.stringify(disco.id_token_signing_alg_values_supported) === '["RS256"]', 'id_token_signing_alg_values_supported == [RS256]');
  check(disco.authorization_response_iss_parameter_supported === true, 'authorization_response_iss_parameter_supported');
  const jwks = JSON.parse((await http(null, 'GET', disco.jwks_uri)).text);

  const authUrl = (extra = {}) => {
    const u = new URL(disco.authorization_endpoint);
    for (const [k, v] of Object.entries({
      response_type: 'code', client_id: clientId, redirect_uri: redirectUri, scope: 'openid email profile', ...extra,
    })) if (v !== undefined) u.searchParams.set(k, v);
    return u.href;
  };

  // ---- the login proper ----
  process.stderr.write('\n== scripted login ==\n');
  const jar = new Jar();
  const verifier = b64u(crypto.randomBytes(32));
  const challenge = crypto.hash('sha256', verifier, 'base64url');
  const state = b64u(crypto.randomBytes(16));
  const nonce = b64u(crypto.randomBytes(16));
  const before = requestCount;

  const r1 = await http(jar, 'GET', authUrl({ state, nonce, code_challenge: challenge, code_challenge_method: 'S256' }));
  must(r1.status === 303 && /\/interaction\/[^/]+$/.test(new URL(r1.location).pathname), 'GET /auth -> 303 /interaction/<uid>');
  const uid = new URL(r1.location).pathname.split('/').pop();
  process.stderr.write(`    interaction uid = ${uid}; cookies now: ${jar.names().join(', ')}\n`);

  const r2 = await http(jar, 'GET', r1.location);
  must(r2.status === 200, 'GET /interaction/<uid> -> 200 login form');
  const form = parseForm(r2.text, r1.location);
  must(!!form, 'login form found');
  process.stderr.write(`    form: ${form.method} ${form.action} fields ${form.fields.map((f) => `${f.name}[${f.type}]=${JSON.stringify(f.value)}`).join(' ')}\n`);
  must(form.method === 'POST' && form.action === r1.location, 'form action == POST same /interaction/<uid> URL');
  const formData = Object.fromEntries(form.fields.map((f) => [f.name, f.value]));
  formData.login = opt.login;
  formData.password = 'anything';

  let r = await http(jar, form.method, form.action, { form: formData });
  must(r.status === 303 && new URL(r.location).pathname === `/auth/${uid}`, 'POST login -> 303 /auth/<uid>');
  let hops = 0;
  while (r.location && !r.location.startsWith(redirectUri) && hops < 5) {
    hops += 1;
    r = await http(jar, 'GET', r.location);
    if (r.status === 200 && /name="prompt" value="consent"/.test(r.text)) {
      check(false, 'no consent page expected');
    }
  }
  must(r.location?.startsWith(redirectUri), 'arrived at redirect_uri');
  const cb = new URL(r.location);
  const loginRequests = requestCount - before;
  process.stderr.write(`    login took ${loginRequests} HTTP requests; IdP cookies: ${jar.names().join(', ')}\n`);
  check(cb.searchParams.get('state') === state, 'callback state matches');
  check(cb.searchParams.get('iss') === issuer, `callback iss == issuer (RFC 9207): ${cb.searchParams.get('iss')}`);
  const code = cb.searchParams.get('code');
  must(!!code, 'callback has code');

  // ---- token exchange ----
  process.stderr.write('\n== token exchange ==\n');
  const tokenForm = { grant_type: 'authorization_code', code, redirect_uri: redirectUri, code_verifier: verifier };
  const t = await http(null, 'POST', disco.token_endpoint, { form: tokenForm, headers: { authorization: basic } });
  must(t.status === 200, `token endpoint 200 (${t.text.slice(0, 200)})`);
  const tokens = JSON.parse(t.text);
  must(!!tokens.id_token && !!tokens.access_token, 'got id_token and access_token');
  process.stderr.write(`    token response keys: ${Object.keys(tokens).join(', ')}; token_type=${tokens.token_type}; scope=${tokens.scope}\n`);

  const [h64, p64, s64] = tokens.id_token.split('.');
  const header = decodePart(h64);
  const idc = decodePart(p64);
  const key = jwks.keys.find((k) => k.kid === header.kid);
  must(header.alg === 'RS256' && !!key, `id_token alg RS256, kid ${header.kid} in JWKS`);
  const sigOk = crypto.verify('sha256', Buffer.from(`${h64}.${p64}`), crypto.createPublicKey({ key, format: 'jwk' }), Buffer.from(s64, 'base64url'));
  check(sigOk, 'id_token signature verifies');
  check(idc.iss === issuer && idc.aud === clientId && idc.nonce === nonce && idc.sub === opt.login, 'id_token iss/aud/nonce/sub');
  check(idc.exp > Date.now() / 1000, 'id_token not expired');
  process.stdout.write(`id_token claims: ${JSON.stringify(idc)}\n`);
  check(idc.email === undefined, 'id_token has NO email (conformIdTokenClaims default: scope claims only at userinfo)');

  // ---- userinfo ----
  process.stderr.write('\n== userinfo ==\n');
  const u = await http(null, 'GET', disco.userinfo_endpoint, { headers: { authorization: `Bearer ${tokens.access_token}` } });
  must(u.status === 200, 'userinfo 200');
  const ui = JSON.parse(u.text);
  process.stdout.write(`userinfo claims: ${JSON.stringify(ui)}\n`);
  const expectEmail = opt.login.includes('@') ? opt.login : `${opt.login}@${opt['email-domain']}`;
  check(ui.sub === opt.login && ui.email === expectEmail && ui.email_verified === true, 'userinfo sub/email/email_verified');
  check(typeof ui.name === 'string' && ui.name.length > 0, `userinfo name = ${ui.name}`);
  check(Array.isArray(ui.groups) && (opt.login.startsWith('admin') ? ui.groups.includes('plaza-admins') : ui.groups.length === 0), `userinfo groups = ${JSON.stringify(ui.groups)}`);

  // ---- negative: code replay ----
  process.stderr.write('\n== negative checks ==\n');
  const t2 = await http(null, 'POST', disco.token_endpoint, { form: tokenForm, headers: { authorization: basic } });
  process.stderr.write(`    second exchange of same code: ${t2.status} ${t2.text}\n`);
  check(t2.status === 400 && JSON.parse(t2.text).error === 'invalid_grant', 'code replay -> 400 invalid_grant');
  const u2 = await http(null, 'GET', disco.userinfo_endpoint, { headers: { authorization: `Bearer ${tokens.access_token}` } });
  process.stderr.write(`    userinfo with first access token after replay: ${u2.status} www-authenticate: ${u2.headers.get('www-authenticate')}\n`);
  check(u2.status === 401, 'replay revoked the grant (access token now invalid)');

  // ---- negative: no PKCE ----
  const np = await http(jar, 'GET', authUrl({ state: 'nopkce', nonce }));
  process.stderr.write(`    auth request without code_challenge: ${np.status} ${np.location ?? np.text.slice(0, 200)}\n`);
  const npl = np.location ? new URL(np.location) : undefined;
  check(npl?.href.startsWith(redirectUri) && npl.searchParams.get('error') === 'invalid_request', 'missing code_challenge -> redirect with error=invalid_request');

  // ---- negative: plain PKCE ----
  const pl = await http(jar, 'GET', authUrl({ state: 'plain', nonce, code_challenge: verifier, code_challenge_method: 'plain' }));
  const pll = pl.location ? new URL(pl.location) : undefined;
  process.stderr.write(`    code_challenge_method=plain: ${pl.status} ${pl.location ?? ''}\n`);
  check(pll?.searchParams.get('error') === 'invalid_request', 'plain PKCE -> error=invalid_request');

  // ---- second login in the same jar is silent (SSO session); redeem that code with client_secret_post ----
  process.stderr.write('\n== silent re-authentication with IdP session cookie ==\n');
  const s2 = await http(jar, 'GET', authUrl({ state: 's2', nonce, code_challenge: challenge, code_challenge_method: 'S256' }));
  check(s2.location?.startsWith(redirectUri) && new URL(s2.location).searchParams.has('code'), 'with _session cookie: /auth -> 303 straight to redirect_uri');
  const code2 = s2.location ? new URL(s2.location).searchParams.get('code') : '';
  const csp = await http(null, 'POST', disco.token_endpoint, {
    form: { ...tokenForm, code: code2, client_id: clientId, client_secret: clientSecret },
  });
  process.stderr.write(`    client_secret_post exchange: ${csp.status} ${csp.text.slice(0, 120)}\n`);
  check(csp.status === 200, 'client_secret_post also accepted for the client_secret_basic client');
  const badSecret = await http(null, 'POST', disco.token_endpoint, {
    form: { ...tokenForm, code: 'x' }, headers: { authorization: `Basic ${Buffer.from(`${clientId}:wrong`).toString('base64')}` },
  });
  process.stderr.write(`    wrong client secret: ${badSecret.status} ${badSecret.text}\n`);
  check(badSecret.status === 401 && JSON.parse(badSecret.text).error === 'invalid_client', 'wrong secret -> 401 invalid_client');

  // ---- RP-initiated logout ----
  process.stderr.write('\n== RP-initiated logout ==\n');
  const lo = new URL(disco.end_session_endpoint);
  lo.searchParams.set('id_token_hint', tokens.id_token);
  lo.searchParams.set('post_logout_redirect_uri', postLogoutUri);
  lo.searchParams.set('state', 'bye-state');
  const l1 = await http(jar, 'GET', lo.href);
  must(l1.status === 200, 'GET end_session -> 200 HTML');
  const lf = parseForm(l1.text, lo.href);
  must(!!lf, 'logout form found');
  process.stderr.write(`    logout form: ${lf.method} ${lf.action} fields ${lf.fields.map((f) => `${f.name}=${f.name === 'xsrf' ? '<hex>' : f.value}`).join(' ')}; auto-submit script: ${/forms\[0\]\.submit\(\)/.test(l1.text)}\n`);
  const l2 = await http(jar, lf.method, lf.action, { form: Object.fromEntries(lf.fields.map((f) => [f.name, f.value])) });
  check(l2.status === 303 && l2.location === `${postLogoutUri}?state=bye-state`, `logout confirm -> 303 ${l2.location}`);
  const s3 = await http(jar, 'GET', authUrl({ state: 's3', nonce, code_challenge: challenge, code_challenge_method: 'S256' }));
  check(/\/interaction\//.test(s3.location ?? ''), 'after logout: /auth asks for login again');

  // logout without any IdP cookie (what happens when the RP server, not the browser, calls it)
  const l3 = await http(new Jar(), 'GET', lo.href);
  check(l3.status === 200 && !!parseForm(l3.text, lo.href), 'end_session without IdP cookie -> 200 auto-submit form too');

  process.stderr.write(`\nscripted login: ${loginRequests} HTTP requests (auth, interaction GET, interaction POST, auth resume)\n`);
}

try {
  await main();
} catch (err) {
  failures += 1;
  process.stderr.write(`${err.stack}\n`);
} finally {
  if (child) {
    child.kill('SIGTERM');
    const [code, sig] = await once(child, 'exit');
    check(code === 0, `idp exited cleanly on SIGTERM (code ${code}, signal ${sig})`);
  }
}
process.stderr.write(failures ? `\n${failures} check(s) FAILED\n` : '\nall checks passed\n');
process.exit(failures ? 1 : 0);
