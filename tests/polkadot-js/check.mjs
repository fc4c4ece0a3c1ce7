// Checks, as a wallet or dApp would, that @polkadot/api works with msec-node without any custom
// types: it connects, reads the MSEC token from the chain properties, signs a transfer with the
// transaction extensions it learns from the metadata, and sees it succeed.
//
// Usage: node check.mjs ws://127.0.0.1:9944

import { Keyring } from '@polkadot/keyring';

import { check, connect, finish, send } from './lib.mjs';

const MSEC = 10n ** 12n;

const api = await connect();

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

const { events, error } = await send(api, api.tx.balances.transferKeepAlive(bob.address, amount), alice)
  .catch((failure) => ({ events: [], error: failure.message }));
check('signed transfer included and succeeded', error === null, error ?? '');

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

await finish(api, 'tokens and transfers');
