// The number of peers the node is connected to (system_health), once it reaches the wanted
// number (first argument) or after 100 seconds: zombienet evaluates a script's result once.
async function run(nodeName, networkInfo, args) {
  const wanted = Number(args[0] ?? 1);
  const { wsUri, userDefinedTypes } = networkInfo.nodesByName[nodeName];
  const api = await zombie.connect(wsUri, userDefinedTypes);
  const deadline = Date.now() + 100_000;
  let peers = 0;
  for (;;) {
    peers = (await api.rpc.system.health()).peers.toNumber();
    if (peers >= wanted || Date.now() > deadline) break;
    await new Promise((resolve) => setTimeout(resolve, 2_000));
  }
  await api.disconnect();
  return peers;
}

module.exports = { run };
