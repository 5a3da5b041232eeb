// sign with Digital Bazaar's stack, offline: one JSON request on stdin, one JSON answer on stdout.
// Request and answer formats: see sign() in ops.mjs.
import {sign} from './ops.mjs';
import {readStdinJson} from './loader.mjs';

process.stdout.write(JSON.stringify(await sign(await readStdinJson())));
