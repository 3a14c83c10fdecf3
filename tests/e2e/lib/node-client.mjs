// An independent implementation of the agent's auth header with Node's own crypto, used to
// check what nginx forwards without going through the console's code.
import { createPublicKey, publicEncrypt, constants } from 'node:crypto';

export async function signedHeader(base, password, uri, lifetime = 60) {
  const secret = await (await fetch(`${base}/api/v1/secret`)).json();
  const time = await (await fetch(`${base}/api/v1/time`)).json();
  const key = createPublicKey({ key: Buffer.from(secret.data.public_key, 'base64'), format: 'der', type: 'pkcs1' });
  const k = key.asymmetricKeyDetails.modulusLength / 8;
  const ts = Math.floor(Date.parse(time.data) / 1000) + lifetime;
  const plain = Buffer.from(JSON.stringify({ Auth: password, Ts: String(ts), Uri: uri }));
  const blocks = [];
  for (let i = 0; i < plain.length; i += k - 11) {
    blocks.push(publicEncrypt({ key, padding: constants.RSA_PKCS1_PADDING }, plain.subarray(i, i + k - 11)));
  }
  return Buffer.concat(blocks).toString('base64');
}

/** Sends one sealed request (header and AES body) the way the SDKs do, with Node's crypto. */
export async function sealedRequest(base, password, method, target, payload) {
  const { randomBytes, createCipheriv } = await import('node:crypto');
  const secret = await (await fetch(`${base}/api/v1/secret`)).json();
  const time = await (await fetch(`${base}/api/v1/time`)).json();
  const key = createPublicKey({ key: Buffer.from(secret.data.public_key, 'base64'), format: 'der', type: 'pkcs1' });
  const k = key.asymmetricKeyDetails.modulusLength / 8;
  const aes = randomBytes(16);
  const iv = randomBytes(16);
  const ts = Math.floor(Date.parse(time.data) / 1000) + 60;
  const plain = Buffer.from(JSON.stringify({ Auth: password, Ts: String(ts), Uri: target, Keys: Buffer.concat([aes, iv]).toString('base64') }));
  const blocks = [];
  for (let i = 0; i < plain.length; i += k - 11) {
    blocks.push(publicEncrypt({ key, padding: constants.RSA_PKCS1_PADDING }, plain.subarray(i, i + k - 11)));
  }
  const cipher = createCipheriv('aes-128-cbc', aes, iv);
  const body = payload === undefined ? undefined : Buffer.concat([cipher.update(JSON.stringify(payload)), cipher.final()]).toString('base64');
  const res = await fetch(`${base}${target}`, { method, headers: { 'X-OCS-Header': Buffer.concat(blocks).toString('base64') }, body });
  return { status: res.status, body: res.status === 204 ? null : await res.json() };
}
