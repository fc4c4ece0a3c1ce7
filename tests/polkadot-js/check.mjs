// Checks, as a wallet or dApp would, that @polkadot/api works with msec-node without any custom
// types: it connects, reads the MSEC token from the chain properties, signs a transfer with the
// transaction extensions it learns from the metadata, and sees it succeed.
//
// Usage: node check.mjs ws://127.0.0.1:9944

import { ApiPromise, WsProvider } from '@polkadot/api';
import { Keyring } from '@polkadot/keyring';

const url = process.argv[2] ?? 'ws://127.0.0.1:9944';
const LIMIT_MS = 120_000;
const MSEC = 10n ** 12n;

let passed = 0;
let failed = 0;
function check(name, ok, detail = '') {
  if (ok) {
    passed += 1;
    console.log(`ok   ${name}`);
  } else {
    failed += 1;
    console.log(`FAIL ${name} ${detail}`);
  }
}

const watchdog = setTimeout(() => {
  console.log(`FAIL no result after ${LIMIT_MS / 1000} s`);
  console.log(`polkadot-js: ${passed} passed, ${failed + 1} failed`);
  process.exit(1);
}, LIMIT_MS);

const api = await ApiPromise.create({ provider: new WsProvider(url), throwOnConnect: true });

check('chain properties: tokenSymbol MSEC', api.registry.chainTokens[0] === 'MSEC',
  `got ${api.registry.chainTokens}`);
check('chain properties: tokenDecimals 12', api.registry.chainDecimals[0] === 12,
  `got ${api.registry.chainDecimals}`);
check('chain properties: ss58Format 42', api.registry.chainSS58 === 42,
  `got ${api.registry.chainSS58}`);

const keyring = new Keyring({ type: 'sr25519', ss58Format: api.registry.chainSS58 });
const alice = keyring.addFromUri('//Alice');
const bob = keyring.addFromUri('//Bob');

const { data: before } = await api.query.system.account(bob.address);
const amount = 3n * MSEC;

const events = await new Promise((resolve, reject) => {
  api.tx.balances
    .transferKeepAlive(bob.address, amount)
    .signAndSend(alice, ({ status, events, dispatchError }) => {
      if (dispatchError) reject(new Error(`dispatch failed: ${dispatchError.toString()}`));
      else if (status.isInBlock) resolve(events);
      else if (status.isInvalid || status.isDropped || status.isUsurped) {
        reject(new Error(`transaction ${status.type}`));
      }
    })
    .catch(reject);
}).catch((error) => {
  check('signed transfer included', false, error.message);
  return [];
});

const transfer = events.find(({ event }) => api.events.balances.Transfer.is(event));
check('signed transfer emits Balances.Transfer', transfer !== undefined &&
  transfer.event.data.to.toString() === bob.address &&
  transfer.event.data.amount.toBigInt() === amount,
  transfer ? transfer.event.toHuman() : 'no Transfer event');
check('fee paid in MSEC', events.some(({ event }) =>
  api.events.transactionPayment.TransactionFeePaid.is(event) &&
  event.data.actualFee.toBigInt() > 0n));

const { data: after } = await api.query.system.account(bob.address);
check('recipient balance grew by the amount', after.free.toBigInt() - before.free.toBigInt() === amount,
  `${before.free} -> ${after.free}`);

clearTimeout(watchdog);
await api.disconnect();
console.log(`polkadot-js: ${passed} passed, ${failed} failed`);
process.exit(failed === 0 ? 0 : 1);
