// The marketplace story a dApp tells on a dev node, with @polkadot/api and no custom types:
// Alice lists the readings of her sensor, which are Ferdie's personal data; Dave's purchase
// for a purpose Ferdie has not consented to fails with the consent error; after Ferdie's
// `consent.grant` the same purchase succeeds, naming the price and listing version Dave read;
// Alice's node records its key epoch and delivers the key; Alice confirms the epoch once it
// ended; Bob settles after the dispute window, and exactly the escrow moves: to Alice, the
// marketplace fee, and back to Dave.
//
// Usage: node marketplace.mjs ws://127.0.0.1:9944

import { Keyring } from '@polkadot/keyring';
import { blake2AsHex, cryptoWaitReady, encodeAddress } from '@polkadot/util-crypto';
import { stringToU8a, u8aConcat, u8aToHex } from '@polkadot/util';

import { check, connect, finish, send } from './lib.mjs';

const MSEC = 10n ** 12n;
const SENSOR = 0; // Alice's air-quality sensor in the development preset

await cryptoWaitReady();
const api = await connect();
const keyring = new Keyring({ type: 'sr25519', ss58Format: api.registry.chainSS58 });
const [alice, bob, dave, ferdie] = ['//Alice', '//Bob', '//Dave', '//Ferdie'].map((uri) => keyring.addFromUri(uri));
// The marketplace's account: "modl" + its PalletId, padded to 32 bytes.
const feeAccount = encodeAddress(u8aConcat(stringToU8a('modl'), stringToU8a('msec/mkt'), new Uint8Array(20)),
  api.registry.chainSS58);

async function submit(tx, signer) {
  return send(api, tx, signer).catch((failure) => ({ events: [], error: failure.message }));
}

function eventOf(events, event) {
  return events.find((record) => event.is(record.event))?.event;
}

async function free(address) {
  return (await api.query.system.account(address)).data.free.toBigInt();
}

async function escrowHeld(address) {
  const holds = await api.query.balances.holds(address);
  const escrow = holds.find((hold) => hold.id.isMarketplace && hold.id.asMarketplace.isEscrow);
  return escrow ? escrow.amount.toBigInt() : 0n;
}

async function bestNumber() {
  return (await api.rpc.chain.getHeader()).number.toNumber();
}

async function waitForBlock(number) {
  while ((await bestNumber()) < number) {
    await new Promise((resolve) => setTimeout(resolve, 1_000));
  }
}

// 1. Alice lists a stream of one-block epochs at 1 MSEC each; her node records key epoch 0
//    and its commitment.
const listed = await submit(api.tx.marketplace.createListing(
  { Stream: { epochLength: 1 } }, blake2AsHex('air quality, Calle Alta'), MSEC,
  ['PublicBenefit'], ferdie.address, SENSOR), alice);
const listing = eventOf(listed.events, api.events.marketplace.ListingCreated)?.data.listing.toNumber();
check('a provider lists personal data from a sensor', listed.error === null && listing !== undefined,
  listed.error ?? '');
const rekeyed = await submit(api.tx.marketplace.rekey(listing, 0, blake2AsHex('key of epoch 0')), alice);
check('the provider records its key epoch', rekeyed.error === null, rekeyed.error ?? '');

// 2. Without Ferdie's consent the purchase fails with the consent error. A purchase names the
//    price it accepts and the listing version its buyer read.
const seen = (await api.query.marketplace.listings(listing)).unwrap();
const buyerKey = new Uint8Array(32).fill(7);
const purchaseTx = () => api.tx.marketplace.purchase(listing, 1, 'PublicBenefit', buyerKey, seen.price, seen.version);
const stale = await submit(api.tx.marketplace.purchase(listing, 1, 'PublicBenefit', buyerKey, seen.price,
  seen.version.toNumber() + 1), dave);
check('a purchase naming another listing version fails with marketplace.ListingChanged',
  stale.error === 'marketplace.ListingChanged', `got ${stale.error}`);
const refused = await submit(purchaseTx(), dave);
check('a purchase without consent fails with marketplace.ConsentMissing',
  refused.error === 'marketplace.ConsentMissing', `got ${refused.error}`);

// 3. Ferdie consents; the same purchase succeeds and holds the price in escrow.
const granted = await submit(api.tx.consent.grant(alice.address, ['PublicBenefit'], 'Consent', [], null,
  blake2AsHex('privacy notice v1')), ferdie);
check('the subject grants consent', granted.error === null, granted.error ?? '');
const consents = await api.call.consentApi.consents(ferdie.address);
check('ConsentApi lists the consent as active', consents.length === 1 && consents[0].status.isActive,
  JSON.stringify(consents.toJSON()));

const escrowBefore = await escrowHeld(dave.address);
const bought = await submit(purchaseTx(), dave);
const purchased = eventOf(bought.events, api.events.marketplace.Purchased);
check('after consent the same purchase succeeds', bought.error === null && purchased !== undefined,
  bought.error ?? '');
const purchase = purchased?.data.purchase.toNumber();
const escrow = purchased?.data.escrow.toBigInt() ?? 0n;
check('the price is held in escrow', escrow === MSEC && (await escrowHeld(dave.address)) - escrowBefore === MSEC);

// 4. Alice delivers the wrapped key of epoch 0; Dave reads it with its commitment.
const delivered = await submit(
  api.tx.marketplace.deliverKey(purchase, 0, u8aToHex(new Uint8Array(80).fill(0xab))), // Bytes: hex, not a raw Uint8Array
  alice);
check('the provider delivers the key', delivered.error === null, delivered.error ?? '');
const keys = await api.call.marketplaceApi.purchaseKeys(purchase);
check('MarketplaceApi gives the buyer its keys with their commitments',
  keys.length === 1 && keys[0][0].toNumber() === 0 && keys[0][1].toHex() === blake2AsHex('key of epoch 0'),
  JSON.stringify(keys.toJSON()));

// 5. Once the epoch ended and the confirmation delay passed, Alice confirms it.
const timings = (await api.query.marketplace.timingsOverride()).unwrap();
const start = (await api.call.marketplaceApi.purchase(purchase)).unwrap().start.toNumber();
const confirmFrom = start + 1 + timings.confirmationDelay.toNumber();
const early = await submit(api.tx.marketplace.confirmDelivery(purchase, 0, 60, blake2AsHex('epoch 0')), alice);
check('a confirmation before the epoch ended fails with marketplace.EpochNotEnded',
  (await bestNumber()) >= confirmFrom || early.error === 'marketplace.EpochNotEnded', `got ${early.error}`);
await waitForBlock(confirmFrom);
const confirmed = early.error === null ? early
  : await submit(api.tx.marketplace.confirmDelivery(purchase, 0, 60, blake2AsHex('epoch 0')), alice);
check('the provider confirms the ended epoch', confirmed.error === null, confirmed.error ?? '');

// 6. After the last confirmation deadline and the dev chain's dispute window Bob settles;
//    exactly the escrow moves.
const disputeDeadline = confirmFrom + timings.confirmationPeriod.toNumber() + timings.disputeWindow.toNumber();
await waitForBlock(disputeDeadline + 1);
const [aliceBefore, feesBefore, daveBefore] = await Promise.all([free(alice.address), free(feeAccount), free(dave.address)]);
const settled = await submit(api.tx.marketplace.settle(purchase), bob);
const outcome = eventOf(settled.events, api.events.marketplace.PurchaseSettled)?.data;
check('anyone settles after the dispute window', settled.error === null && outcome !== undefined, settled.error ?? '');
const [paid, fee, refunded] = outcome ? [outcome.paid, outcome.fee, outcome.refunded].map((x) => x.toBigInt()) : [0n, 0n, 0n];
const [aliceAfter, feesAfter, daveAfter] = await Promise.all([free(alice.address), free(feeAccount), free(dave.address)]);
check('settlement moves exactly the escrow: paid + fee + refund', paid + fee + refunded === escrow,
  `${paid} + ${fee} + ${refunded} != ${escrow}`);
check('the provider receives the price minus the 2% fee', aliceAfter - aliceBefore === paid && paid === MSEC * 98n / 100n,
  `${aliceAfter - aliceBefore}`);
check('the marketplace account receives the fee', feesAfter - feesBefore === fee, `${feesAfter - feesBefore}`);
check('the buyer gets the undelivered rest back (none here)', daveAfter - daveBefore === refunded &&
  (await escrowHeld(dave.address)) === escrowBefore);
check('MarketplaceApi shows the purchase settled',
  (await api.call.marketplaceApi.purchase(purchase)).unwrap().state.isSettled);

await finish(api, 'marketplace and consent');
