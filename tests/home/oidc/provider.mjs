// A real OpenID Connect provider for the tests (npm package oidc-provider, certified), on loopback.
//
//   node tests/home/oidc/provider.mjs   with OIDC_TEST_PORT, OIDC_TEST_CLIENT (JSON: client_id,
//   client_secret, redirect_uris, post_logout_redirect_uris) and OIDC_TEST_ACCOUNTS (a JSON file).
//
// Its built-in sign-in and consent pages take any password for a login of accounts.json. For the
// tests that a provider misbehaves, POST /__test__/mode with JSON {"tamper_id_token": true}
// (the token endpoint answers an ID token whose payload was changed after signing),
// {"wrong_issuer": true} (discovery names another issuer), {"short_lived_id_token": true} (ID
// tokens expire after one second), {"userinfo_of_another_subject": true} (userinfo names
// another subject than the ID token) or {"another_nonce": true} (the ID token carries another
// nonce than the site sent); POST {} puts it right again.
// It prints "ready <issuer>" on stdout once it listens.
import { readFileSync } from 'node:fs';

import Provider from 'oidc-provider';

const port = Number(process.env.OIDC_TEST_PORT);
const issuer = `http://127.0.0.1:${port}`;
const client = JSON.parse(process.env.OIDC_TEST_CLIENT);
const accounts = JSON.parse(readFileSync(process.env.OIDC_TEST_ACCOUNTS, 'utf8'));

let mode = {};

function claimsOf(login) {
  const account = accounts[login] ?? {};
  const claims = { sub: login };
  if (account.name) claims.name = account.name.normalize(account.name_form ?? 'NFC');
  if (account.email) {
    claims.email = account.email;
    claims.email_verified = Boolean(account.email_verified);
  }
  return claims;
}

const provider = new Provider(issuer, {
  clients: [{ ...client, grant_types: ['authorization_code'], response_types: ['code'] }],
  claims: { openid: ['sub'], email: ['email', 'email_verified'], profile: ['name'] },
  features: { devInteractions: { enabled: true }, rpInitiatedLogout: { enabled: true } },
  pkce: { required: () => true },
  ttl: { IdToken: () => (mode.short_lived_id_token ? 1 : 3600) },
  // The login typed on the sign-in page is the account id and the subject.
  async findAccount(ctx, id) {
    const claims = claimsOf(id);
    return { accountId: id, async claims() { return claims; } };
  },
});
provider.proxy = false;
provider.on('server_error', (_ctx, error) => console.error(error));

// The development sign-in page imports a web font from the internet: the tests load nothing
// from outside, so the import is taken out. The test modes change answers on their way out.
provider.use(async (ctx, next) => {
  if (ctx.path === '/__test__/mode' && ctx.method === 'POST') {
    const chunks = [];
    for await (const chunk of ctx.req) chunks.push(chunk);
    mode = JSON.parse(Buffer.concat(chunks).toString() || '{}');
    ctx.body = { mode };
    return;
  }
  if (ctx.path === '/auth' && mode.another_nonce && ctx.query.nonce) {
    ctx.query = { ...ctx.query, nonce: 'a-nonce-of-another-sign-in' };
  }
  await next();
  if (typeof ctx.body === 'string' && ctx.type === 'text/html') {
    ctx.body = ctx.body.replace(/@import url\([^)]*\);/g, '');
  }
  if (ctx.path === '/.well-known/openid-configuration' && mode.wrong_issuer) {
    ctx.body = { ...ctx.body, issuer: 'http://127.0.0.1:1/another-issuer' };
  }
  if (ctx.path === '/me' && mode.userinfo_of_another_subject && ctx.body?.sub) {
    ctx.body = { ...ctx.body, sub: 'binh' };
  }
  if (ctx.path === '/token' && mode.tamper_id_token && ctx.body?.id_token) {
    const [header, payload, signature] = ctx.body.id_token.split('.');
    const claims = JSON.parse(Buffer.from(payload, 'base64url').toString());
    // A claim nothing else checks: only the signature can tell (the subject is cross-checked
    // with userinfo, see userinfo_of_another_subject).
    claims.acr = 'forged';
    const forged = Buffer.from(JSON.stringify(claims)).toString('base64url');
    ctx.body = { ...ctx.body, id_token: [header, forged, signature].join('.') };
  }
});

const server = provider.listen(port, '127.0.0.1', () => {
  process.stdout.write(`ready ${issuer}\n`);
});
process.on('SIGTERM', () => server.close(() => process.exit(0)));
