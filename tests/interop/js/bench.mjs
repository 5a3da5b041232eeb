// Throughput of Digital Bazaar's stack: sign and verify one credential N times in this process.
//
// stdin:  {"credential": {...}, "seedHex": "…", "iterations": 200, "contexts": {...}}
// stdout: {"sign_per_s": …, "verify_per_s": …, "iterations": N, "verified": true}
import * as vc from '@digitalbazaar/vc';
import {DataIntegrityProof} from '@digitalbazaar/data-integrity';
import {cryptosuite as eddsaRdfc2022CryptoSuite} from '@digitalbazaar/eddsa-rdfc-2022-cryptosuite';
import {keyFromSeed, makeDocumentLoader, readStdinJson} from './loader.mjs';

const input = await readStdinJson();
const documentLoader = makeDocumentLoader(input);
const n = input.iterations ?? 100;
const key = await keyFromSeed({seedHex: input.seedHex});
const signSuite = new DataIntegrityProof({signer: key.signer(), cryptosuite: eddsaRdfc2022CryptoSuite});
signSuite.date = '2025-05-20T14:30:00Z';
const verifySuite = new DataIntegrityProof({cryptosuite: eddsaRdfc2022CryptoSuite});
const checkStatus = async () => ({verified: true});

// Warm up caches (contexts, JIT) before timing, as the Python side does.
let signed = await vc.issue({credential: structuredClone(input.credential), suite: signSuite, documentLoader});
await vc.verifyCredential({credential: signed, suite: verifySuite, documentLoader, checkStatus});

let start = process.hrtime.bigint();
for(let i = 0; i < n; i++) {
  signed = await vc.issue({credential: structuredClone(input.credential), suite: signSuite, documentLoader});
}
const signSeconds = Number(process.hrtime.bigint() - start) / 1e9;
let verified = true;
start = process.hrtime.bigint();
for(let i = 0; i < n; i++) {
  const result = await vc.verifyCredential({credential: signed, suite: verifySuite, documentLoader, checkStatus});
  verified = verified && result.verified;
}
const verifySeconds = Number(process.hrtime.bigint() - start) / 1e9;
process.stdout.write(JSON.stringify({
  iterations: n, sign_per_s: n / signSeconds, verify_per_s: n / verifySeconds, verified
}));
