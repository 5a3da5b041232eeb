// The operations behind sign.mjs, verify.mjs, canonize.mjs and worker.mjs (one request → one answer).
import jsonld from 'jsonld';
import * as vc from '@digitalbazaar/vc';
import {DataIntegrityProof} from '@digitalbazaar/data-integrity';
import {cryptosuite as eddsaRdfc2022CryptoSuite} from '@digitalbazaar/eddsa-rdfc-2022-cryptosuite';
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

// request: {"items": [{"credential"}], "contexts"?, "documents"?, "urlMap"?, "now"?}
// answer:  {"results": [{"verified": bool, "error": string|null}]}
// credentialStatus is not checked (reported as not checked); validity dates are checked against "now".
export async function verify(request) {
  const documentLoader = makeDocumentLoader(request);
  const suite = new DataIntegrityProof({cryptosuite: eddsaRdfc2022CryptoSuite});
  const checkStatus = async () => ({verified: true, note: 'status not checked by the interop verifier'});
  const results = [];
  for(const item of request.items) {
    try {
      const result = await vc.verifyCredential({
        credential: item.credential, suite, documentLoader, checkStatus, now: request.now
      });
      results.push({verified: result.verified, error: result.verified ? null : errorText(result.error)});
    } catch(e) {
      results.push({verified: false, error: errorText(e)});
    }
  }
  return {results};
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
