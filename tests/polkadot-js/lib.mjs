// What the polkadot.js checks share: a connection without custom types, a tally of checks, a
// watchdog, and sending a transaction until it is in a block.

import { ApiPromise, WsProvider } from '@polkadot/api';

const LIMIT_MS = 300_000;

let passed = 0;
let failed = 0;

/// Records one check and prints it.
export function check(name, ok, detail = '') {
  if (ok) {
    passed += 1;
    console.log(`ok   ${name}`);
  } else {
    failed += 1;
    console.log(`FAIL ${name} ${detail}`);
  }
}

/// Connects to the node at argv[2] (default ws://127.0.0.1:9944), with no custom types, and
/// fails the run if it is not over within LIMIT_MS.
export async function connect() {
  const url = process.argv[2] ?? 'ws://127.0.0.1:9944';
  setTimeout(() => {
    console.log(`FAIL no result after ${LIMIT_MS / 1000} s`);
    console.log(`polkadot-js: ${passed} passed, ${failed + 1} failed`);
    process.exit(1);
  }, LIMIT_MS).unref();
  return ApiPromise.create({ provider: new WsProvider(url), throwOnConnect: true });
}

/// Prints the tally, disconnects and exits with its status.
export async function finish(api, suite) {
  await api.disconnect();
  console.log(`polkadot-js ${suite}: ${passed} passed, ${failed} failed`);
  process.exit(failed === 0 ? 0 : 1);
}

/// Signs and sends `tx` from `signer`; resolves once it is in a block with its events and,
/// if it failed, its error as `section.Name` (for example `ids.BadSignature`).
export function send(api, tx, signer) {
  return new Promise((resolve, reject) => {
    tx.signAndSend(signer, ({ status, events, dispatchError }) => {
      if (status.isInBlock) {
        let error = null;
        if (dispatchError?.isModule) {
          const { section, name } = api.registry.findMetaError(dispatchError.asModule);
          error = `${section}.${name}`;
        } else if (dispatchError) {
          error = dispatchError.toString();
        }
        resolve({ events, error });
      } else if (status.isInvalid || status.isDropped || status.isUsurped) {
        reject(new Error(`transaction ${status.type}`));
      }
    }).catch(reject);
  });
}
