// The operations behind sign.mjs, verify.mjs, canonize.mjs and worker.mjs (one request → one answer).
import jsonld from 'jsonld';
import * as vc from '@digitalbazaar/vc';
import {DataIntegrityProof} from '@digitalbazaar/data-integrity';
import {cryptosuite as eddsaRdfc2022CryptoSuite} from '@digitalbazaar/eddsa-rdfc-2022-cryptosuite';
import {checkStatus as checkBitstringStatus} from '@digitalbazaar/vc-bitstring-status-list';
import {errorText, keyFromSeed, makeDocumentLoader} from './loader.mjs';

// request: {"items": [{"credential", "seedHex", "verificationMethod"?, "controller"?, "created"?}],
//           "contexts"?, "documents"?, "urlMap"?, "now"?}
// answer:  {"results": [{"ok": true, "credential"} | {"ok": false, "error"}]}
export async function sign(request) {
  const documentLoader = makeDocumentLoader(request);
  const results = [];
  for(const item of request.items) {
    try {
      const key = await keyFromSeed({
        seedHex: item.seedHex, id: item.verificationMethod, controller: item.controller
      });
      const suite = new DataIntegrityProof({signer: key.signer(), cryptosuite: eddsaRdfc2022CryptoSuite});
      if(item.created) {
        suite.date = item.created;
      }
      const credential = await vc.issue({
        credential: structuredClone(item.credential), suite, documentLoader, now: request.now
      });
      results.push({ok: true, credential});
    } catch(e) {
      results.push({ok: false, error: errorText(e)});
    }
  }
  return {results};
}

// Not checking status: what the interop verifier did before status checks existed (still the default).
const skipStatus = async () => ({verified: true, note: 'status not checked by the interop verifier'});

// Bitstring Status List (Digital Bazaar's vc-bitstring-status-list): fetches each list credential through
// the document loader, verifies it (same suite, issuer must match the credential's) and reads the bit.
// That library reports the bit (results[].status) but still says verified: true when it is set, so a set
// bit is turned into a failure here: "revoked" / "suspended" (or the purpose's name).
async function checkStatus(options) {
  const result = await checkBitstringStatus(options);
  if(!result.verified) {
    return result;
  }
  const set = result.results.filter(r => r.status).map(r => r.credentialStatus.statusPurpose);
  if(set.length === 0) {
    return result;
  }
  const words = {revocation: 'revoked', suspension: 'suspended'};
  const error = new Error(`credential status: ${set.map(p => words[p] ?? `${p} bit set`).join(', ')}`);
  return {...result, verified: false, error};
}

function statusReport(statusResult) {
  if(!statusResult) {
    return null;
  }
  const set = (statusResult.results ?? []).filter(r => r.status).map(r => r.credentialStatus.statusPurpose);
  return {
    verified: statusResult.verified,
    revoked: set.includes('revocation'),
    suspended: set.includes('suspension'),
    purposes: (statusResult.results ?? []).map(r => r.credentialStatus.statusPurpose),
    error: statusResult.verified ? null : errorText(statusResult.error)
  };
}

// request: {"items": [{"credential", "checkStatus"?}], "checkStatus"?, "contexts"?, "documents"?,
//           "urlMap"?, "now"?}
// answer:  {"results": [{"verified": bool, "error": string|null, "status": null|{"verified", "revoked",
//           "suspended", "purposes", "error"}}], "fetched": [local URLs the loader fetched, in order]}
// credentialStatus is checked only when the item's (or the request's) "checkStatus" is true: Bitstring
// Status List entries, list credentials fetched through urlMap; a revoked credential is
// {"verified": false, "error": "... credential status: revoked", "status": {"revoked": true, ...}}.
// Otherwise status is not checked (status: null). Validity dates are checked against "now".
export async function verify(request) {
  const documentLoader = makeDocumentLoader(request);
  const suite = new DataIntegrityProof({cryptosuite: eddsaRdfc2022CryptoSuite});
  const results = [];
  for(const item of request.items) {
    try {
      const withStatus = item.checkStatus ?? request.checkStatus ?? false;
      const result = await vc.verifyCredential({
        credential: item.credential, suite, documentLoader, now: request.now,
        checkStatus: withStatus ? checkStatus : skipStatus
      });
      const errors = [];
      if(result.error) {
        errors.push(errorText(result.error));
      }
      if(result.statusResult && !result.statusResult.verified) {
        errors.push(errorText(result.statusResult.error));
      }
      results.push({
        verified: result.verified,
        error: result.verified ? null : errors.join(' | ') || 'not verified',
        status: withStatus ? statusReport(result.statusResult) : null
      });
    } catch(e) {
      results.push({verified: false, error: errorText(e), status: null});
    }
  }
  return {results, fetched: [...documentLoader.fetched]};
}

// request: {"items": [{"document"}], "contexts"?, "documents"?}
// answer:  {"results": [{"ok": true, "nquads"} | {"ok": false, "error"}]}
// Safe mode: fails on any property or type the contexts do not define (it would be dropped).
export async function canonize(request) {
  const documentLoader = makeDocumentLoader(request);
  const results = [];
  for(const item of request.items) {
    try {
      const nquads = await jsonld.canonize(item.document, {
        algorithm: 'RDFC-1.0', format: 'application/n-quads', documentLoader, safe: true
      });
      results.push({ok: true, nquads});
    } catch(e) {
      results.push({ok: false, error: errorText(e)});
    }
  }
  return {results};
}

export const OPERATIONS = {sign, verify, canonize};
