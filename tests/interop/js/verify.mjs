// verify with Digital Bazaar's stack, offline: one JSON request on stdin, one JSON answer on stdout.
// Request and answer formats: see verify() in ops.mjs.
import {verify} from './ops.mjs';
import {readStdinJson} from './loader.mjs';

process.stdout.write(JSON.stringify(await verify(await readStdinJson())));
