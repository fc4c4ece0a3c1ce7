// The registry and IDS story a dApp tells on a dev node, with @polkadot/api and no custom
// types: the council (sudo on the dev chain) registers a participant, who registers a device
// with its own ed25519 key; the council publishes a rule set; the device signs an alert report
// that its operator relays. A forged signature and a replayed period are refused with their
// errors, and the IdsApi runtime API reports the attestation.
//
// Usage: node ids.mjs ws://127.0.0.1:9944

import { Keyring } from '@polkadot/keyring';
import { blake2AsHex, cryptoWaitReady, decodeAddress } from '@polkadot/util-crypto';
import { compactAddLength, stringToU8a, u8aConcat } from '@polkadot/util';

import { check, connect, finish, send } from './lib.mjs';

const ATTESTATION_CONTEXT = 'msec/ids/attest-alerts/v1';
const MS_PER_DAY = 86_400_000;

await cryptoWaitReady();
const api = await connect();
const accounts = new Keyring({ type: 'sr25519', ss58Format: api.registry.chainSS58 });
const devices = new Keyring({ type: 'ed25519' });
const alice = accounts.addFromUri('//Alice');
const ferdie = accounts.addFromUri('//Ferdie');
const sensorKey = devices.addFromUri('//Ferdie//traffic-1');
const impostor = devices.addFromUri('//Mallory//traffic-1');

/// Sends `tx` and records a check that it succeeded; its events.
async function expectOk(name, tx, signer) {
  const { events, error } = await send(api, tx, signer)
    .catch((failure) => ({ events: [], error: failure.message }));
  check(name, error === null, error ?? '');
  return events;
}

/// Sends `tx` and records a check that it failed with `expected` (`section.Name`).
async function expectError(name, tx, signer, expected) {
  const { error } = await send(api, tx, signer)
    .catch((failure) => ({ error: failure.message }));
  check(name, error === expected, `expected ${expected}, got ${error}`);
}

/// Sudo's own outcome is in its Sudid event: the inner call's result.
function sudid(events) {
  const record = events.find(({ event }) => api.events.sudo.Sudid.is(event));
  return record?.event.data.sudoResult.isOk === true;
}

// 1. The council registers Ferdie as an EU provider.
const roles = { provider: true, buyer: false, security: false };
const registered = await expectOk('sudo registers a participant',
  api.tx.sudo.sudo(api.tx.registry.registerParticipant(ferdie.address, 'Eu', roles)), alice);
const participant = await api.query.registry.participants(ferdie.address);
check('the participant is on chain, EU provider', sudid(registered) && participant.isSome &&
  participant.unwrap().jurisdiction.isEu && participant.unwrap().roles.provider.isTrue,
  participant.toHuman());

// 2. Ferdie registers a traffic sensor that signs with its own ed25519 key. The key proves it
//    lets Ferdie register it: it signs the SCALE encoding of the context tag, the genesis hash
//    (both as byte strings) and Ferdie's account. Someone else's key is refused.
const firmware = blake2AsHex('traffic-sensor-firmware-2.1');
const possessionPayload = u8aConcat(
  compactAddLength(stringToU8a('msec/registry/key-possession/v1')),
  compactAddLength(api.genesisHash.toU8a()),
  decodeAddress(ferdie.address));
await expectError('a device key its holder did not sign for is refused',
  api.tx.registry.registerDevice({ Ed25519: sensorKey.publicKey }, 'Sensor', firmware,
    { Ed25519: impostor.sign(possessionPayload) }), ferdie, 'registry.BadKeyProof');
const deviceEvents = await expectOk('a provider registers a device',
  api.tx.registry.registerDevice({ Ed25519: sensorKey.publicKey }, 'Sensor', firmware,
    { Ed25519: sensorKey.sign(possessionPayload) }), ferdie);
const deviceRegistered = deviceEvents.find(({ event }) => api.events.registry.DeviceRegistered.is(event));
check('DeviceRegistered names the device', deviceRegistered !== undefined);
const deviceId = deviceRegistered?.event.data.device.toNumber() ?? -1;

// 3. The council publishes rule set 2.
const latest = (await api.query.ids.latestRuleset()).toNumber();
const version = latest + 1;
const published = await expectOk('sudo publishes a rule set',
  api.tx.sudo.sudo(api.tx.ids.publishRuleset(version, blake2AsHex('rules-v2'), 250)), alice);
check('the rule set is published', sudid(published) &&
  (await api.query.ids.rulesets(version)).isSome);

// 4. The sensor signs a report of the last minute that ended; Ferdie relays it.
const now = (await api.query.timestamp.now()).toNumber();
const report = api.createType(api.tx.ids.attestAlerts.meta.args[0].type.toString(), {
  device: deviceId,
  ruleset: version,
  periodStart: now - 120_000,
  periodEnd: now - 60_000,
  alertCount: 4,
  maxSeverity: 'High',
  ruleIds: [12, 80, 201],
  alertsRoot: blake2AsHex('alert records of the minute'),
});
const payload = u8aConcat(
  compactAddLength(stringToU8a(ATTESTATION_CONTEXT)),
  compactAddLength(api.genesisHash.toU8a()),
  report.toU8a(),
);

await expectError('a forged signature is refused with ids.BadSignature',
  api.tx.ids.attestAlerts(report, { Ed25519: impostor.sign(payload) }), ferdie, 'ids.BadSignature');

const signature = { Ed25519: sensorKey.sign(payload) };
const attested = await expectOk('the device-signed report is attested',
  api.tx.ids.attestAlerts(report, signature), ferdie);
const event = attested.find(({ event }) => api.events.ids.AlertsAttested.is(event));
check('AlertsAttested names the device and its alerts', event !== undefined &&
  event.event.data.device.toNumber() === deviceId && event.event.data.alertCount.toNumber() === 4,
  event?.event.toHuman());

await expectError('the replayed period is refused with ids.PeriodOverlaps',
  api.tx.ids.attestAlerts(report, signature), ferdie, 'ids.PeriodOverlaps');

// 5. The IdsApi runtime API, from the metadata.
const summaries = await api.call.idsApi.summaries(now - MS_PER_DAY, now);
const today = summaries.isOk ? summaries.asOk.toJSON() : [];
const eu = today.flatMap((day) => day.byJurisdiction).find(([jurisdiction]) => jurisdiction.eu === null);
check('IdsApi.summaries counts the alerts under the EU', eu !== undefined && eu[1].alerts >= 4,
  JSON.stringify(summaries.toJSON()));
const attestations = (await api.call.idsApi.deviceAttestations(deviceId)).toJSON();
check('IdsApi.deviceAttestations lists the attestation with its confidence',
  attestations.length === 1 && attestations[0].periodEnd === now - 60_000 &&
  attestations[0].confidence > 0, JSON.stringify(attestations));

const range = await api.call.idsApi.summaries(now, now - 1);
check('IdsApi.summaries refuses an inverted range', range.isErr && range.asErr.isInverted,
  JSON.stringify(range.toJSON()));

await finish(api, 'registry and IDS');
