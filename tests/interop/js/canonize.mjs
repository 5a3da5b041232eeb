// canonize with Digital Bazaar's stack, offline: one JSON request on stdin, one JSON answer on stdout.
// Request and answer formats: see canonize() in ops.mjs.
import {canonize} from './ops.mjs';
import {readStdinJson} from './loader.mjs';

process.stdout.write(JSON.stringify(await canonize(await readStdinJson())));
