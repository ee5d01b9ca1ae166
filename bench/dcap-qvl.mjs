// SPDX-License-Identifier: MIT
// Times @phala/dcap-qvl (pure JS) and @phala/dcap-qvl-web (WASM build of
// the Rust crate) on one quote, its collateral bundle and a fixed time.
// Each call is a full verification from the raw bytes (neither library
// caches between calls). Prints one JSON line per library.
// usage: node dcap-qvl.mjs NODE_MODULES QUOTE COLLATERAL_JSON UNIX_TIME SECONDS
//        node dcap-qvl.mjs NODE_MODULES QUOTE COLLATERAL_JSON UNIX_TIME serve
// serve (for bench/whole.c): prints "ready JS_STATUS WEB_STATUS", then for
// each line "j" or "w" on stdin one verification with that library and a
// line with its time in microseconds.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';

const [nm, quotePath, collPath, atStr, secStr] = process.argv.slice(2);
const require = createRequire(nm + '/');
const quote = new Uint8Array(readFileSync(quotePath));
const coll = JSON.parse(readFileSync(collPath, 'utf8'));
const at = Number(atStr);
const seconds = Number(secStr);

function time(name, fn) {
    let result = fn();		// warm-up, and the answer to report
    const runs = [];
    const deadline = process.hrtime.bigint() + BigInt(Math.round(seconds * 1e9));
    while (process.hrtime.bigint() < deadline || runs.length < 5) {
        const t0 = process.hrtime.bigint();
        fn();
        runs.push(Number(process.hrtime.bigint() - t0) / 1e3);
    }
    runs.sort((a, b) => a - b);
    console.log(JSON.stringify({ name, status: result.status, advisory_ids: result.advisory_ids,
        runs: runs.length, median_us: runs[runs.length >> 1], min_us: runs[0] }));
}

const js = require('@phala/dcap-qvl');
const webDir = nm + '/@phala/dcap-qvl-web/';
const web = await import(pathToFileURL(webDir + 'dcap-qvl-web.js').href);
web.initSync({ module: readFileSync(webDir + 'dcap-qvl-web_bg.wasm') });
const fns = { j: () => js.verify(quote, coll, at), w: () => web.js_verify(Array.from(quote), coll, BigInt(at)) };

if (secStr === 'serve') {
    const { createInterface } = await import('node:readline');
    const sj = fns.j().status, sw = fns.w().status;
    for (let i = 0; i < 20; i++) { fns.j(); fns.w(); }
    process.stdout.write(`ready ${sj} ${sw}\n`);
    for await (const line of createInterface({ input: process.stdin })) {
        const fn = fns[line.trim()];
        const t0 = process.hrtime.bigint();
        fn();
        process.stdout.write(`${Number(process.hrtime.bigint() - t0) / 1e3}\n`);
    }
} else {
    time('@phala/dcap-qvl', fns.j);
    time('@phala/dcap-qvl-web', fns.w);
}
