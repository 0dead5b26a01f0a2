// Loopback OpenID Connect provider for relying-party tests (oidc-provider v9, Node >= 20).
//
// Settings: a JSON file given as argv[2] and/or the environment:
//   OIDC_CONFIG      JSON text (merged over the file)
//   OIDC_PORT        port on 127.0.0.1 (0 = pick a free one; default 0)
//   OIDC_ISSUER      issuer URL (default http://127.0.0.1:<actual port>)
// JSON keys (all optional except clients/accounts in practice):
//   port, issuer, clients: [{client_id, client_secret, redirect_uris, post_logout_redirect_uris,
//                            ...any oidc-provider client metadata,
//                            x_test: {idTokenExpiredBy: <seconds>, forgeIdTokenSignature: true,
//                                     pkceRequired: true}}],
//   accounts: [{sub, email, email_verified, name, preferred_username, groups, password?, ...claims}],
//   ttl: {IdToken: 3600, AccessToken: 3600, ...}   (seconds, positive integers)
//   pkceRequired: false        (true = S256 PKCE required for every client; public clients always need it)
//   conformIdTokenClaims: false (false = profile/email/groups claims go into the ID token too)
//   claims: {scope: [claim, ...]} (default openid/profile/email/groups)
//   jwks: {keys: [private JWK, ...]} (default: a fresh RSA key on every start)
// Prints "READY <issuer> <listening origin>" on stdout once listening. Exits on SIGTERM/SIGINT, and on stdin EOF
// when OIDC_EXIT_ON_STDIN_EOF=1 (so a dying test runner never leaves it behind).
import crypto from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import { promisify } from 'node:util';

const fileConf = process.argv[2] ? JSON.parse(fs.readFileSync(process.argv[2], 'utf8')) : {};
const envConf = process.env.OIDC_CONFIG ? JSON.parse(process.env.OIDC_CONFIG) : {};
const conf = { ...fileConf, ...envConf };
const port = Number(process.env.OIDC_PORT ?? conf.port ?? 0);

const esc = (s) => String(s ?? '').replace(/[&<>"']/g, (c) => ({
  '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;',
}[c]));
const page = (title, body) => `<!DOCTYPE html><html><head><meta charset="utf-8"><title>${esc(title)}</title></head><body>${body}</body></html>`;

const rsaKey = async () => (await promisify(crypto.generateKeyPair)('rsa', { modulusLength: 2048 })).privateKey;
const toJwk = (key) => ({ ...key.export({ format: 'jwk' }), kid: crypto.randomBytes(8).toString('hex'), alg: 'RS256', use: 'sig' });

// ---- accounts -------------------------------------------------------------------------------
const accounts = new Map((conf.accounts ?? []).map((a) => [String(a.sub), a]));
function lookupLogin(login) {
  if (accounts.has(login)) return accounts.get(login);
  for (const a of accounts.values()) {
    if (a.preferred_username === login || a.email === login) return a;
  }
  return undefined;
}

// ---- clients (x_test holds harness-only knobs, stripped before oidc-provider sees them) ------
const testOpts = new Map();
const clients = (conf.clients ?? []).map(({ x_test: x, ...c }) => {
  if (x) testOpts.set(c.client_id, x);
  return c;
});
const wantRogue = [...testOpts.values()].some((x) => x.forgeIdTokenSignature);

// RSA key generation runs on the libuv pool, in parallel with loading oidc-provider (~0.4 s each)
const [{ default: Provider }, signingKey, rogueKey] = await Promise.all([
  import('oidc-provider'),
  conf.jwks ? null : rsaKey(),
  wantRogue ? rsaKey() : null,
]);

const server = http.createServer();
await new Promise((resolve, reject) => {
  server.once('error', reject);
  server.listen(port, '127.0.0.1', resolve);
});
const issuer = process.env.OIDC_ISSUER ?? conf.issuer ?? `http://127.0.0.1:${server.address().port}`;

const configuration = {
  clients,
  jwks: conf.jwks ?? { keys: [toJwk(signingKey)] },
  cookies: { keys: conf.cookieKeys ?? [crypto.randomBytes(32).toString('hex')] },
  claims: conf.claims ?? {
    openid: ['sub'],
    email: ['email', 'email_verified'],
    profile: ['name', 'preferred_username', 'given_name', 'family_name', 'locale', 'updated_at'],
    groups: ['groups'],
  },
  conformIdTokenClaims: conf.conformIdTokenClaims ?? false,
  pkce: {
    required: (ctx, client) => Boolean(conf.pkceRequired || testOpts.get(client.clientId)?.pkceRequired)
      || client.clientAuthMethod === 'none',
  },
  ttl: {
    AccessToken: 3600, AuthorizationCode: 60, IdToken: 3600, Interaction: 600,
    Session: 3600, Grant: 3600, RefreshToken: 86400, ...(conf.ttl ?? {}),
  },
  features: {
    devInteractions: { enabled: false }, // replaced by the form below
    rpInitiatedLogout: {
      enabled: true,
      async logoutSource(ctx, form) {
        // form = <form id="op.logoutForm" method="post" action=".../session/end/confirm"><input name="xsrf">
        ctx.body = page('Sign out', `${form}<button type="submit" form="op.logoutForm" name="logout" value="yes">Yes, sign me out</button>`
          + '<button type="submit" form="op.logoutForm">No, stay signed in</button>');
      },
      async postLogoutSuccessSource(ctx) {
        ctx.body = page('Signed out', '<h1>Signed out</h1>');
      },
    },
  },
  interactions: { url: (ctx, interaction) => `/interaction/${interaction.uid}` },
  async findAccount(ctx, sub) {
    const a = accounts.get(String(sub));
    if (!a) return undefined;
    return {
      accountId: String(a.sub),
      async claims() {
        const { password, ...claims } = a; // every other field is a claim; the provider filters by scope
        return { email_verified: a.email ? true : undefined, ...claims, sub: String(a.sub) };
      },
    };
  },
  async renderError(ctx, out) {
    ctx.type = 'html';
    ctx.body = page('Error', `<h1>error</h1><pre id="error">${esc(out.error)}</pre><pre id="error_description">${esc(out.error_description)}</pre>`);
  },
};

const provider = new Provider(issuer, configuration);

// ---- test-only token tampering, per client (x_test) ----------------------------------------
const origIssue = provider.IdToken.prototype.issue;
provider.IdToken.prototype.issue = async function issue(opts = {}) {
  const x = (opts.use === 'idtoken' && testOpts.get(this.client?.clientId)) || {};
  if (x.idTokenExpiredBy) {
    // exp = now - idTokenExpiredBy (iat stays now): an already expired but correctly signed token
    opts = { ...opts, expiresAt: Math.floor(Date.now() / 1000) - Number(x.idTokenExpiredBy) };
  }
  let jwt = await origIssue.call(this, opts);
  if (x.forgeIdTokenSignature) {
    // Same header (same kid as the published key), same claims, signed with a key nobody published.
    const [h, p] = jwt.split('.');
    const sig = crypto.sign('sha256', Buffer.from(`${h}.${p}`), rogueKey).toString('base64url');
    jwt = `${h}.${p}.${sig}`;
  }
  return jwt;
};

// ---- interactions: login form + automatic consent -----------------------------------------
async function readForm(req) {
  const chunks = [];
  for await (const c of req) chunks.push(c);
  return Object.fromEntries(new URLSearchParams(Buffer.concat(chunks).toString('utf8')));
}

function loginPage(uid, details, error) {
  const hint = details.params.login_hint ?? '';
  return page('Sign in', `<h1>Sign in to ${esc(details.params.client_id)}</h1>`
    + (error ? `<p id="error" role="alert">${esc(error)}</p>` : '')
    + `<form id="login-form" method="post" action="/interaction/${esc(uid)}/login">`
    + `<label>Account <input name="login" value="${esc(hint)}" autofocus></label>`
    + '<label>Password <input name="password" type="password"></label>'
    + '<button type="submit">Sign in</button></form>'
    + `<form id="abort-form" method="post" action="/interaction/${esc(uid)}/abort"><button type="submit">Cancel</button></form>`);
}

async function grantEverything(details) {
  const { prompt: { details: missing }, params, session } = details;
  const grant = details.grantId
    ? await provider.Grant.find(details.grantId)
    : new provider.Grant({ accountId: session.accountId, clientId: params.client_id });
  if (missing.missingOIDCScope) grant.addOIDCScope(missing.missingOIDCScope.join(' '));
  if (missing.missingOIDCClaims) grant.addOIDCClaims(missing.missingOIDCClaims);
  for (const [indicator, scopes] of Object.entries(missing.missingResourceScopes ?? {})) {
    grant.addResourceScope(indicator, scopes.join(' '));
  }
  const grantId = await grant.save();
  return details.grantId ? {} : { grantId };
}

provider.use(async (ctx, next) => {
  const m = ctx.path.match(/^\/interaction\/([^/]+)(?:\/(login|abort))?$/);
  if (!m) return next();
  const [, uid, action] = m;
  ctx.set('cache-control', 'no-store');
  const details = await provider.interactionDetails(ctx.req, ctx.res);
  if (details.uid !== uid) ctx.throw(400, 'interaction mismatch');

  if (ctx.method === 'GET' && !action) {
    if (details.prompt.name === 'login') {
      ctx.type = 'html';
      ctx.body = loginPage(uid, details);
      return undefined;
    }
    if (details.prompt.name === 'consent') { // auto-consent: grant all that was asked
      const consent = await grantEverything(details);
      ctx.status = 303;
      return ctx.redirect(await provider.interactionResult(ctx.req, ctx.res, { consent }, { mergeWithLastSubmission: true }));
    }
    ctx.throw(400, `unsupported prompt ${details.prompt.name}`);
  }
  if (ctx.method === 'POST' && action === 'login') {
    const form = await readForm(ctx.req);
    const account = lookupLogin(String(form.login ?? '').trim());
    if (!account || (account.password !== undefined && account.password !== form.password)) {
      ctx.status = 200;
      ctx.type = 'html';
      ctx.body = loginPage(uid, details, 'unknown account or wrong password');
      return undefined;
    }
    const result = { login: { accountId: String(account.sub) } };
    ctx.status = 303;
    return ctx.redirect(await provider.interactionResult(ctx.req, ctx.res, result, { mergeWithLastSubmission: false }));
  }
  if (ctx.method === 'POST' && action === 'abort') {
    const result = { error: 'access_denied', error_description: 'End-User aborted interaction' };
    ctx.status = 303;
    return ctx.redirect(await provider.interactionResult(ctx.req, ctx.res, result, { mergeWithLastSubmission: false }));
  }
  return ctx.throw(405);
});

for (const ev of ['server_error', 'grant.error', 'authorization.error', 'end_session.error', 'userinfo.error']) {
  provider.on(ev, (ctx, err) => console.error(`[${ev}]`, err?.message, err?.error_description ?? ''));
}

server.on('request', provider.callback());

const stop = () => { server.close(() => process.exit(0)); server.closeAllConnections(); setTimeout(() => process.exit(0), 2000).unref(); };
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
if (process.env.OIDC_EXIT_ON_STDIN_EOF === '1') {
  process.stdin.on('end', () => process.exit(0));
  process.stdin.resume();
}
console.log(`READY ${issuer} http://127.0.0.1:${server.address().port}`); // issuer, then where it listens
