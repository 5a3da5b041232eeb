// Throughput of Digital Bazaar's stack, for bench/bench_sign_verify.py: one Node process, timed loops.
//
// stdin, one JSON object per line:
//   first:  {"credential": {...}, "seedHex": "…", "created": "…", "theirs": {signed credential}}
//           → {"ready": true, "signed": {JS-signed credential}, "verifies_theirs": bool,
//              "canonical": "N-Quads of the credential"}   (warm-up: contexts loaded, JIT compiled)
//   then:   {"iterations": N} → {"vc_issue": ops/s, "vc_verify": …, "proof_sign": …, "proof_verify": …,
//                                "canonize": …, "verified": bool}
// Each rate is N operations timed inside this process (no start-up), so the Python side can interleave
// rounds of these with its own measurements. Two levels are timed:
//   vc_*     @digitalbazaar/vc issue / verifyCredential (credential checks, then the Data Integrity proof);
//   proof_*  jsonld-signatures sign / verify with the eddsa-rdfc-2022 suite (canonize, hash, Ed25519,
//            resolving the did:key and checking the proof purpose) — the same work as the Python baselines.
//   canonize jsonld.canonize (RDFC-1.0, safe mode) of the credential.
import readline from 'node:readline';
import * as vc from '@digitalbazaar/vc';
import jsigs from 'jsonld-signatures';
import jsonld from 'jsonld';
import {DataIntegrityProof} from '@digitalbazaar/data-integrity';
import {cryptosuite as eddsaRdfc2022CryptoSuite} from '@digitalbazaar/eddsa-rdfc-2022-cryptosuite';
import {errorText, keyFromSeed, makeDocumentLoader} from './loader.mjs';

const {AssertionProofPurpose} = jsigs.purposes;

function perSecond(n, start) {
  return n / (Number(process.hrtime.bigint() - start) / 1e9);
}

async function setUp(input) {
  const documentLoader = makeDocumentLoader(input);
  const key = await keyFromSeed({seedHex: input.seedHex});
  const signSuite = new DataIntegrityProof({signer: key.signer(), cryptosuite: eddsaRdfc2022CryptoSuite});
  signSuite.date = input.created;
  const verifySuite = new DataIntegrityProof({cryptosuite: eddsaRdfc2022CryptoSuite});
  const checkStatus = async () => ({verified: true});
  const credential = input.credential;
  const ops = {
    vcIssue: () => vc.issue({credential: structuredClone(credential), suite: signSuite, documentLoader}),
    vcVerify: signed => vc.verifyCredential({credential: signed, suite: verifySuite, documentLoader, checkStatus}),
    proofSign: () => jsigs.sign(structuredClone(credential), {
      suite: signSuite, purpose: new AssertionProofPurpose(), documentLoader
    }),
    proofVerify: signed => jsigs.verify(signed, {
      suite: verifySuite, purpose: new AssertionProofPurpose(), documentLoader
    }),
    canonize: () => jsonld.canonize(credential, {
      algorithm: 'RDFC-1.0', format: 'application/n-quads', documentLoader, safe: true
    })
  };
  // Warm-up (contexts, JIT) and the cross-checks.
  const signed = await ops.vcIssue();
  const own = await ops.vcVerify(signed);
  if(!own.verified) {
    throw new Error(`the JS stack does not verify its own credential: ${errorText(own.error)}`);
  }
  await ops.proofVerify(await ops.proofSign());
  const theirs = input.theirs ? await ops.vcVerify(input.theirs) : null;
  return {ops, signed, reply: {
    ready: true,
    signed,
    verifies_theirs: theirs ? theirs.verified : null,
    verifies_theirs_error: theirs && !theirs.verified ? errorText(theirs.error) : null,
    canonical: await ops.canonize()
  }};
}

async function round({ops, signed}, n) {
  const rates = {};
  let verified = true;
  let start = process.hrtime.bigint();
  for(let i = 0; i < n; i++) {
    await ops.vcIssue();
  }
  rates.vc_issue = perSecond(n, start);
  start = process.hrtime.bigint();
  for(let i = 0; i < n; i++) {
    verified = (await ops.vcVerify(signed)).verified && verified;
  }
  rates.vc_verify = perSecond(n, start);
  let proofSigned = null;
  start = process.hrtime.bigint();
  for(let i = 0; i < n; i++) {
    proofSigned = await ops.proofSign();
  }
  rates.proof_sign = perSecond(n, start);
  start = process.hrtime.bigint();
  for(let i = 0; i < n; i++) {
    verified = (await ops.proofVerify(proofSigned)).verified && verified;
  }
  rates.proof_verify = perSecond(n, start);
  start = process.hrtime.bigint();
  for(let i = 0; i < n; i++) {
    await ops.canonize();
  }
  rates.canonize = perSecond(n, start);
  return {...rates, verified};
}

let state = null;
const lines = readline.createInterface({input: process.stdin, crlfDelay: Infinity});
for await (const line of lines) {
  if(!line.trim()) {
    continue;
  }
  let reply;
  try {
    const request = JSON.parse(line);
    if(state === null) {
      state = await setUp(request);
      reply = state.reply;
    } else {
      reply = await round(state, request.iterations ?? 50);
    }
  } catch(e) {
    reply = {error: errorText(e)};
  }
  process.stdout.write(JSON.stringify(reply) + '\n');
}
